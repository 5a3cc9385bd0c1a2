"""Personal-information guard: detectors, check digits, and real builds that must stop."""

from __future__ import annotations

import re

import pytest

from support import NOTICE_WITH_BODY, mkdocs_build, penalty
from farun.publish import outputs
from farun.pii import scan as pii_scan
from farun.pii.checkdigits import id_check_char, is_resident_id, luhn_ok
from farun.cli import main
from farun.pii.numbers import find, mask

ID18 = "11010519491231002X"  # the worked example of GB 11643-1999
ID15 = "110105491231002"  # the same person's legacy 15-digit number
MOBILE = "13812345678"
CARD = "4111111111111111"  # a Luhn-valid test card number
CARD19 = "6222021001122334458"


def _luhn(digits: str) -> bool:
    # Written out again here so the test does not trust the module's own loop.
    total = 0
    for i, d in enumerate(int(c) for c in reversed(digits)):
        total += sum(divmod(d * 2, 10)) if i % 2 else d
    return total % 10 == 0


def kinds(text: str, **kw) -> list[tuple[str, str]]:
    return [(h.kind, h.masked) for h in find(text, **kw)]


def test_check_digits():
    assert id_check_char(ID18[:17]) == "X"
    assert is_resident_id(ID18) and is_resident_id(ID18.lower()) and is_resident_id(ID15)
    assert not any(is_resident_id(ID18[:17] + c) for c in "0123456789")
    assert not is_resident_id("110105194913310026")  # month 13
    assert not is_resident_id("991105491231002")  # no such province
    assert _luhn(CARD) and luhn_ok(CARD) and _luhn(CARD19) and luhn_ok(CARD19)
    assert not luhn_ok(CARD[:-1] + "2")


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"身份证号：{ID18}。", [("resident_id", "110105********002X")]),
        (f"身份证号 {ID18.lower()}", [("resident_id", "110105********002X")]),
        (f"旧身份证 {ID15}", [("resident_id", "110105*****1002")]),
        (f"联系电话{MOBILE}，", [("mobile", "138****5678")]),
        ("电话 138-1234-5678 或 138 1234 5678", [("mobile", "138****5678"), ("mobile", "138****5678")]),
        ("全角 １３８１２３４５６７８", [("mobile", "138****5678")]),
        ("分词后 138\u200b12345678", [("mobile", "138****5678")]),
        (f"卡号 {CARD}", [("bank_card", "4111********1111")]),
        (f"卡号 {CARD19}", [("bank_card", "6222***********4458")]),
        ("卡号 4111 1111 1111 1111", [("bank_card", "4111********1111")]),
        # Masked forms pass.
        ("身份证 110105********002X 手机 138****5678 卡 4111********1111", []),
        # An ID laid out right (province, real birth date) with a wrong check character is still an ID.
        ("编号 110105194912310021", [("resident_id_suspect", "110105********0021")]),
        # Whole digit groups only: a longer run is no mobile; letters glued on do not hide one.
        ("流水号 913812345678 和 138123456789", []),
        ("TEL13812345678 手机13812345678号", [("mobile", "138****5678"), ("mobile", "138****5678")]),
        # Landlines, service numbers and short numbers are fine.
        ("电话 0575-85130000，热线 12328，邮编 312000", []),
        # An all-digit credit code that happens to pass Luhn is a company's, not a card.
        ("信用代码 913306001234500208", []),
    ],
)
def test_detectors(text, expected):
    assert kinds(text) == expected


def test_credit_code_fixture_passes_luhn_but_is_not_a_card():
    from farun.pii.checkdigits import is_credit_code

    assert is_credit_code("913306001234500208") and luhn_ok("913306001234500208")


def test_allowlist_and_masking():
    assert kinds(f"热线 {MOBILE}", allow=["138-1234-5678"]) == []
    assert mask("mobile", MOBILE) == "138****5678"
    hit = find(f"x {ID18}")[0]
    assert ID18 not in repr(hit) and ID18 not in str(hit) and hit.line == 1


def test_scan_runs_last():
    assert outputs.WRITERS[-1] is pii_scan.write
    assert outputs.WRITERS.count(pii_scan.write) == 1


NOTICE = NOTICE_WITH_BODY

PENALTY = penalty(facts="驾驶员（电话 {mobile}）驾驶车辆超限运输。", expires=None)


def _fails_without_leaking(result, *numbers: str) -> str:
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "发现个人信息，网站不能发布" in output
    assert "Traceback" not in output
    for number in numbers:
        assert number not in output
    return output


def test_body_numbers_stop_the_build(project, tmp_path):
    body = f"请联系经办人，身份证号 {ID18}，\n手机 {MOBILE}，\n退款卡号 {CARD}。"
    proj = project({"notices/2026-01-gonggao.md": NOTICE.format(body=body)})
    output = _fails_without_leaking(mkdocs_build(proj, tmp_path / "out"), ID18, MOBILE, CARD)
    page = "网站文件 notices/2026-01-gonggao/index.html:"
    for label, masked, line in (
        ("居民身份证号码", "110105********002X", 8),
        ("手机号码", "138****5678", 9),
        ("银行卡号", "4111********1111", 10),
    ):
        assert re.search(
            re.escape(page)
            + r"\d+: 含有"
            + label
            + " "
            + re.escape(masked)
            + re.escape(f"（来源：docs/notices/2026-01-gonggao.md:{line}；建议改写为 {masked}）"),
            output,
        )
        assert re.search(r"网站文件 search/farun-index-1\.json:\d+: 含有" + label, output)


def test_front_matter_number_stops_the_build(project, tmp_path):
    proj = project({"notices/2026-09-chufa.md": PENALTY.replace("{mobile}", MOBILE)})
    output = _fails_without_leaking(mkdocs_build(proj, tmp_path / "out"), MOBILE)
    source = "（来源：docs/notices/2026-09-chufa.md:11；建议改写为 138****5678）"
    # The table comes from the template, so the search index (page text only) does not hold it.
    for published in ("notices/2026-09-chufa/index.html", "data/penalties.csv", "data/penalties.json"):
        assert re.search(
            re.escape(f"网站文件 {published}:") + r"\d+: 含有手机号码 138\*\*\*\*5678" + re.escape(source), output
        ), published


def test_alt_text_number_stops_the_build(project, tmp_path):
    about = "---\ntitle: 关于本专栏\n---\n\n关于。\n\n![联系人手机 " + MOBILE + "](assets/images/logo.svg)\n"
    proj = project({"about.md": about})
    output = _fails_without_leaking(mkdocs_build(proj, tmp_path / "out"), MOBILE)
    assert re.search(r"网站文件 about/index\.html:\d+: 含有手机号码 138\*\*\*\*5678（来源：docs/about\.md:7；", output)
    html = (tmp_path / "out" / "about" / "index.html").read_text(encoding="utf-8")
    assert f'alt="联系人手机 {MOBILE}"' in html  # the scan read the alt attribute, not only text


def test_masked_and_allowlisted_numbers_pass(project, tmp_path):
    body = (
        "身份证号 110105********002X，手机 138****5678，卡号 4111********1111，"
        "旧证 110105*****1002，热线 138-0575-0000，编号 110105194912310021。"
    )
    assert kinds("编号 110105194912310021")  # a suspected ID: allowlisted below
    proj = project({"notices/2026-01-gonggao.md": NOTICE.format(body=body)})
    config = proj / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "pii_allowlist: []" in text
    config.write_text(
        text.replace("pii_allowlist: []", 'pii_allowlist: ["13805750000", "110105 19491231 0021"]'), encoding="utf-8"
    )
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "138-0575-0000" in (tmp_path / "out" / "notices" / "2026-01-gonggao" / "index.html").read_text(
        encoding="utf-8"
    )


def test_check_suggests_masked_replacement(project, capsys):
    body = f"身份证号 {ID18}"
    proj = project(
        {
            "notices/2026-09-chufa.md": PENALTY.replace("{mobile}", MOBILE),
            "notices/2026-01-gonggao.md": NOTICE.format(body=body),
        }
    )
    assert main(["--config", str(proj / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert ID18 not in err and MOBILE not in err
    # The report layout belongs to errors.format_errors; each problem and its suggestion are checked here.
    assert "docs/notices/2026-01-gonggao.md:8: 含有居民身份证号码 110105********002X：个人信息不得公开" in err
    assert "docs/notices/2026-09-chufa.md:11: 含有手机号码 138****5678：个人信息不得公开" in err
    for masked in ("110105********002X", "138****5678"):
        assert f"改写为 {masked}，或删除；如确为可公开的单位服务号码，可加入 mkdocs.yml 的 extra.pii_allowlist" in err


def test_scan_cache_skips_unchanged_files_but_never_hides_a_hit(tmp_path, monkeypatch):
    import datetime as dt
    import json
    from types import SimpleNamespace

    site_dir, docs = tmp_path / "site", tmp_path / "docs"
    (site_dir / "a").mkdir(parents=True)
    docs.mkdir()
    (site_dir / "a" / "index.html").write_text(
        "<p>浙公网安备 33060202000000号 电话 0575-85130000</p>", encoding="utf-8"
    )
    (site_dir / "search.json").write_text('{"t": "\\u4e2d\\u6587 12328"}', encoding="utf-8")
    (docs / "new.md").write_text(f"身份证号 {ID18}\n", encoding="utf-8")
    site = SimpleNamespace(
        settings=SimpleNamespace(pii_allowlist=[], pii_unscanned_files={}),
        collection=SimpleNamespace(today=dt.date(2026, 11, 25)),
        docs_dir=docs,
    )
    cache = pii_scan.cache_path(docs)
    calls = []
    real = pii_scan.scan_file
    monkeypatch.setattr(pii_scan, "scan_file", lambda rel, *a: calls.append(rel) or real(rel, *a))
    site_calls = lambda: len([rel for rel in calls if rel != "new.md"])  # noqa: E731 (new.md: the origin lookup)

    assert pii_scan.scan_site(site, site_dir, cache) == [] and site_calls() == 2
    assert len(json.loads(cache.read_text(encoding="utf-8"))["clean"]) == 2
    assert pii_scan.scan_site(site, site_dir, cache) == [] and site_calls() == 2  # both reused

    (site_dir / "b").mkdir()
    (site_dir / "b" / "index.html").write_text(f"<p>x</p>\n<p>身份证号 &#49;{ID18[1:]}</p>", encoding="utf-8")
    for _ in range(2):  # a hit is never cached: it is found again on the next build
        problems = pii_scan.scan_site(site, site_dir, cache)
        assert problems == [
            "网站文件 b/index.html:2: 含有居民身份证号码 110105********002X"
            "（来源：docs/new.md:1；建议改写为 110105********002X）"
        ]
    assert site_calls() == 4

    site.settings.pii_allowlist = [ID18]  # another allowlist drops the cache
    assert pii_scan.scan_site(site, site_dir, cache) == [] and site_calls() == 7
    assert pii_scan.scan_site(site, site_dir, cache) == [] and site_calls() == 7


def test_build_writes_the_pii_cache(project, tmp_path):
    proj = project({"notices/2026-01-gonggao.md": NOTICE.format(body="正文。")})
    assert mkdocs_build(proj, tmp_path / "out").returncode == 0
    clean = proj / ".cache" / "pii" / "clean.json"
    assert clean.is_file() and len(__import__("json").loads(clean.read_text(encoding="utf-8"))["clean"]) > 5
    (proj / "docs" / "notices" / "2026-01-gonggao.md").write_text(
        NOTICE.format(body=f"手机 {MOBILE}"), encoding="utf-8"
    )
    _fails_without_leaking(mkdocs_build(proj, tmp_path / "out"), MOBILE)
