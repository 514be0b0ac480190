"""Buyers' needs and the suppliers recommended for them (the matching engine behind the
app, over a per-process supplier index)."""
