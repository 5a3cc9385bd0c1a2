"""Links to pages not published today become their plain words (publish/usage.py ``unlink``, issue 22.1)."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from farun.publish.sanitize import BodyPolicy
from farun.publish.usage import references, unlink


def test_a_link_to_a_withdrawn_notice_keeps_its_words_and_other_links_stay():
    html = (
        '<p>另见<a href="../../notices/chufa-p1/">第1号公示</a>和<a href="../b/#yaodian">第二期</a>，'
        '<a href="https://www.gov.cn/">中国政府网</a>。</p>'
    )
    out, removed = unlink(html, "lectures/a/", {"notices/chufa-p1", "lectures/b"})
    assert out == '<p>另见第1号公示和第二期，<a href="https://www.gov.cn/">中国政府网</a>。</p>'
    assert removed == ["notices/chufa-p1", "lectures/b"]
    assert unlink(html, "lectures/a/", set()) == (html, [])
    assert unlink(html, "lectures/a/", {"notices/other"}) == (html, [])


def test_a_link_with_markup_inside_loses_only_the_link():
    html = (
        '<p><a href="../x/" title="t"><strong>加粗</strong>文字</a><abbr title="a">缩写</abbr><aside>旁注</aside></p>'
    )
    assert (
        unlink(html, "lectures/a/", {"lectures/x"})[0]
        == '<p><strong>加粗</strong>文字<abbr title="a">缩写</abbr><aside>旁注</aside></p>'
    )


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))

    def handle_data(self, data):
        self.text.append(data)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '<a href="../../notices/p1/">',
                '<a href="../b/#x">',
                '<a href="https://x.cn/">',
                '<a href="../../notices/p2/">',
                "</a>",
                "<strong>",
                "</strong>",
                "文字",
                "链接",
                " ",
                '<abbr title="x">',
                "</abbr>",
                "<p>",
                "</p>",
                "&amp;",
                "<br>",
                '<img src="../../notices/p1/a.png">',
                '<a href="../../notices/p1/a.pdf">',
            ]
        ),
        max_size=30,
    ),
    st.sets(st.sampled_from(["notices/p1", "lectures/b", "notices/p1/a.pdf", "notices/p2"])),
)
def test_no_link_to_a_gone_page_survives_and_no_word_is_lost(parts, gone):
    """Over the cleaner's output: no link points into ``gone`` afterwards; the text reads exactly as before."""
    clean = BodyPolicy().cleaner().clean("".join(parts))
    out, _ = unlink(clean, "lectures/a/", gone)
    after, before = _Anchors(), _Anchors()
    after.feed(out)
    before.feed(clean)
    assert not references("".join(f'<a href="{h}">' for h in after.hrefs if h), "lectures/a/") & gone, out
    assert "".join(after.text) == "".join(before.text)
    assert [h for h in before.hrefs if not references(f'<a href="{h}">', "lectures/a/") & gone] == after.hrefs
