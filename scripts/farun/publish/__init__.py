"""Publish: the writers that run after MkDocs has rendered the pages.

Owns the outputs registry, feeds and calendars, open-data exports, the
compact search index, the scan of every published file for personal
information and the offline bundle. May import ``content``, ``images`` and
``site``; never MkDocs (the hooks hand it paths and the site).
"""
