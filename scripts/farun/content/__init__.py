"""Content: what staff write, read and checked.

Owns the front-matter parser, the schemas of each content type, loading with
file:line errors, the collection checks across files, the publication
lifecycle (drafts, embargoes, expiry, revocation), check digits and the
personal-information detectors, the site settings, the build clock and phase
timing. Pure: imports nothing else of farun, no MkDocs and no Pillow; every
other wing may import it.
"""
