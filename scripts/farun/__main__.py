"""``python -m farun`` — see cli.py."""

import sys

from farun.cli import main

sys.exit(main())
