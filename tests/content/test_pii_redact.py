"""Never print the number: terminal, logs and the preview show it masked (issue 12, point 6)."""

from __future__ import annotations

import io
import logging

from farun.cli import Redacting
from farun.pii.numbers import redact

ID18 = "33010619850612231X"


def test_redact_masks_every_form_and_keeps_the_rest():
    assert (
        redact("电话：159 5812 6600，身份证 33010619850612231x。") == "电话：159****6600，身份证 330106********231X。"
    )
    assert redact("号码 １５９－５８１２－６６００ 好") == "号码 159****6600 好"
    assert redact("联系 1\u200b5958126600，热线 0575-85130000、12328") == "联系 159****6600，热线 0575-85130000、12328"
    assert redact("一五九五八一二六六〇〇") == "159****6600"
    assert redact("没有号码（全角括号），2023-06-12") == "没有号码（全角括号），2023-06-12"


def test_cli_streams_are_redacted():
    buffer = io.StringIO()
    stream = Redacting(buffer)
    print(f"docs/a.md:3: 实际为 “{ID18}”", file=stream)
    assert buffer.getvalue() == "docs/a.md:3: 实际为 “330106********231X”\n"
    assert stream.getvalue() == buffer.getvalue()  # everything else is the wrapped stream's


def test_engine_log_lines_are_redacted():
    import importlib.util
    import pathlib

    hook_path = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "farun" / "hook.py"
    spec = importlib.util.spec_from_file_location("farun_hook_for_test", hook_path)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    logger = logging.getLogger("properdocs")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    logger.addHandler(handler)
    try:
        hook._redact_logs()
        hook._redact_logs()  # installed once, even when the hook is loaded again
        assert sum(type(f).__name__ == "RedactPersonalNumbers" for f in handler.filters) == 1
        logging.getLogger("properdocs.plugins.farun").warning("标题 %s 含有 %s", "张某", "159-5812-6600")
    finally:
        logger.removeHandler(handler)
    assert buffer.getvalue() == "标题 张某 含有 159****6600\n"
