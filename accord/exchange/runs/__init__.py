"""Allocation runs of a call: drafts over the allocation engine, publishing, offers and later rounds."""
