"""``python -m farun.bench`` — see run.py."""

from farun.bench.run import main

raise SystemExit(main())
