"""Entry point of the frozen desktop bundle: parse the `crm gui` options and start crm.ui.app.run.

The bundle ships the desktop app only, so this module deliberately avoids crm.cli: that module's other
subcommands reach the ledger server (FastAPI) and the demo ledger, which build.spec excludes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from crm import __version__


def build_parser() -> argparse.ArgumentParser:
    # The same options as `crm gui` minus --demo, which needs the embedded ledger (server code).
    parser = argparse.ArgumentParser(prog="crm-desktop",
                                     description="客户经理 CRM / Relationship-manager CRM")
    parser.add_argument("--version", action="version", version=f"crm-desktop {__version__}")
    parser.add_argument("--workspace", metavar="DIR",
                        help="workspace folder (default: $CRM_WORKSPACE or the per-user data folder)")
    parser.add_argument("--language", choices=["zh_CN", "en"], default=None)
    parser.add_argument("--self-test", action="store_true",
                        help="open the main window and every screen once, then exit 0 (non-zero on failure)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from crm.ui.app import run

    return run(workspace=Path(args.workspace) if args.workspace else None, demo_factory=None,
               self_test_only=args.self_test, language=args.language)


if __name__ == "__main__":
    sys.exit(main())
