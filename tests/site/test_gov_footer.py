"""政府网站 conventions from config: footer marks, plain links, and an INFO line while the sample numbers remain."""

from __future__ import annotations

import pytest

import os
import subprocess
import sys

from support import ROOT, TEST_EPOCH, farun, make_project

from farun.content.settings import load_settings
from farun.site.govmeta import footer_marks, placeholder_notes
from farun.runtime.errors import StaffError

BASE = {"bureau_name": "绍兴市交通运输局", "bureau_sponsor": "绍兴市交通运输局", "bureau_phone": "0575-85130000",
        "bureau_hotline": "12328", "bureau_address": "洋江西路 589 号", "filing_icp": "浙ICP备05000000号",
        "filing_police": "浙公网安备 33060202000000号", "filing_site_code": "3306000000", "case_categories": ["超限运输"]}
REAL = {**BASE, "filing_icp": "浙ICP备12345678号-1", "filing_police": "浙公网安备 33060202001234号",
        "filing_site_code": "3306020017", "gov_mark_image": "assets/images/dzjg.png",
        "gov_mark_url": "https://bszs.conac.cn/sitename?method=show&id=ABCDEF",
        "gov_error_report_url": "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3306020017",
        "bureau_portal_url": "https://www.sx.gov.cn/", "bureau_emblem": "assets/images/emblem.png"}


def test_sample_numbers_are_noted_and_real_ones_are_not():
    notes = placeholder_notes(load_settings(BASE))
    assert len([n for n in notes if "仍是示例号码" in n]) == 3
    assert any("党政机关网站标识" in n for n in notes) and any("政府网站找错" in n for n in notes)
    assert placeholder_notes(load_settings(REAL)) == []


def test_footer_marks_are_plain_links():
    marks = footer_marks(load_settings(REAL))
    assert marks["police_url"] == "https://beian.mps.gov.cn/#/query/webSearch?code=33060202001234"
    assert marks["icp_url"] == "https://beian.miit.gov.cn/" and marks["mark_image"] == "assets/images/dzjg.png"
    assert footer_marks(load_settings(BASE))["mark_image"] is None


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("gov_mark_image", "https://bszs.conac.cn/dzjg.png", "不能是外部网址"),
    ("gov_mark_image", "/assets/dzjg.png", "docs/ 下的图片路径"),
    ("gov_error_report_url", "javascript:alert(1)", "应为以 https:// 开头的网址"),
    ("gov_mark_url", "http://bszs.conac.cn/x", "应为以 https:// 开头的网址"),
    ("bureau_emblem", "https://example.com/emblem.png", "应为 docs/ 下的图片路径，如 assets/images/emblem.png"),
    ("bureau_portal_url", "javascript:alert(1)", "应为以 https:// 开头的网址"),
])
def test_bad_gov_settings_are_named_in_chinese(key, value, expected):
    with pytest.raises(StaffError) as info:
        load_settings({**BASE, key: value})
    assert f"extra.{key}" in str(info.value) and expected in str(info.value)


def build_verbose(project, out):
    """A --strict build that keeps its INFO lines (support.mkdocs_build runs with -q)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH)}
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
                          cwd=project, env=env, capture_output=True, text=True)


def test_footer_shows_configured_marks_and_build_notes_sample_numbers(tmp_path):
    sample = build_verbose(ROOT, tmp_path / "sample")
    assert sample.returncode == 0, sample.stderr  # --strict: the notes are INFO, never a failure
    assert "仍是示例号码" in sample.stderr and "INFO" in sample.stderr
    sample_home = (tmp_path / "sample" / "index.html").read_text(encoding="utf-8")
    assert 'class="fr-mark-slot"' in sample_home and "待开通" in sample_home  # the mark's place, until it is set
    assert '<a class="fr-masthead__bureau" href="https://jtj.sx.gov.cn/">' in sample_home and "fr-masthead__emblem" not in sample_home
    png = (ROOT / "docs/assets/images/favicon.png").read_bytes()
    proj = make_project(tmp_path / "proj", {"assets/images/dzjg.png": png, "assets/images/emblem.png": png})
    config = (proj / "mkdocs.yml").read_text(encoding="utf-8")
    for key in ("filing_icp", "filing_police", "filing_site_code"):
        config = "\n".join(line for line in config.splitlines() if not line.startswith(f"  {key}:"))
    config = "\n".join(line for line in config.splitlines() if not line.startswith("  bureau_portal_url:"))
    extra = "".join(f"  {k}: \"{REAL[k]}\"\n" for k in ("filing_icp", "filing_police", "filing_site_code", "gov_mark_image", "gov_mark_url",
                                                         "bureau_portal_url", "bureau_emblem"))
    config = config.replace("\nextra:\n", "\nextra:\n" + extra, 1)
    (proj / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build_verbose(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "仍是示例号码" not in result.stderr and "党政机关网站标识" not in result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{REAL["gov_mark_url"].replace("&", "&amp;")}" rel="noopener"><img src="assets/images/dzjg.png" alt="党政机关网站标识"' in html
    assert (tmp_path / "site" / "assets" / "images" / "dzjg.png").is_file() and "fr-mark-slot" not in html
    assert ('<a class="fr-masthead__bureau" href="https://www.sx.gov.cn/"><img class="fr-masthead__emblem" src="assets/images/emblem.png" alt=""'
            in html) and (tmp_path / "site" / "assets" / "images" / "emblem.png").is_file()
    assert ">政府网站找错</a>" in html and "zfwzgl.www.gov.cn" in html and "<script src=\"http" not in html


def test_a_named_image_missing_from_docs_stops_the_check_with_its_line(tmp_path):
    """extra.bureau_emblem / gov_mark_image naming a file that is not under docs/: file, line, field, fix."""
    proj = make_project(tmp_path / "proj", {})
    config = (proj / "mkdocs.yml").read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:\n  bureau_emblem: assets/images/emblem.png\n", 1)
    (proj / "mkdocs.yml").write_text(config, encoding="utf-8")
    line = config.splitlines().index("  bureau_emblem: assets/images/emblem.png") + 1
    result = farun(proj, "check")
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    out = result.stdout + result.stderr
    assert f"mkdocs.yml:{line}: extra.bureau_emblem（单位徽标图片（docs/ 下的路径））“assets/images/emblem.png” 在 docs/ 下找不到\n" in out
    assert "建议：把图片放到 docs/assets/images/emblem.png，或改正路径；不用时删去这一行" in out
