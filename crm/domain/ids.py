"""Time-ordered UUIDv7 identifiers, generated on the device so offline creates have stable ids."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """RFC 9562 UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter and random bits.

    The counter keeps ids monotonic within one millisecond on this process, so bulk inserts stay
    in index order (cheap B-tree appends).
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return uuid.UUID(int=value)


def new_id() -> str:
    return str(uuid7())


def uuid7_from(ms: int, rng_bits: int) -> str:
    """A UUIDv7 for a given timestamp and 74 random bits: deterministic ids for seeded demo data."""
    counter = (rng_bits >> 62) & 0xFFF
    rand = rng_bits & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return str(uuid.UUID(int=value))
