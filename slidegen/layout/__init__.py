"""Layout engine: pure functions from plan + template to Slides API requests."""
