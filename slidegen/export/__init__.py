"""Export presentation resources to other formats (.pptx)."""

from __future__ import annotations

from slidegen.export.pptx import PresentationFileError, export_pptx, read_presentation

__all__ = ["PresentationFileError", "export_pptx", "read_presentation"]
