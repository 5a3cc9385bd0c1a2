"""Phone numbers stay on one line: 0575-85130000 never breaks after its hyphen."""

from __future__ import annotations

from support import ROOT  # noqa: F401  (puts scripts/ on sys.path)

from farun.site.typography import keep_numbers_together


def test_phone_numbers_in_text_are_wrapped():
    html = '<p>联系电话：0575-85130000，咨询 400-826-3328；<a href="tel:0575-85130000">0575-85130000</a></p>'
    out = keep_numbers_together(html)
    assert out.count('<span class="fr-nowrap">') == 3
    assert 'href="tel:0575-85130000"' in out  # attributes untouched


def test_code_dates_and_other_numbers_are_left_alone():
    for html in ("<pre><code>0575-85130000</code></pre>", "<p>2026-11-25 第2023-05号 12328 3306-0000</p>",
                 "<p>ABC0575-85130000</p>"):
        assert keep_numbers_together(html) == html
