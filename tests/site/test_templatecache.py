"""Compiled templates cached between builds never outlive the autoescape policy they were compiled under."""

from __future__ import annotations

import jinja2

from farun.site.templatecache import TemplateCache


def environment(tmp_path, escape_ours: bool) -> jinja2.Environment:
    loader = jinja2.DictLoader({"ours.html": "<p>{{ value }}</p>"})
    env = jinja2.Environment(loader=loader, autoescape=lambda name: escape_ours and name == "ours.html")
    env.bytecode_cache = TemplateCache(tmp_path / "jinja", env)
    return env


def test_a_template_cached_without_escaping_is_not_reused_once_escaping_is_on(tmp_path):
    hostile = "<script>alert(1)</script>"
    before = environment(tmp_path, escape_ours=False)
    assert before.get_template("ours.html").render(value=hostile) == f"<p>{hostile}</p>"
    assert list((tmp_path / "jinja").iterdir())  # the compiled code was stored
    after = environment(tmp_path, escape_ours=True)  # a new build, same cache folder, policy changed
    assert after.get_template("ours.html").render(value=hostile) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_an_unchanged_template_is_loaded_from_the_cache(tmp_path):
    first = environment(tmp_path, escape_ours=True)
    first.get_template("ours.html")
    second = environment(tmp_path, escape_ours=True)
    loaded = []
    real = second.bytecode_cache.load_bytecode
    second.bytecode_cache.load_bytecode = lambda bucket: (real(bucket), loaded.append(bucket.code is not None))
    second.get_template("ours.html")
    assert loaded == [True]
    assert len(list((tmp_path / "jinja").iterdir())) == 1


def test_the_key_names_the_escaping_decision(tmp_path):
    env = environment(tmp_path, escape_ours=True)
    other = environment(tmp_path / "b", escape_ours=False)
    assert env.bytecode_cache.get_cache_key("ours.html") != other.bytecode_cache.get_cache_key("ours.html")
    assert env.bytecode_cache.get_cache_key("ours.html") == environment(tmp_path / "c", True).bytecode_cache.get_cache_key("ours.html")
