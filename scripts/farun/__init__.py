"""法润交通 site generator: content model, validation and page generation.

The core modules (schema, load, collection, pages, ...) never import MkDocs;
only ``hook.py`` talks to MkDocs, so the engine can change later.
"""

__version__ = "0.1.0"
