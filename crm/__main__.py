"""Let `python -m crm` run the command line."""

from crm.cli import main

raise SystemExit(main())
