"""The benchmark's size figures read what a browser fetches from our site and from plain Material's."""

from __future__ import annotations

import json
from pathlib import Path

from farun.bench import run
from farun.publish import searchindex


def test_our_index_is_the_stub_and_every_shard(built_site: Path):
    lecture = next(p for p in (built_site / "lectures").iterdir() if (p / "index.html").is_file() and p.name != "page")
    sizes = run._sizes(built_site, f"lectures/{lecture.name}/")
    search = built_site / "search"
    names = json.loads((search / searchindex.STUB).read_text(encoding="utf-8"))["config"]["farun_shards"]
    files = [search / searchindex.STUB] + [search / name.split("?", 1)[0] for name in names]
    assert sizes["index_files"] == len(files) >= 2
    assert sizes["index_raw"] == sum(f.stat().st_size for f in files)
    assert 0 < sizes["index_gzip"] < sizes["index_raw"]


def test_plain_materials_index_is_its_one_file(tmp_path: Path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"config":{},"docs":[]}', encoding="utf-8")
    (tmp_path / "lectures" / "x").mkdir(parents=True)
    (tmp_path / "lectures" / "x" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    sizes = run._sizes(tmp_path, "lectures/x/")
    assert (sizes["index_files"], sizes["index_raw"]) == (1, len('{"config":{},"docs":[]}'))
