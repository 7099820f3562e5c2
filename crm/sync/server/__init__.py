"""The central ledger: a FastAPI app over the same SQLModel models."""
