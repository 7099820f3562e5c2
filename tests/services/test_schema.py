"""Service schemas build their validators on first use, and that first use may come from any thread."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel, ConfigDict

import crm.services
from crm.services.schema import Schema


def test_every_service_schema_defers_its_validator() -> None:
    # A plain BaseModel here would build its validator while the desktop starts (bench/bench_gui.py).
    eager = []
    for info in pkgutil.iter_modules(crm.services.__path__, "crm.services."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__
                    and not issubclass(obj, Schema)):
                eager.append(f"{module.__name__}.{name}")
    assert eager == []


def test_a_deferred_schema_validates_like_an_eager_one() -> None:
    class Note(Schema):
        model_config = ConfigDict(str_strip_whitespace=True)

        text: str
        stars: int = 0

    assert not Note.__pydantic_complete__
    assert Note.model_validate({"text": "  拜访纪要 ", "stars": "4"}) == Note(text="拜访纪要", stars=4)
    assert Note.__pydantic_complete__


def test_the_first_use_may_come_from_several_threads_at_once() -> None:
    class Row(Schema):
        id: str
        amount: int

    with ThreadPoolExecutor(max_workers=8) as pool:
        rows = list(pool.map(lambda i: Row(id=str(i), amount=str(i)), range(64)))  # type: ignore[arg-type]
    assert [row.amount for row in rows] == list(range(64))
