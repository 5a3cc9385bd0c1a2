"""Only what a published page uses is published: files of unpublished items and unreferenced files stay out."""

from __future__ import annotations

import io

from PIL import Image

from support import LECTURE, PENALTY, mkdocs_build


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PUBLISHED = LECTURE.replace(
    "## 讲座要点", "## 讲座要点\n\n![现场](../media/public.png)\n\n[讲义](../files/public.txt)\n"
).replace("tags:", "slides: files/public-slides.png\ntags:")
DRAFT = (
    LECTURE.replace("episode: 1", "episode: 2\ndraft: true")
    .replace("新修订", "草稿")
    .replace("## 讲座要点", "## 讲座要点\n\n![草稿图](../media/draft.png)\n")
    .replace("tags:", "slides: files/draft-slides.png\ntags:")
)
EMBARGO = (
    LECTURE.replace("episode: 1", "episode: 3\npublish: 2099-01-01")
    .replace("新修订", "定时")
    .replace("## 讲座要点", "## 讲座要点\n\n[附件](../files/embargo.txt)\n")
)
EXPIRED = (
    PENALTY.replace("date: 2026-09-15", "date: 2024-09-15")
    .replace("decision_date: 2026-09-10", "decision_date: 2024-09-10")
    .replace("expires: 2027-09-10", "expires: 2025-09-10")
    .replace("正文。", "[处罚决定书](../files/expired.txt)")
)


def test_only_files_published_pages_use_are_copied(project, tmp_path):
    pdf = "附件正文。\n".encode("utf-8")
    proj = project(
        {
            "lectures/2023-03-published.md": PUBLISHED,
            "lectures/2023-04-draft.md": DRAFT,
            "lectures/2023-05-embargo.md": EMBARGO,
            "notices/2024-09-expired.md": EXPIRED,
            "media/public.png": _png(),
            "media/draft.png": _png(),
            "files/public.txt": pdf,
            "files/public-slides.png": _png(),
            "files/draft-slides.png": _png(),
            "files/embargo.txt": pdf,
            "files/expired.txt": pdf,
            "files/forgotten.xlsx": b"PK\x03\x04 not really",
            "files/keep/manual.txt": pdf,
        }
    )
    config = proj / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  pii_allowlist: []", "  pii_allowlist: []\n  publish_unreferenced: [files/keep/*]"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr[-3000:]
    for kept in (
        "media/public.png",
        "files/public.txt",
        "files/public-slides.png",
        "files/keep/manual.txt",
        "assets/javascripts/farun.js",
        "assets/images/logo.svg",
    ):
        assert (out / kept).is_file(), kept
    for left_out in (
        "media/draft.png",
        "files/draft-slides.png",
        "files/embargo.txt",
        "files/expired.txt",
        "files/forgotten.xlsx",
    ):
        assert not (out / left_out).exists(), left_out
