"""Fill an existing deck: put the generated slides into a presentation someone else owns.

The Slides API cannot copy slides between presentations, so the prototype
slides are drawn into the target deck by requests, duplicated into the
generated slides, and deleted again, all in the one batchUpdate that fills
the deck. Nothing else in the deck changes.
"""
