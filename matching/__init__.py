"""Pure matching engine: ranks suppliers for buyers' needs (no Flask, no SQLAlchemy)."""
