#!/usr/bin/env python3
"""Set up this project on a fresh Debian/Ubuntu machine, then run the demo or the test suite.

    python3 scripts/bootstrap.py demo [ARGS...]   # install, then `crm gui --demo ARGS...`
    python3 scripts/bootstrap.py test [ARGS...]   # install, start a throwaway PostgreSQL,
                                                  # run lint-imports, then pytest ARGS...

Standard library only; Python 3.11+.  Run as root it installs the Debian packages it needs
with apt-get; otherwise it prints the exact `sudo apt-get install` line.  The virtualenv lives
in `.venv` at the repository root and `pip install -e '.[dev]'` is skipped when a stamp file
records that the current pyproject.toml is already installed.
"""

# A set-up script runs fixed commands (apt-get, pip, initdb, pg_ctl) by design.
# ruff: noqa: S603, S606, S607, S108

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this runs under whatever python3 the machine has
    sys.exit(f"[bootstrap] ERROR: Python 3.11+ is needed; {sys.executable} is {sys.version.split()[0]}")

import glob
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"
VENV_BIN = VENV / "bin"
STAMP = VENV / ".crm-bootstrap-stamp"
EXTRAS = "dev"

PG_OS_USER = "crmtest"  # system user that runs the throwaway PostgreSQL when we are root
PG_DB_USER = "crm"  # superuser name inside the throwaway cluster
PG_DB_NAME = "crm_test"

PYTEST_NO_TESTS = 5

# A requirement is a tuple of alternative Debian/Ubuntu package names: satisfied when any one
# is installed; when installing, the first name apt has a candidate for is used.
Requirement = tuple[str, ...]

QT_RUNTIME: list[Requirement] = [
    ("libegl1",),
    ("libgl1",),
    ("libxkbcommon0",),
    ("libxkbcommon-x11-0",),
    ("libfontconfig1",),
    ("libdbus-1-3",),
    ("libglib2.0-0", "libglib2.0-0t64"),  # renamed with the t64 transition (Ubuntu 24.04, Debian 13)
    ("libxcb-cursor0",),
    ("libxcb-icccm4",),
    ("libxcb-keysyms1",),
    ("libxcb-shape0",),
    ("libxcb-xinerama0",),
    ("libxcb-randr0",),
    ("libxcb-render-util0",),
    ("libxcb-image0",),
    ("libnss3",),
]
CJK_FONT: list[Requirement] = [("fonts-wqy-microhei",)]
PDF_TOOLS: list[Requirement] = [("poppler-utils",)]
POSTGRES: list[Requirement] = [("postgresql",)]
SCREENSHOTS: list[Requirement] = [("xvfb",), ("xauth",)]

# (required, optional) per command.  Root installs both; a non-root `test` fails when a
# required one is missing, while anything missing for `demo` only warns unless Qt itself is.
PROFILES: dict[str, tuple[list[Requirement], list[Requirement]]] = {
    "demo": (QT_RUNTIME, CJK_FONT + PDF_TOOLS + SCREENSHOTS),
    "test": (QT_RUNTIME + CJK_FONT + PDF_TOOLS + POSTGRES, SCREENSHOTS),
}


class BootstrapError(Exception):
    """A failure with a message meant for the person running the script."""


def log(msg: str) -> None:
    print(f"[bootstrap] {msg}", file=sys.stderr, flush=True)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --------------------------------------------------------------------------- pure helpers


def missing_requirements(
    requirements: Iterable[Requirement], is_installed: Callable[[str], bool]
) -> list[Requirement]:
    """The requirements none of whose alternative packages is installed, in order, deduplicated."""
    out: list[Requirement] = []
    for req in requirements:
        if req not in out and not any(is_installed(name) for name in req):
            out.append(req)
    return out


def choose_packages(
    requirements: Iterable[Requirement], has_candidate: Callable[[str], bool]
) -> tuple[list[str], list[Requirement]]:
    """Pick one installable name per requirement: (names to install, requirements apt can't offer)."""
    names: list[str] = []
    unavailable: list[Requirement] = []
    for req in requirements:
        pick = next((name for name in req if has_candidate(name)), None)
        if pick is None:
            unavailable.append(req)
        elif pick not in names:
            names.append(pick)
    return names, unavailable


def apt_install_command(names: Sequence[str], sudo: bool) -> str:
    prefix = "sudo " if sudo else ""
    return f"{prefix}apt-get install -y --no-install-recommends {' '.join(names)}"


def pytest_outcome(code: int) -> tuple[bool, str]:
    """Map pytest's exit code to (passed, message).  Exit 5 (no tests collected) is a failure."""
    if code == 0:
        return True, "pytest passed"
    if code == PYTEST_NO_TESTS:
        return False, "pytest collected NO tests (exit 5); treating that as a failure"
    meaning = {
        1: "some tests failed",
        2: "test run was interrupted",
        3: "internal error",
        4: "command-line usage error",
    }.get(code, "unexpected exit status")
    return False, f"pytest failed with exit code {code} ({meaning})"


def pg_bindir_candidates(
    path_lookup: Callable[[str], str | None], globber: Callable[[str], list[str]]
) -> list[Path]:
    """Directories that may hold initdb/pg_ctl: PATH first, then the newest /usr/lib/postgresql/N/bin."""
    dirs: list[Path] = []
    found = path_lookup("initdb")
    if found and path_lookup("pg_ctl"):
        dirs.append(Path(os.path.realpath(found)).parent)

    def version_key(p: str) -> tuple[int, ...]:
        ver = Path(p).parent.name
        return tuple(int(x) for x in ver.split(".") if x.isdigit()) or (0,)

    for d in sorted(globber("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True):
        if Path(d) not in dirs:
            dirs.append(Path(d))
    return dirs


def pyproject_stamp() -> str:
    digest = hashlib.sha256((REPO / "pyproject.toml").read_bytes()).hexdigest()
    return f"pyproject-sha256={digest}\nextras={EXTRAS}\n"


# --------------------------------------------------------------------------- system packages


def have_dpkg() -> bool:
    return shutil.which("dpkg-query") is not None and shutil.which("apt-get") is not None


def dpkg_installed(names: Iterable[str]) -> set[str]:
    """Names among `names` that dpkg reports as installed (one dpkg-query call)."""
    names = sorted(set(names))
    if not names:
        return set()
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\n", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    installed: set[str] = set()
    for line in proc.stdout.splitlines():
        pkg, _, status = line.partition("\t")
        if status.startswith("ii"):
            installed.add(pkg.split(":")[0])
    return installed


def apt_has_candidate(name: str) -> bool:
    proc = subprocess.run(["apt-cache", "policy", name], capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("Candidate:"):
            return line.split(":", 1)[1].strip() not in ("", "(none)")
    return False


def apt_env() -> dict[str, str]:
    return {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "NEEDRESTART_MODE": "a"}


_apt_updated = False


def apt_update() -> None:
    global _apt_updated
    if _apt_updated:
        return
    log("apt-get update")
    subprocess.run(
        ["apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-q"],
        env=apt_env(),
        stdin=subprocess.DEVNULL,
        check=True,
        stdout=sys.stderr,
    )
    _apt_updated = True


def apt_install(names: Sequence[str]) -> None:
    log(f"apt-get install {' '.join(names)}")
    subprocess.run(
        [
            "apt-get",
            "-o",
            "DPkg::Lock::Timeout=600",
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            *names,
        ],
        env=apt_env(),
        stdin=subprocess.DEVNULL,
        check=True,
        stdout=sys.stderr,
    )


def ensure_system_packages(command: str) -> None:
    required, optional = PROFILES[command]
    if not have_dpkg():
        log(
            "not a Debian/Ubuntu system (no dpkg/apt-get): skipping system packages; "
            "install the Qt runtime, a CJK font, poppler-utils and PostgreSQL yourself"
        )
        return
    names = [n for req in required + optional for n in req]
    installed = dpkg_installed(names)
    missing_req = missing_requirements(required, installed.__contains__)
    missing_opt = missing_requirements(optional, installed.__contains__)
    missing = missing_req + [r for r in missing_opt if r not in missing_req]
    if not missing:
        log("system packages: all present")
        return
    if is_root():
        apt_update()
        to_install, unavailable = choose_packages(missing, apt_has_candidate)
        for req in unavailable:
            kind = "required" if req in missing_req else "optional"
            log(f"WARNING: apt has no candidate for {kind} package {' / '.join(req)}")
        if any(req in missing_req for req in unavailable):
            raise BootstrapError("required system packages are not available from apt (see above)")
        if to_install:
            apt_install(to_install)
        return
    # Not root: say exactly what to run.
    names_req = [req[0] for req in missing_req]
    names_all = [req[0] for req in missing]
    log("missing system packages; run:")
    log(f"    sudo apt-get update && {apt_install_command(names_all, sudo=True)}")
    if missing_req:
        raise BootstrapError(f"required system packages missing: {' '.join(names_req)}")
    log("continuing without the optional ones")


# --------------------------------------------------------------------------- virtualenv


def venv_python() -> Path:
    return VENV_BIN / "python"


def venv_works() -> bool:
    py = venv_python()
    if not py.exists():
        return False
    proc = subprocess.run(
        [str(py), "-c", "import sys; raise SystemExit(0 if sys.version_info >= (3, 11) else 1)"],
        capture_output=True,
        check=False,
    )
    return proc.returncode == 0


def ensure_venv_module() -> None:
    import importlib.util

    if importlib.util.find_spec("venv") and importlib.util.find_spec("ensurepip"):
        return
    minor = f"python3.{sys.version_info.minor}-venv"
    if not is_root() or not have_dpkg():
        raise BootstrapError(
            f"{sys.executable} lacks the venv/ensurepip modules; run: sudo apt-get install python3-venv"
            + (f" (or {minor} for this Python)" if sys.executable.startswith("/usr/bin/") else "")
        )
    apt_update()
    names = [n for n in ("python3-venv", minor) if apt_has_candidate(n)]
    if not names:
        raise BootstrapError("apt offers no python3-venv package for this Python")
    apt_install(names)


def ensure_venv() -> None:
    if venv_works():
        log(f"virtualenv: reusing {VENV}")
    else:
        ensure_venv_module()
        log(f"virtualenv: creating {VENV} with {sys.executable}")
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, stdin=subprocess.DEVNULL
        )
    want = pyproject_stamp()
    if STAMP.exists() and STAMP.read_text() == want and (VENV_BIN / "crm").exists():
        log("python packages: up to date (pyproject.toml unchanged)")
        return
    log(f"pip install -e '.[{EXTRAS}]'")
    STAMP.unlink(missing_ok=True)
    env = {**os.environ, "PIP_NO_INPUT": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--progress-bar", "off", "-e", f".[{EXTRAS}]"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr,
        check=True,
    )
    STAMP.write_text(want)


# --------------------------------------------------------------------------- PostgreSQL


def find_pg_bindir() -> Path | None:
    for d in pg_bindir_candidates(shutil.which, glob.glob):
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def become_child_subreaper() -> bool:
    """Adopt orphaned descendants (the postmaster that pg_ctl detaches) so that we can reap them.

    Where PID 1 does not reap orphans (some containers and micro-VMs), a detached postmaster
    would otherwise linger as a zombie after it stops.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_child_subreaper = 36
        return int(libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def reap_children(timeout: float) -> None:
    """Wait (bounded) for adopted descendants that have exited or are about to."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left
        if pid == 0:
            if time.monotonic() >= deadline:
                return
            time.sleep(0.05)


def ensure_os_user(name: str) -> None:
    import pwd

    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    log(f"creating system user {name} to run PostgreSQL (it refuses to run as root)")
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    subprocess.run(
        [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            name,
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )


class ThrowawayPostgres:
    """initdb + pg_ctl start in a temporary directory; 127.0.0.1 only, trust auth; always cleaned up."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.tmp: Path | None = None
        self.port = 0
        self.run_as: str | None = None
        self.started = False
        self.subreaper = False

    @property
    def datadir(self) -> Path:
        assert self.tmp is not None
        return self.tmp / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{PG_DB_USER}@127.0.0.1:{self.port}/{PG_DB_NAME}"

    def _cmd(self, tool: str, *args: str) -> list[str]:
        cmd = [str(self.bindir / tool), *args]
        if self.run_as:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            cmd = [runuser, "-u", self.run_as, "--", *cmd]
        return cmd

    def _run(
        self, tool: str, *args: str, check: bool = True, quiet: bool = True
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PGTZ": "UTC"}
        for var in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGDATA", "PGPASSWORD", "PGSERVICE"):
            env.pop(var, None)
        proc = subprocess.run(
            self._cmd(tool, *args),
            cwd=self.tmp,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=quiet,
            text=True,
            check=False,
        )
        if check and proc.returncode != 0:
            detail = ((proc.stdout or "") + (proc.stderr or "")).strip()
            raise BootstrapError(f"{tool} failed (exit {proc.returncode}): {detail[-2000:]}")
        return proc

    def start(self) -> None:
        self.subreaper = become_child_subreaper()
        if is_root():
            ensure_os_user(PG_OS_USER)
            self.run_as = PG_OS_USER
            base = "/tmp" if os.path.isdir("/tmp") else None  # must be traversable by that user
        else:
            base = None
        self.tmp = Path(tempfile.mkdtemp(prefix="crm-pg-", dir=base))
        if self.run_as:
            import pwd

            pw = pwd.getpwnam(self.run_as)
            os.chown(self.tmp, pw.pw_uid, pw.pw_gid)
        log(
            f"PostgreSQL: initdb in {self.tmp} ({self.bindir})"
            + (f" as user {self.run_as}" if self.run_as else "")
        )
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            PG_DB_USER,
            "-E",
            "UTF8",
            "--no-locale",
            "--auth=trust",
            "--no-sync",
        )
        # Trust, but only over our private socket directory and 127.0.0.1.
        hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        self._write_as_owner(self.datadir / "pg_hba.conf", hba)
        last_error: BootstrapError | None = None
        for _attempt in range(3):
            self.port = free_port()
            conf = (
                "\n# --- scripts/bootstrap.py ---\n"
                "listen_addresses = '127.0.0.1'\n"
                f"port = {self.port}\n"
                f"unix_socket_directories = '{self.tmp}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 100\n"
                "timezone = 'UTC'\n"
            )
            self._write_as_owner(self.datadir / "postgresql.auto.conf", conf)
            proc = self._run(
                "pg_ctl",
                "-D",
                str(self.datadir),
                "-l",
                str(self.tmp / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
                check=False,
            )
            if proc.returncode == 0:
                self.started = True
                break
            last_error = BootstrapError(f"pg_ctl start failed on port {self.port}:\n{self._log_tail()}")
            log(f"PostgreSQL did not start on port {self.port}; retrying")
        if not self.started:
            assert last_error is not None
            raise last_error
        log(f"PostgreSQL: listening on 127.0.0.1:{self.port}")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_DB_USER, PG_DB_NAME)

    def _write_as_owner(self, path: Path, text: str) -> None:
        path.write_text(text)
        if self.run_as:
            import pwd

            pw = pwd.getpwnam(self.run_as)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def _log_tail(self) -> str:
        try:
            assert self.tmp is not None
            return "\n".join((self.tmp / "server.log").read_text(errors="replace").splitlines()[-20:])
        except (OSError, AssertionError):
            return "(no server log)"

    def stop(self) -> None:
        if self.tmp is None:
            return
        try:
            if self.started or (self.datadir / "postmaster.pid").exists():
                proc = self._run(
                    "pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "30", "stop", check=False
                )
                if proc.returncode != 0 and (self.datadir / "postmaster.pid").exists():
                    self._kill_postmaster()
                log("PostgreSQL: stopped")
        finally:
            if self.subreaper:
                reap_children(timeout=5.0)
            shutil.rmtree(self.tmp, ignore_errors=True)
            if self.tmp.exists():
                log(f"WARNING: could not remove {self.tmp}")
            else:
                log(f"PostgreSQL: removed {self.tmp}")
            self.tmp = None
            self.started = False

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return
        for sig, wait in ((signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
                time.sleep(0.1)


# --------------------------------------------------------------------------- commands


def run_child(cmd: Sequence[str], env: dict[str, str]) -> int:
    """Run a child in the foreground; on Ctrl-C give it a moment to finish its own shutdown."""
    proc = subprocess.Popen(list(cmd), cwd=REPO, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise


def cmd_demo(args: Sequence[str]) -> int:
    ensure_system_packages("demo")
    ensure_venv()
    crm = VENV_BIN / "crm"
    if not crm.exists():
        raise BootstrapError(f"{crm} is missing after install")
    argv = [str(crm), "gui", "--demo", *args]
    log("exec " + " ".join(argv))
    sys.stderr.flush()
    os.chdir(REPO)
    os.execv(argv[0], argv)
    return 1  # not reached


def cmd_test(args: Sequence[str]) -> int:
    ensure_system_packages("test")
    ensure_venv()
    bindir = find_pg_bindir()
    if bindir is None:
        hint = apt_install_command(["postgresql"], sudo=not is_root())
        raise BootstrapError(
            f"PostgreSQL (initdb/pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; "
            f"install it: {hint}"
        )
    pg = ThrowawayPostgres(bindir)
    try:
        pg.start()
        env = {**os.environ, "CRM_TEST_PG_URL": pg.url, "QT_QPA_PLATFORM": "offscreen"}
        log(f"CRM_TEST_PG_URL={pg.url}")
        log("lint-imports")
        lint_code = run_child([str(VENV_BIN / "lint-imports")], env)
        if lint_code != 0:
            log(f"lint-imports FAILED (exit {lint_code}); running pytest anyway")
        log("pytest " + " ".join(args))
        pytest_code = run_child([str(venv_python()), "-m", "pytest", *args], env)
    finally:
        pg.stop()
    ok, message = pytest_outcome(pytest_code)
    log(message)
    if lint_code != 0:
        log(f"FAILED: lint-imports exited {lint_code}")
        return 1
    if not ok:
        return pytest_code if pytest_code not in (0, PYTEST_NO_TESTS) else 1
    log("all checks passed")
    return 0


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _terminate)
    os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")
    try:
        return cmd_demo(rest) if command == "demo" else cmd_test(rest)
    except BootstrapError as exc:
        log(f"ERROR: {exc}")
        return 1
    except subprocess.CalledProcessError as exc:
        cmd = exc.cmd if isinstance(exc.cmd, str) else " ".join(map(str, exc.cmd))
        log(f"ERROR: command failed (exit {exc.returncode}): {cmd}")
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
