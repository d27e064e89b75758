"""``python -m optbench``."""

from optbench.cli import main

raise SystemExit(main())
