"""Meeting scheduling for B2B matchmaking events: pure Python, no web code."""
