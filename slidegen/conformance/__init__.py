"""Prove the offline engine against real Google Slides: build, sync, compare, report."""
