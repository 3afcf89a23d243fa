"""Deck backends: where requests are applied (Google Slides, or offline)."""
