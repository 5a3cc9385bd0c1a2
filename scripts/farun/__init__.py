"""法润交通 site generator, in wings: content -> site (+ images) -> [engine renders] -> publish.

Each wing's ``__init__`` says what it owns and what it may import; only
``hook.py``, ``hook_preview.py`` and ``hook_pagecache.py`` talk to the engine, so it can change later.
"""

__version__ = "0.1.0"
