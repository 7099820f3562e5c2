"""`bulk.ahead`: items in order from a helper thread, its error raised here, closing stops it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from crm.services import bulk


def test_items_arrive_in_order_and_an_error_of_the_helper_is_raised_here() -> None:
    def items() -> Iterator[int | None]:
        yield 1
        yield None  # any value is an item, None included
        raise ValueError("broken batch")

    stream = bulk.ahead(items(), depth=2, name="test-ahead")
    assert next(stream) == 1
    assert next(stream) is None
    with pytest.raises(ValueError, match="broken batch"):
        next(stream)


def test_closing_stops_the_helper() -> None:
    made: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            made.append(n)
            yield n
            n += 1

    stream = bulk.ahead(endless(), depth=2, name="test-ahead-endless")
    assert next(stream) == 0
    stream.close()
    assert not any(t.name == "test-ahead-endless" for t in threading.enumerate())
    assert len(made) <= 5  # at most the queue's depth and one item in hand beyond what was read
