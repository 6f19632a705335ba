"""briefgen serve: the meeting's documents in the browser while the clerk edits."""
