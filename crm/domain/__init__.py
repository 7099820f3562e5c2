"""Domain layer: tables, enums and pure value rules; no I/O beyond SQLModel metadata."""
