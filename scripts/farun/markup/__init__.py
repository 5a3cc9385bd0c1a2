"""Markup: the one reader of HTML and XML as text — its rules, its table of elements, its tokens.

Modules:
- ``reader``: markup read as tokens with their places (tags, attributes, comments, raw text), the table of
  block and cell elements, and the text and links read from them; its docstring states the rules the
  search worker (docs/assets/javascripts/search-worker.js) follows too.

Imports nothing else of farun; every other wing may import it. Never MkDocs.
"""
