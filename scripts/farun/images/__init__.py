"""Images: covers, thumbnails and posters, and the staff's own images.

``covers`` plans (paths and digests, no Pillow) and hands drawing to
``cover_pool``; Pillow, the fonts and the QR code are imported only by the
drawing modules (``cover_render``, ``cover_art``, ``canvas``, ``drawing``, ``glyphs``)
when something is drawn. May import ``content``; never ``site``, ``publish``
or MkDocs.
"""
