"""The base of the services' input and output schemas: pydantic models whose validators build on first use."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """A service's typed input or result.

    The desktop imports most service modules before its window shows; building every schema's validator
    then took ~0.1 s of that start (bench/bench_gui.py). Deferred, a schema's validator is built the first
    time it is used (a millisecond or two, once per process). pydantic ≥ 2.14 builds it under a lock, so
    the first use may come from any thread.
    """

    model_config = ConfigDict(defer_build=True)
