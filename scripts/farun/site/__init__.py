"""Site: validated records -> generated pages and per-item view data.

Owns the engine (load, check, generate), the generated Markdown pages, item
and notice views, the 分享 QR codes (``shareqr``, cached), government metadata and the preview's decision of which
pages a save affects. Pure: may import ``content`` and the image planning of
``images`` (paths and digests, no Pillow); never MkDocs.
"""
