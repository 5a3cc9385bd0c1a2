"""``python -m farun`` — see cli.py."""

import sys

try:
    from farun.cli import main
except KeyboardInterrupt:  # Ctrl+C while the libraries load
    print("\n已取消。", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
