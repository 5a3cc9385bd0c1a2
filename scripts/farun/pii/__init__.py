"""PII: the personal-information guard, whole — what a reader could read, found wherever it is.

Modules:
- ``numbers``: the detectors (mobiles, resident IDs, bank cards, ...) on normalised text, and ``redact``.
- ``chars``: character tables — digits by Unicode numeric value, separators by class, invisible characters.
- ``shapes``: digits drawn by icon and emoji shortcodes, read as the digits they show.
- ``text``: page markup read as a reader sees it (visible text, hidden attributes).
- ``checkdigits``: check digits of resident IDs, bank cards and credit codes.
- ``names``: natural persons' names and their masked forms (某).
- ``media``: text inside images, audio and fonts (metadata blocks, trailing bytes).
- ``documents``: PDF text as a viewer shows it (pages, outline, annotations, XMP, attachments).
- ``office``, ``office_parts``, ``office_numbers``: Word and Excel files as their applications show them.
- ``files``: one file read as a reader reads it (``scan_file``): its bytes turned into texts, the numbers in them.
- ``scan``: the staff files under docs/ (make check) and the finished site (the build's guard step), with file:line.
- ``cache``: the clean-file cache (files already found clean are not read again).
- ``while_rendering``: pages scanned in a worker process while the engine renders the others.

May import ``markup`` and ``runtime`` only (every other wing may import it); never MkDocs.
"""
