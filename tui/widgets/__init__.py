"""Reusable pieces of the review app: text highlighting, paged tables, score bars, job progress."""
