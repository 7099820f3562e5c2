"""Helpers of the bulk loads (demo data, the search index rebuild, a sync bootstrap)."""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk load. A load allocates a list, tuple or dict
    per row, millions of containers that reference counting frees as soon as their batch is written;
    yet their allocation alone sets off a collection every few hundred rows, each walking the young
    objects (7 % of a sync bootstrap, a third of demo-data generation). Cycles made meanwhile are
    collected once it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ahead(items: Iterator[T], *, depth: int, name: str) -> Generator[T, None, None]:
    """The items of ``items``, computed on a helper thread named ``name`` at most ``depth`` items ahead of
    the caller, which meanwhile writes the previous ones (the driver lets go of the GIL while SQLite
    works). An error of the helper is raised here. Closing the generator (do so in a ``finally``: a
    ``for`` loop left by an exception does not) stops the helper after its current item and waits for
    it.

    Give the writer whole statements meanwhile (one per batch, e.g. over a JSON array), not a driver
    ``executemany``: that takes the GIL back after every row, and with this thread running Python each
    row may wait the interpreter's switch interval (5 ms). docs/sync-protocol.md has the figures."""
    out: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: Any) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over(item):
                    return
            hand_over(_END)
        except BaseException as exc:  # handed to the caller's thread and raised there
            hand_over(_Failed(exc))

    helper = threading.Thread(target=produce, name=name, daemon=True)
    helper.start()
    try:
        while (item := out.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        helper.join()
