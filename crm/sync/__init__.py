"""Sync with the central ledger: wire protocol, client engine, merge rules and the server."""
