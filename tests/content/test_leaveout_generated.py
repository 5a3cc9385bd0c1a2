"""Issue 22.1, generated: whatever files are broken and however, leaving them out leaves valid content behind,
and the notice past its ``expires`` is never among what would be published (rebuild.checked_out)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farun.cli import read_config
from farun.runtime import leaveout
from farun.content.settings import load_settings
from farun.rebuild import checked_out
from farun.site.engine import validate
from support import PENALTY, ROOT, lecture

TODAY = dt.date(2026, 12, 11)  # the day after P1's expires
FILES = {
    "lectures/a.md": lecture(1, "第一期讲座"),
    "lectures/b.md": lecture(2, "第二期讲座"),
    "lectures/c.md": lecture(3, "第三期讲座"),
    "notices/p1.md": PENALTY.replace("expires: 2027-09-10", "expires: 2026-12-10").replace("126号", "901号"),
    "notices/p2.md": PENALTY.replace("expires: 2027-09-10", "expires: 2027-06-10").replace("126号", "902号"),
}
# Slips a colleague makes, each one a check error in the file it is made in (or, for the episode, in two files).
SLIPS = {
    "slash date": lambda text: re.sub(r"^date: (\d{4})-(\d{2})-(\d{2})", r"date: \1/\2/\3", text, count=1, flags=re.M),
    "unknown field": lambda text: text.replace("---\n", "---\nspeker: 张三\n", 1),
    "full-width colon": lambda text: text.replace("title: ", "title：", 1),
    "unclosed list": lambda text: text.replace("title: ", "title: [", 1),
    "no front matter end": lambda text: text.replace("\n---\n", "\n", 1).replace("---\n", "", 1),
    "same episode as a.md": lambda text: text.replace("episode: 2", "episode: 1").replace("episode: 3", "episode: 1"),
    "personal number": lambda text: text + "\n联系电话 15912346600。\n",
}


@pytest.fixture(scope="module")
def site_settings():
    extra = dict(read_config(ROOT / "mkdocs.yml").get("extra") or {})
    extra.pop("pii_unscanned_files", None)  # it names a sample file this tree does not have
    return load_settings(extra)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(broken=st.dictionaries(st.sampled_from(sorted(FILES)), st.sampled_from(sorted(SLIPS)), max_size=len(FILES)))
def test_leaving_out_every_file_with_a_problem_leaves_valid_content_and_withdraws_the_expired_notice(
    broken, site_settings, monkeypatch
):
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        for rel, text in FILES.items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(SLIPS[broken[rel]](text) if rel in broken else text, encoding="utf-8")
        listed = Path(tmp) / "list.json"
        monkeypatch.setenv(leaveout.ENV, str(listed))
        gone: dict[str, list[str]] = {}
        leaveout.write(listed, gone)
        assert checked_out(docs, site_settings, TODAY, gone, listed) == []
        changed = {rel for rel in broken if SLIPS[broken[rel]](FILES[rel]) != FILES[rel]}
        # Every slip is named with its file; a duplicate 期数 only when the other file still loads (else it is no clash).
        alone = {rel for rel in changed if broken[rel] != "same episode as a.md"}
        assert alone <= set(gone), (broken, gone)
        assert all(why and all(w.startswith(f"docs/{rel}:") for w in why) for rel, why in gone.items())
        coll, errors = validate(docs, site_settings, TODAY)
        assert errors == []  # what is left is valid: the degraded build can publish it
        published = {r.src_uri for r in coll.items}
        assert "notices/p1.md" not in published  # withdrawn: either hidden as expired or left out
        assert published | set(gone) | {r.src_uri for r, _ in coll.hidden} == set(FILES)
        # Only a slip's own file, or the partner of a duplicate 期数, is left out.
        assert set(gone) <= changed | {"lectures/a.md"}, (broken, gone)  # a.md: the partner of a duplicate 期数
        shutil.rmtree(docs)
