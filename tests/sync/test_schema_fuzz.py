"""Schemathesis against the ledger's OpenAPI: generated requests, valid and not, never get a 5xx, and
every response matches its documented status code and schema. Bounded: a few examples per operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow
PASSWORD = "Fuzz-pass-2026"  # noqa: S105 - a throwaway ledger
_tokens: dict[str, str] = {}


def _ledger_app() -> Any:
    """An SQLite ledger with an organisation and two enrolled devices, and the app over it.

    Built when the module is collected: schemathesis parametrizes from a schema object, and its lazy
    fixture loader does not support this pytest version.
    """
    import atexit
    import shutil
    import tempfile

    from argon2 import PasswordHasher

    from crm.domain.enums import Role
    from crm.sync.protocol import EnrolRequest
    from crm.sync.server import admin, auth
    from crm.sync.server.app import create_app
    from crm.sync.server.db import open_ledger

    auth.set_hasher(PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))  # tests only
    folder = Path(tempfile.mkdtemp(prefix="crm-fuzz-"))
    atexit.register(shutil.rmtree, folder, True)
    engine = open_ledger(f"sqlite:///{folder / 'ledger.db'}")
    atexit.register(engine.dispose)
    admin.create_branch(engine, code="310101", name="城中支行")
    for n, name in enumerate(("main", "refresh")):
        user = admin.create_user(engine, username=f"fuzz{n}", display_name=f"客户经理{n}", role=Role.RM,
                                 branch_code="310101", password=PASSWORD)
        request = EnrolRequest(username=user.username, password=PASSWORD,
                               device_id=f"00000000-0000-7000-8000-00000000000{n}")
        _tokens[name] = auth.enrol(engine, request, "127.0.0.1").token
    return create_app(engine)


schema = schemathesis.openapi.from_asgi("/openapi.json", _ledger_app())


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_schema(case: Any) -> None:
    path = case.operation.path
    headers = {}
    if path != "/v1/enrol":
        # Rotating the token would lock the other operations out: refresh uses its own device.
        headers["Authorization"] = f"Bearer {_tokens['refresh' if path == '/v1/token/refresh' else 'main']}"
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                             response_schema_conformance])
