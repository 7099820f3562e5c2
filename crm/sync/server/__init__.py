"""The central ledger: a FastAPI app over the same SQLModel models, plus the ledger-only tables.

Importing this package registers the ledger's own tables (crm.sync.server.models) on SQLModel.metadata;
laptops never import it (import-linter contract in pyproject.toml).
"""

from crm.sync.server import models as _models  # noqa: F401  (registers the ledger tables)
