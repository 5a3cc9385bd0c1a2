"""Bench: this project against plain Material on the same synthetic pages.

``run`` drives builds and serves, ``web`` measures pages and search in
Chromium, ``corpus`` writes the deterministic corpus. May import every other
wing and ``cli`` (it is a tool on top, like the CLI); nothing imports it.
"""
