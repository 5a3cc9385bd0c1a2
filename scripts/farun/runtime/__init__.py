"""Runtime: how one build runs, is timed and stops — nothing about content.

Modules:
- ``errors``: the stop-the-build protocol (``ContentError`` with file and line, ``ContentInvalid``).
- ``clock``: the build day (SOURCE_DATE_EPOCH, Asia/Shanghai).
- ``workers``: the build's one pool of worker processes (image drawing and the PII scan).
- ``lifeline``: kill-safety — workers die with their parent; half-written files of killed builds swept.
- ``timing``: phase timings (FARUN_TIMINGS) and the terminal progress line.
- ``bounded``: limits every reader of a staff file keeps (bytes, items, depth, time).
- ``gitdates``: the dates git records for each file (one subprocess).
- ``leaveout``: the files a degraded build leaves out (farun build --leave-out-invalid).
- ``memo``: pure results the preview keeps from one save to the next (off in a build that publishes).

Imports nothing else of farun; every other wing may import it. Never MkDocs.
"""
