"""`crm gui --demo`: a real ledger on a free loopback port in this process, seeded, with demo sign-ins.

Nothing here is simulated: the ledger is the FastAPI app over an SQLite file, the desktop side enrols
over HTTP and bootstraps from the snapshot exactly as a bank laptop would. Only the location (a fresh
temporary folder) and the random passwords make it a demo.
"""

from __future__ import annotations

import logging
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from crm.services.demo_pools import SHOWCASE_RM

log = logging.getLogger(__name__)

DEMO_RM = SHOWCASE_RM  # the demo data gives this RM an approved plan for the current month
DEMO_HEAD = "zhangwei"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DemoLedger:
    root: Path
    url: str
    users: list[dict[str, Any]]
    _server: Any = None
    _thread: threading.Thread | None = None
    _signed: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, *, clients: int, visits: int, seed: int, root: Path | None = None,
              today: date | None = None) -> DemoLedger:
        import uvicorn

        from crm.sync.server.admin import seed_demo
        from crm.sync.server.app import create_app
        from crm.sync.server.db import open_ledger

        root = root or Path(tempfile.mkdtemp(prefix="crm-demo-"))
        root.mkdir(parents=True, exist_ok=True)
        engine = open_ledger(f"sqlite:///{root / 'ledger.db'}")
        seeded = seed_demo(engine, clients=clients, visits=visits, seed=seed, today=today or date.today())
        port = _free_port()
        config = uvicorn.Config(create_app(engine, migrate=False), host="127.0.0.1", port=port,
                                log_level="warning", access_log=False)
        server = uvicorn.Server(config)
        # The GUI owns the process's signals; the embedded server must not install its own handlers.
        server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        thread = threading.Thread(target=server.run, name="demo-ledger", daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded demo ledger did not start")
            time.sleep(0.05)
        ledger = cls(root=root, url=f"http://127.0.0.1:{port}", users=seeded["users"], _server=server,
                     _thread=thread)
        log.info("demo ledger listening on %s", ledger.url)
        return ledger

    def password_of(self, username: str) -> str:
        return next(u["password"] for u in self.users if u["username"] == username)

    def other_user(self, username: str) -> str:
        """Switch user goes RM → branch head → RM, so a newcomer can approve what they submitted."""
        return DEMO_HEAD if username != DEMO_HEAD else DEMO_RM

    def sign_in(self, username: str) -> Any:
        """A workspace for `username` (enrolled and bootstrapped the first time), unlocked."""
        from crm.db.workspace import Workspace
        from crm.sync.client import HttpTransport, SyncEngine
        from crm.ui.app import Signed, workspace_actor

        password = self.password_of(username)
        path = self.root / f"workspace-{username}"
        if Workspace.exists(path):
            ws = Workspace.open(path, password=password, keystore=None)
            engine = SyncEngine(ws, HttpTransport(self.url), keystore=None)
        else:
            ws = Workspace.create(path, password=password, keystore=None)
            ws.settings.server_url = self.url
            ws.save_settings()
            engine = SyncEngine(ws, HttpTransport(self.url), keystore=None)
            engine.enrol(username, password, device_name="demo")
        engine.sync()
        return Signed(ws, workspace_actor(ws), None, sync_engine=engine, demo=self)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def demo_session_factory(*, clients: int, visits: int, seed: int) -> Callable[[], Any]:
    def start() -> Any:
        ledger = DemoLedger.start(clients=clients, visits=visits, seed=seed)
        return ledger.sign_in(DEMO_RM)

    return start
