"""Compiled Jinja templates kept between builds (``.cache/jinja``), keyed by what they compile to.

Jinja's own FileSystemBytecodeCache keys a template by its name and source. The
code Jinja generates also depends on the environment: above all whether the
template is autoescaped (hook.py turns autoescape on for overrides/ only), and on
Jinja's version and extensions. All of that goes into the key here, so a change
of policy can never load code compiled under the old one (unescaped output).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache


class TemplateCache(FileSystemBytecodeCache):
    """A bytecode cache whose key covers the template's autoescape decision and the environment."""

    def __init__(self, directory: Path, env: jinja2.Environment):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory), "%s.jinja")
        self.env = env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Name, file, autoescape decision, Jinja version and extensions, hashed."""
        escape = self.env.autoescape(name) if callable(self.env.autoescape) else self.env.autoescape
        settings = (jinja2.__version__, bool(escape), sorted(self.env.extensions), self.env.newline_sequence,
                    self.env.trim_blocks, self.env.lstrip_blocks, self.env.keep_trailing_newline)
        return hashlib.sha1(f"{name}|{filename}|{settings!r}".encode("utf-8")).hexdigest()
