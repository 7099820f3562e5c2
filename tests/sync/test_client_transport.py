"""HttpTransport over a mocked network: typed errors from error codes, retries, auth, snapshot streams."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from crm.domain.enums import OutboxOp, Role
from crm.sync.client import (
    AuthFailed,
    DeviceRevoked,
    EpochChanged,
    HttpTransport,
    ProtocolError,
    PushGap,
    RateLimited,
    RequestRefused,
    ServerUnavailable,
    WipeRequested,
)
from crm.sync.protocol import EnrolRequest, Mutation, PushRequest

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
USER = {"id": "u" * 36, "username": "wangfang", "display_name": "王芳", "role": Role.RM.value,
        "branch_id": "b" * 36}
STATUS = {"epoch": "e1", "server_time": NOW.isoformat(), "user": USER, "device_id": "d" * 36,
          "last_applied_seq": 3, "head_seq": 10}


def transport(handler: Any, **kw: Any) -> HttpTransport:
    client = httpx.Client(base_url="https://ledger.test", transport=httpx.MockTransport(handler))
    return HttpTransport("https://ledger.test", client=client, sleep=lambda _s: None, **kw)


def push_request() -> PushRequest:
    return PushRequest(epoch="e1", mutations=[Mutation(seq=4, mutation_id="m" * 36, entity="client",
                                                       entity_id="c" * 36, op=OutboxOp.PATCH,
                                                       payload={"notes": "x"}, client_ts=NOW)])


@pytest.mark.parametrize(("status", "body", "expected"), [
    (409, {"code": "push.gap", "expected_seq": 2}, PushGap),
    (409, {"code": "epoch.changed", "epoch": "e2"}, EpochChanged),
    (401, {"code": "device.revoked"}, DeviceRevoked),
    (401, {"code": "auth.invalid"}, AuthFailed),
    (403, {"code": "device.wipe_requested"}, WipeRequested),
    (429, {"code": "auth.throttled"}, RateLimited),
    (403, {"code": "permission.role"}, RequestRefused),
    (422, {"code": "request.invalid"}, RequestRefused),
    (500, {"code": "server.error"}, ServerUnavailable),
    (502, "<html>bad gateway</html>", ServerUnavailable),
])
def test_error_bodies_become_typed_errors(status: int, body: Any, expected: type[Exception]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body, headers={"Retry-After": "7"})

    with pytest.raises(expected) as err:
        transport(handler).push("tok", push_request())
    if expected is PushGap:
        assert err.value.expected_seq == 2  # type: ignore[attr-defined]
    if expected is EpochChanged:
        assert err.value.epoch == "e2"  # type: ignore[attr-defined]
    if expected is RateLimited:
        assert err.value.retry_after == 7  # type: ignore[attr-defined]


def test_gets_are_retried_posts_are_not_and_the_token_is_a_bearer_header() -> None:
    calls: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append((request.method, request.headers.get("authorization", "")))
        if len(calls) < 3:
            return httpx.Response(503, json={"code": "server.error"})
        return httpx.Response(200, json=STATUS)

    t = transport(handler, retries=2)
    assert t.status("secret-token").last_applied_seq == 3
    assert calls == [("GET", "Bearer secret-token")] * 3
    calls.clear()
    with pytest.raises(ServerUnavailable):
        t.push("secret-token", push_request())
    assert len(calls) == 1


def test_connection_errors_are_server_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ServerUnavailable) as err:
        transport(handler, retries=1).pull("tok", 0, 100)
    assert err.value.code == "sync.server_unavailable"


def test_an_answer_that_breaks_the_schema_is_a_protocol_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"epoch": "e1", "changes": "nope"})

    with pytest.raises(ProtocolError):
        transport(handler).pull("tok", 0, 100)


def test_pull_sends_cursor_and_limit() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json={"epoch": "e1", "changes": [], "cursor": 12, "checkpoint": 12,
                                         "has_more": False})

    page = transport(handler).pull("tok", 12, 500)
    assert page.cursor == 12 and seen[0].path == "/v1/pull"
    assert dict(seen[0].params) == {"cursor": "12", "limit": "500"}


LINES = [{"type": "header", "epoch": "e1", "checkpoint": 9, "scopes": ["rm:u"]},
         *({"type": "row", "entity": "client", "data": {"id": f"{i:036d}", "legal_name": "企业" * 50}}
           for i in range(3000)),
         {"type": "end", "rows": 3000}]
BODY = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in LINES).encode()


@pytest.mark.parametrize("mode", ["content-encoding", "payload", "plain"])
def test_snapshot_streams_ndjson_gzipped_either_way(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer tok"
        if mode == "content-encoding":
            return httpx.Response(200, content=gzip.compress(BODY), headers={"Content-Encoding": "gzip"})
        if mode == "payload":
            return httpx.Response(200, content=gzip.compress(BODY))
        return httpx.Response(200, content=BODY)

    assert list(transport(handler).snapshot("tok")) == LINES


def test_snapshot_errors_are_typed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": "device.revoked"})

    with pytest.raises(DeviceRevoked):
        list(transport(handler).snapshot("tok"))


def test_conflicts_and_enrol_parse_their_schemas() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/conflicts":
            return httpx.Response(200, json={"conflicts": [{
                "id": "x" * 36, "entity": "client", "entity_id": "c" * 36, "field": "deposit_balance_fen",
                "user_id": "u" * 36, "created_at": NOW.isoformat()}]})
        body = json.loads(request.content)
        assert "password" in body and request.headers.get("authorization") is None
        return httpx.Response(200, json={"device_id": body["device_id"], "token": "t", "user": USER,
                                         "epoch": "e1", "server_time": NOW.isoformat()})

    t = transport(handler)
    [conflict] = t.conflicts("tok")
    assert conflict.field == "deposit_balance_fen"
    resp = t.enrol(EnrolRequest(username="wangfang", password="pw", device_id="d" * 36))  # noqa: S106
    assert resp.user.username == "wangfang"
