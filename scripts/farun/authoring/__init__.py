"""Authoring: tools staff use to write content.

Owns new items and their interactive prompts, file scaffolds, the
spreadsheet importer, VS Code snippets and the JSON Schema export. May
import ``content`` only; it writes Markdown files into docs/ and never
overwrites one.
"""
