"""Which staff files a published page uses (publish/usage.py)."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from farun.markup import reader
from farun.publish.sanitize import BodyPolicy
from farun.publish.usage import references, unused


def test_references_resolve_against_the_page_url():
    html = (
        '<img src="../../media/a.png"><a href="../../files/%E8%AF%BE%E4%BB%B6.pdf#p2">课件</a>'
        '<video poster="/media/p.jpg"><source src="../../media/v.mp4"></video><a href="https://x.cn/a.pdf">外</a>'
        '<img srcset="../../m/1.png 1x, ../../m/2.png 2x"><a href="#top">顶部</a>'
    )
    assert references(html, "lectures/2023-03-x/") == {
        "media/a.png",
        "files/课件.pdf",
        "media/p.jpg",
        "media/v.mp4",
        "m/1.png",
        "m/2.png",
    }
    assert references('<a href="../media/a.png">', "lectures/x.html") == {"media/a.png"}


def test_unused_keeps_used_files_and_listed_patterns_not_all_of_assets():
    static = {
        "media/a.png": "media/a.png",
        "files/old.xlsx": "files/old.xlsx",
        "assets/x.js": "assets/x.js",
        "files/keep/m.pdf": "files/keep/m.pdf",
        "assets/javascripts/farun.js": "assets/javascripts/farun.js",
    }
    # #27.6: docs/assets/ is not published as a whole; the build adds the declared own assets to ``used``.
    assert unused(static, {"media/a.png", "assets/javascripts/farun.js"}, ["files/keep/*"]) == [
        "assets/x.js",
        "files/old.xlsx",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<a href=",
                "<img src=",
                "<img srcset=",
                "<video poster=",
                "<source src=",
                "<object data=",
                "<p title=",
                ">",
                "</a>",
                '"',
                "'",
                " ",
                "../media/a.png",
                "../../files/%E8%AF%BE.pdf#p",
                "/m/b.jpg",
                "x.png 1x, y.png 2x",
                "&amp;",
                "&gt;",
                "https://x.cn/a.pdf",
                "#top",
                "文字",
                "<",
                "=",
                "/",
            ]
        ),
        max_size=30,
    )
)
def test_cleaned_html_is_read_like_the_parser_reads_it(parts):
    """The one markup reader finds in the cleaner's output exactly the links html.parser finds."""
    clean = BodyPolicy().cleaner().clean("".join(parts))
    parser = _Links()
    parser.feed(clean)
    parser.close()
    assert reader.links(clean) == parser.urls, clean


class _Links(HTMLParser):
    """The reference: html.parser, which honours quotes (and is quadratic on hostile input under Python 3.11)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in reader.LINK_ATTRIBUTES:
                self.urls.append(value)
            elif value and name == reader.SRCSET:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


def test_preview_rule_from_sources_equals_the_builds_rule_from_html(tmp_path):
    """make serve reads the sources (used_in_sources); the build reads the rendered pages: same files published."""
    from support import LECTURE, ROOT, TEST_DAY, make_project, mkdocs_build

    from farun.cli import read_config
    from farun.content.settings import load_settings
    from farun.publish.static_files import OWN_ASSETS
    from farun.publish.usage import used_in_sources
    from farun.site.engine import prepare

    body = (
        '\n[讲义](../files/a.txt) ![图](../images/b.png) [参考][r] <a href="../files/c.txt">丙</a>\n'
        '<img src="../images/d.png" alt="丁"> [绝对](/files/e.txt) [带锚点](../files/f.txt#p2)\n\n[r]: ../files/g.txt\n'
    )
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "PNG")
    png = buffer.getvalue()
    files = {
        "lectures/2023-03-a.md": LECTURE + body,
        "lectures/2027-06-b.md": LECTURE.replace("episode: 1", "episode: 2\npublish: 2027-06-01")
        + "\n[未公开](../files/h.txt)\n",
        "about.md": "---\ntitle: 关于\n---\n\n[说明](files/i.txt)\n",
        "files/nobody.txt": "无人使用\n",
    }
    files |= {f"files/{n}.txt": f"{n}\n" for n in "acefghi"} | {"images/b.png": png, "images/d.png": png}
    proj = make_project(tmp_path / "p", files)
    out = tmp_path / "site"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    docs = proj / "docs"
    staff = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix not in (".md",)}
    built = {rel for rel in staff if (out / rel).is_file()}
    site = prepare(docs, load_settings(read_config(ROOT / "mkdocs.yml")["extra"]), TEST_DAY)
    kept = {rel for rel in staff if rel in used_in_sources(site.collection, site.pages) or rel in OWN_ASSETS}
    assert kept == built
    assert {"files/a.txt", "images/b.png", "files/e.txt", "files/f.txt", "files/g.txt", "files/i.txt"} <= built
    # Raw HTML is resolved from the page's address (lectures/2023-03-a/): ../files/c.txt is lectures/files/c.txt.
    assert not {"files/h.txt", "files/nobody.txt", "files/c.txt", "images/d.png"} & built
