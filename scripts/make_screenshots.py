#!/usr/bin/env python3
"""Regenerate docs/screenshots/*.png: the main window on each screen, from a seeded demo workspace.

    .venv/bin/python scripts/make_screenshots.py [--out docs/screenshots] [--clients 2000] [--visits 8000]

Builds a throwaway demo workspace (seed 2026, "today" 2026-11-23), opens the main window at 1440×900
in Chinese under Qt's offscreen platform and saves ``window.grab()`` of every screen:

- as a relationship manager of the branch: today, clients, visits, plans, products, proposals,
  complaints, dashboard, sync, plus client_detail (a client with a full record, detail pane enlarged);
- as the branch head: approvals.

Qt's offscreen platform draws with the fonts in QT_QPA_FONTDIR; the script points it at an installed
Chinese font folder (WenQuanYi or Noto CJK) so no glyph renders as a box, and fails if there is none.
The widgets read the clock with ``date.today()``; the script pins that to the demo's "today" so the
pictures do not depend on the day they are made. PNGs are written palette-quantised (< 300 KB each).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
SEED = 2026
SIZE = (1440, 900)
MAX_BYTES = 300_000
RM_SCREENS = ("today", "clients", "visits", "plans", "products", "proposals", "complaints", "dashboard",
              "sync")
HEAD_SCREENS = ("approvals",)
#: Folders with a Chinese font Qt's offscreen platform can load, best first (Debian/Ubuntu/Fedora paths).
FONT_DIRS = (
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/wqy-microhei",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/truetype/droid",
)
FONT_FILES = ("wqy-microhei.ttc", "wqy-zenhei.ttc", "NotoSansCJK-Regular.ttc", "NotoSansSC-Regular.otf",
              "DroidSansFallbackFull.ttf")


def cjk_font_dir() -> Path | None:
    """The first folder holding a known Chinese font (QT_QPA_FONTDIR wins when set)."""
    configured = os.environ.get("QT_QPA_FONTDIR")
    candidates = [Path(configured)] if configured else [Path(d) for d in FONT_DIRS]
    for folder in candidates:
        if folder.is_dir() and any((folder / name).is_file() for name in FONT_FILES):
            return folder
    return None


def prepare_environment(tmp: Path) -> None:
    """Before Qt starts: offscreen platform, a Chinese font folder, throwaway settings folders."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    fonts = cjk_font_dir()
    if fonts is None:
        sys.exit("make_screenshots: no Chinese font found; install fonts-wqy-microhei (or fonts-noto-cjk) "
                 "or set QT_QPA_FONTDIR to a folder holding one")
    os.environ["QT_QPA_FONTDIR"] = str(fonts)
    # QSettings (window geometry) and keyring must not touch the user's real state.
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = tmp / name.lower()
        folder.mkdir()
        os.environ[name] = str(folder)
    os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)


@contextmanager
def pinned_today(today: date) -> Iterator[None]:
    """Make ``date.today()`` in the crm modules return `today`; isinstance checks keep working."""
    real = date

    class _Meta(type):
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, real)

        def __subclasscheck__(cls, sub: type) -> bool:
            return issubclass(sub, real)

    class PinnedDate(date, metaclass=_Meta):
        @classmethod
        def today(cls) -> date:  # type: ignore[override]  # plain dates keep the patch from leaking
            return today

    patched = [m for name, m in list(sys.modules.items())
               if name.startswith("crm.") and getattr(m, "date", None) is real]
    for module in patched:
        module.date = PinnedDate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in patched:
            module.date = real  # type: ignore[attr-defined]


def preload(*packages: str) -> None:
    """Import every module of `packages` now: the UI imports lazily; pinned_today patches loaded modules."""
    import importlib
    import pkgutil

    for package in packages:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
            importlib.import_module(info.name)


def build_workspace(path: Path, *, clients: int, visits: int) -> Any:
    from crm.db.crypto import KdfParams
    from crm.db.workspace import Workspace
    from crm.services.demo_data import fill_workspace

    ws = Workspace.create(
        path,
        password="screenshots-only-42",  # noqa: S106 - a throwaway workspace for the images
        keystore=None,
        kdf=KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1),
    )
    started = time.perf_counter()
    summary = fill_workspace(ws, seed=SEED, clients=clients, visits=visits, today=TODAY)
    print(f"demo workspace: {clients:,} clients, {visits:,} visits in {time.perf_counter() - started:.0f} s",
          flush=True)
    return ws, summary


def pick_actors(ws: Any, head_id: str) -> tuple[Any, Any, str]:
    """The branch head, an RM of that branch with something on every screen, and that RM's busiest client.

    The RM is the one with the most clients among those with complaints in the last half year, so the
    complaints screen is not empty; the client is theirs with the most visits, then the largest deposits.
    """
    from datetime import UTC, datetime, timedelta
    from datetime import time as clock

    from sqlalchemy import func
    from sqlmodel import col, select

    from crm.db.engine import session_scope
    from crm.domain.enums import Role
    from crm.domain.models import Client, Complaint, User, Visit
    from crm.services.context import Actor

    since = datetime.combine(TODAY - timedelta(days=180), clock(), tzinfo=UTC)
    with session_scope(ws.engine) as session:
        head = session.get(User, head_id)
        assert head is not None
        rms = session.exec(select(User).where(col(User.branch_id) == head.branch_id,
                                              col(User.role) == Role.RM.value)).all()

        def rank(user: User) -> tuple[bool, int, str]:
            complaints = session.exec(select(func.count()).select_from(Complaint).where(
                col(Complaint.rm_id) == user.id, col(Complaint.received_at) >= since)).one()
            clients = session.exec(select(func.count()).select_from(Client)
                                   .where(col(Client.owner_id) == user.id)).one()
            return complaints > 0, clients, user.username

        rm = max(rms, key=rank)
        visits = (select(func.count()).select_from(Visit).where(col(Visit.client_id) == col(Client.id))
                  .scalar_subquery())
        client = session.exec(select(Client).where(col(Client.owner_id) == rm.id)
                              .order_by(visits.desc(), col(Client.deposit_balance_fen).desc())).first()
        assert client is not None
        return Actor.of(head), Actor.of(rm), client.legal_name


def settle(app: Any, rounds: int = 6) -> None:
    """Let layouts, timers and queued signals run until the window is drawn as a user would see it."""
    from crm.ui import worker

    for _ in range(rounds):
        app.processEvents()
        worker.wait_all(10_000)
        time.sleep(0.03)
    app.processEvents()


def save_png(image: Any, path: Path) -> int:
    """Write `image` (QImage) as a small PNG: 8-bit palette when Pillow is there, Qt's PNG otherwise."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    data = buffer.data().data()
    try:
        import io

        from PIL import Image
    except ImportError:
        path.write_bytes(data)
        return len(data)
    # 256 colours keep flat UI pixels exact and anti-aliased text clean while cutting the size ~3x.
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    picture = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    picture.save(path, "PNG", optimize=True)
    return path.stat().st_size


def shoot(window: Any, app: Any, key: str, out: Path) -> None:
    window.show_screen(key)
    settle(app)
    size = save_png(window.grab().toImage(), out / f"{key}.png")
    print(f"  {key}.png  {size / 1000:,.0f} KB", flush=True)
    if size > MAX_BYTES:
        print(f"  warning: {key}.png is over {MAX_BYTES // 1000} KB", file=sys.stderr)


def open_window(ws: Any, actor: Any) -> Any:
    from crm.ui.app import Signed, build_main_window

    window = build_main_window(Signed(ws, actor, None))
    window.resize(*SIZE)
    window.show()
    return window


def scan_reminders(window: Any, app: Any) -> None:
    """Fill the reminder centre with one scan at the demo's "now" (the app runs it on a timer thread)."""
    from datetime import UTC, datetime
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    bridge = getattr(window, "job_bridge", None)
    if bridge is None:
        return
    now = datetime.combine(TODAY, clock(10, 0), tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
    bridge.clock = bridge.reminder_job.clock = lambda: now
    bridge.scan_now()
    settle(app)


def show_client(window: Any, app: Any, name: str, tab: str) -> None:
    """Search the clients screen for `name`, give the detail pane most of the height, open `tab`.

    clients.png already shows a client's overview (the first row is selected), so this one shows the
    record a relationship manager opens next: the visit history of a busy client.
    """
    from PySide6.QtWidgets import QSplitter, QTabWidget

    screen = window.show_screen("clients")
    screen.search.setText(name)
    screen.apply_filters()
    splitter = screen.findChild(QSplitter)
    if splitter is not None:
        splitter.setSizes([140, 10_000])
    tabs = screen.detail.findChild(QTabWidget)
    if tabs is not None:
        for index in range(tabs.count()):
            if tabs.tabText(index).replace("&", "").startswith(tab):
                tabs.setCurrentIndex(index)
    settle(app)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--visits", type=int, default=8000)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="crm-screenshots-") as tmp_name:
        tmp = Path(tmp_name)
        prepare_environment(tmp)
        from crm.ui import i18n, worker
        from crm.ui.app import make_app

        app = make_app()
        i18n.install(app, "zh_CN")
        worker.RUN_INLINE = True  # data loads finish before each grab
        ws, summary = build_workspace(tmp / "workspace", clients=args.clients, visits=args.visits)
        args.out.mkdir(parents=True, exist_ok=True)
        print(f"Qt fonts from {os.environ['QT_QPA_FONTDIR']}; writing {args.out}", flush=True)
        try:
            head, rm, client_name = pick_actors(ws, summary.head_id)
            preload("crm.ui", "crm.services", "crm.jobs", "crm.reports")
            with pinned_today(TODAY):
                print(f"as RM {rm.display_name}:")
                window = open_window(ws, rm)
                scan_reminders(window, app)
                for key in RM_SCREENS:
                    shoot(window, app, key, args.out)
                show_client(window, app, client_name, "拜访记录")
                size = save_png(window.grab().toImage(), args.out / "client_detail.png")
                print(f"  client_detail.png  {size / 1000:,.0f} KB")
                window.close()
                print(f"as branch head {head.display_name}:")
                window = open_window(ws, head)
                for key in HEAD_SCREENS:
                    shoot(window, app, key, args.out)
                window.close()
            settle(app)
        finally:
            ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
