"""``python -m farun`` — see cli.py. Also ``python scripts/farun setup`` before anything is installed."""

import sys
from pathlib import Path

if not __package__:  # run as ``python scripts/farun …`` (Windows, no PYTHONPATH): find the package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if sys.argv[1:2] == ["setup"]:
    # Standard library only: this runs before the requirements are installed.
    from farun.authoring.workspace import main as setup

    sys.exit(setup(sys.argv[2:]))

try:
    from farun.cli import main
except KeyboardInterrupt:  # Ctrl+C while the libraries load
    print("\n已取消。", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
