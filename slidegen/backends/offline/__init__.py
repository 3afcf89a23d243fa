"""The offline backend: a deck engine that applies Slides API requests with the API's rules.

engine.OfflineDeck          one presentation resource + batchUpdate semantics
schema.validate_batch_body  the discovery-schema check of a request body
text                        the API text model (UTF-16 indexes, paragraphs, runs)
tables                      tables: rows, columns, borders, merged cells
masks                       field masks checked against the schema and applied
backend.OfflineBackend      the DeckBackend protocol, in memory
"""

from __future__ import annotations

from slidegen.backends.offline.backend import OfflineBackend
from slidegen.backends.offline.engine import OfflineDeck
from slidegen.backends.offline.schema import validate_batch_body

__all__ = ["OfflineBackend", "OfflineDeck", "validate_batch_body"]
