"""How the engine reaches the ledger: a small `Transport` protocol and its HTTP implementation over httpx."""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx
import orjson
from pydantic import ValidationError as PydanticValidationError

from crm import __version__
from crm.sync.client.errors import (
    AuthFailed,
    DeviceRevoked,
    EpochChanged,
    ProtocolError,
    PushGap,
    RateLimited,
    RequestRefused,
    ServerUnavailable,
    SyncError,
    WipeRequested,
)
from crm.sync.protocol import (
    API,
    ConflictInfo,
    ConflictsResponse,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    PullResponse,
    PushRequest,
    PushResponse,
    StatusResponse,
    TokenResponse,
)

log = logging.getLogger(__name__)


class Transport(Protocol):
    """The ledger's endpoints (docs/sync-protocol.md). Implementations raise the errors of
    crm.sync.client.errors; the token is passed on every call so a transport holds no session state."""

    def enrol(self, request: EnrolRequest) -> EnrolResponse: ...

    def refresh(self, token: str) -> TokenResponse: ...

    def status(self, token: str) -> StatusResponse: ...

    def snapshot(self, token: str) -> Iterator[dict[str, Any]]:
        """The snapshot's lines as parsed JSON objects: a header, rows ("row" lines, or "batch" lines of
        rows as arrays), an end. Closing the iterator early releases the stream. Rows stay plain dicts
        and lists: validating 250,000 of them one by one would cost more than inserting them."""
        ...

    def push(self, token: str, request: PushRequest) -> PushResponse: ...

    def pull(self, token: str, cursor: int, limit: int) -> PullResponse: ...

    def conflicts(self, token: str) -> list[ConflictInfo]: ...

    def wipe_ack(self, token: str) -> None: ...


DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# A snapshot of a large book can take a while to produce its first byte and to stream.
SNAPSHOT_TIMEOUT = httpx.Timeout(120.0, connect=5.0)
_GZIP_MAGIC = b"\x1f\x8b"


class HttpTransport:
    """`Transport` over HTTPS. GETs are retried on connection errors and 5xx (they change nothing);
    POSTs never are here: a push is made safe to repeat by its sequence numbers, so the engine simply
    sends it again at the next sync."""

    def __init__(self, base_url: str, *, timeout: httpx.Timeout = DEFAULT_TIMEOUT, retries: int = 2,
                 backoff: float = 0.5, client: httpx.Client | None = None, verify: bool | str = True,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._client = client or httpx.Client(
            base_url=self.base_url, timeout=timeout, verify=verify,
            headers={"User-Agent": f"bank-rm-crm/{__version__}", "Accept": "application/json"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- endpoints -------------------------------------------------------------------------------

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        resp = self._send("POST", "/enrol", json_body=request.model_dump(mode="json"))
        return _parse(EnrolResponse, resp)

    def refresh(self, token: str) -> TokenResponse:
        return _parse(TokenResponse, self._send("POST", "/token/refresh", token=token))

    def status(self, token: str) -> StatusResponse:
        return _parse(StatusResponse, self._send("GET", "/status", token=token))

    def push(self, token: str, request: PushRequest) -> PushResponse:
        resp = self._send("POST", "/push", token=token, json_body=request.model_dump(mode="json"))
        return _parse(PushResponse, resp)

    def pull(self, token: str, cursor: int, limit: int) -> PullResponse:
        resp = self._send("GET", "/pull", token=token, params={"cursor": cursor, "limit": limit})
        return _parse(PullResponse, resp)

    def conflicts(self, token: str) -> list[ConflictInfo]:
        return list(_parse(ConflictsResponse, self._send("GET", "/conflicts", token=token)).conflicts)

    def wipe_ack(self, token: str) -> None:
        self._send("POST", "/wipe-ack", token=token)

    def snapshot(self, token: str) -> Iterator[dict[str, Any]]:
        # The "batch" layout (rows as arrays of stored values); a ledger that does not know it sends rows.
        request = self._client.build_request("GET", API + "/snapshot", headers=_auth(token),
                                             params={"layout": "batch"}, timeout=SNAPSHOT_TIMEOUT)
        attempt = 0
        while True:
            try:
                resp = self._client.send(request, stream=True)
            except httpx.TransportError as exc:
                if attempt < self.retries:
                    attempt += 1
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise ServerUnavailable(type(exc).__name__, server=self.base_url) from exc
            if resp.status_code >= 500 and attempt < self.retries:
                resp.close()
                attempt += 1
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            break
        try:
            if resp.status_code >= 400:
                resp.read()
                raise self._error(resp)
            yield from _ndjson(resp)
        except httpx.TransportError as exc:
            # Mid-stream: the caller's bootstrap is abandoned and redone next time, never half-used.
            raise ServerUnavailable(type(exc).__name__, server=self.base_url) from exc
        finally:
            resp.close()

    # -- plumbing --------------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, token: str | None = None, json_body: Any = None,
              params: dict[str, Any] | None = None) -> httpx.Response:
        retries = self.retries if method == "GET" else 0
        attempt = 0
        while True:
            try:
                resp = self._client.request(method, API + path, json=json_body, params=params,
                                            headers=_auth(token))
            except httpx.TransportError as exc:
                if attempt < retries:
                    attempt += 1
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise ServerUnavailable(type(exc).__name__, server=self.base_url) from exc
            if resp.status_code < 400:
                return resp
            if resp.status_code >= 500 and attempt < retries:
                attempt += 1
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            raise self._error(resp)

    def _error(self, resp: httpx.Response) -> SyncError:
        status = resp.status_code
        try:
            body = ErrorBody.model_validate_json(resp.content)
        except (PydanticValidationError, ValueError):
            body = ErrorBody(code="")
        log.info("ledger answered %s %s", status, body.code or "-")
        if status >= 500:
            return ServerUnavailable(f"http {status}", server=self.base_url)
        if body.code == "push.gap" and body.expected_seq is not None:
            return PushGap(body.expected_seq, body.detail)
        if body.code == "epoch.changed":
            return EpochChanged(body.epoch, body.detail)
        if body.code == "device.revoked":
            return DeviceRevoked(body.detail)
        if body.code == "device.wipe_requested":
            return WipeRequested(body.detail)
        if status == 429:
            return RateLimited(_retry_after(resp), body.detail)
        if status in (401, 403) and (status == 401 or body.code.startswith(("auth.", "device.", "token."))):
            return AuthFailed(body.code, body.detail)
        return RequestRefused(body.code or f"http.{status}", status, body.detail)


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _retry_after(resp: httpx.Response) -> float | None:
    try:
        return float(resp.headers.get("Retry-After", ""))
    except ValueError:
        return None


def _parse(model: Any, resp: httpx.Response) -> Any:
    try:
        return model.model_validate_json(resp.content)
    except PydanticValidationError as exc:
        raise ProtocolError(f"{model.__name__}: {exc.error_count()} invalid fields") from None


def _ndjson(resp: httpx.Response) -> Iterator[dict[str, Any]]:
    """Lines of an NDJSON body that may be gzip twice over: by Content-Encoding (httpx undoes that) or
    as a gzip payload (application/x-ndjson+gzip), which we undo here."""
    inflate: Any = None
    # The pieces of the line being received: a batch line spans many chunks, and joining them once it
    # is whole copies each byte once (appending chunk by chunk would copy the line again per chunk).
    parts: list[bytes] = []
    head: bytes | None = b""  # the first bytes, until there are enough to recognise gzip
    for chunk in resp.iter_bytes():
        if head is not None:
            head += chunk
            if len(head) < 2:
                continue
            chunk, head = head, None
            if chunk[:2] == _GZIP_MAGIC:
                inflate = zlib.decompressobj(wbits=31)
        data = inflate.decompress(chunk) if inflate is not None else chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            if data:
                parts.append(data)
            continue
        parts.append(data[:cut])
        block = b"".join(parts)
        parts = [data[cut + 1:]]
        yield from _lines(block)
    if head:
        parts.append(head)
    if inflate is not None:
        parts.append(inflate.flush())
    rest = b"".join(parts)
    if rest.strip():
        yield from _lines(rest)


def _lines(block: bytes) -> list[dict[str, Any]]:
    """Parse a block of whole lines, one orjson call per line: half a million short lines parse several
    times faster than as one big array (which also keeps them all alive at once)."""
    loads = orjson.loads
    try:
        items = [loads(line) for line in block.split(b"\n") if line.strip()]
    except orjson.JSONDecodeError:
        raise ProtocolError("snapshot: a line is not JSON") from None
    for item in items:
        if not isinstance(item, dict):
            raise ProtocolError("snapshot: a line is not an object")
    return items
