"""The conversation of ``farun publish`` and ``farun update``: check, show, ask who wrote and who reviewed, send.

The git work is golive.py's; this module decides what the clerk sees and answers, all in Chinese.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Callable, TextIO

from farun.authoring import golive
from farun.authoring.golive import Change, GoLiveError
from farun.authoring.prompts import Asker, NoMoreInput


def clean_name(name: str | None) -> str:
    """A person's name as typed, with spaces and full-width forms made comparable."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def review_problem(author: str, reviewer: str) -> str | None:
    """Why these two names cannot publish (None when they can)."""
    if not author:
        return "没有填写撰写人：请写上写这些内容的人的姓名"
    if not reviewer:
        return "没有填写审核人：政府网站发布信息须经审核，请写上审核这些内容的人的姓名"
    if author == reviewer:
        return (
            f"撰写人和审核人都是 “{author}”：政府网站发布信息须经另一人审核（不能自己审核自己写的内容），"
            "请由另一位同事审核后填写其姓名"
        )
    return None


def _ask_name(asker: Asker, question: str) -> str:
    while True:
        name = clean_name(asker.ask(f"{question}："))
        if name:
            return name
        asker.say("  ✗ 姓名不能为空，请重新输入。")


def summary(changes: list[Change], effects: list[str], remote: golive.Remote) -> list[str]:
    """The lines shown before anything is sent."""
    count = Counter(c.kind for c in changes)
    lines = [
        f"将要发布到 {remote.url}（分支 {remote.branch}）：新增 {count['新增']} 个、修改 {count['修改']} 个、"
        f"删除 {count['删除']} 个文件"
    ]
    lines += [f"  {c.kind}  {c.path}" for c in changes]
    if effects:
        lines.append("网站上的变化（服务器下一次构建后生效）：")
        lines += [f"  {line}" for line in effects]
    return lines


def commit_message(changes: list[Change], effects: list[str], author: str, reviewer: str) -> str:
    """The commit message: what changed, what goes live, who wrote it and who approved it."""
    count = Counter(c.kind for c in changes)
    head = f"发布：新增 {count['新增']} 个、修改 {count['修改']} 个、删除 {count['删除']} 个文件"
    body = "\n".join(effects or [c.path for c in changes])
    return f"{head}\n\n{body}\n\n撰写人：{author}\n审核人：{reviewer}\n"


def run_publish(
    root: Path,
    author: str | None,
    reviewer: str | None,
    assume_yes: bool,
    check: Callable[[], int],
    context: dict[str, Any],
    today: dt.date,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """``farun publish``: 0 when sent or nothing to send or declined, 1 when refused, 2 for bad arguments."""
    author, reviewer = clean_name(author), clean_name(reviewer)
    if author and reviewer and review_problem(author, reviewer):
        print(f"错误：{review_problem(author, reviewer)}。没有发布任何内容。", file=stderr)
        return 2
    try:
        remote = golive.read_remote(root, golive.environ())
        with golive.open_repo(root) as repo:
            changes = golive.pending_changes(repo, root)
            if not changes:
                print("没有需要发布的修改：docs/ 和 mkdocs.yml 与上次发布时相同。", file=stdout)
                return 0
            if check():
                print("发布已停止：请先按上面的提示改正，再运行 farun publish。没有发布任何内容。", file=stderr)
                return 1
            ours = golive._head(repo)
            theirs = golive.remote_head(repo, remote, "发布")
            if theirs is not None and not golive.contains(repo, ours, theirs):
                raise GoLiveError(
                    f"服务器版本库 {remote.url} 上有别人发布的新内容，您的电脑上还没有：请先运行 farun update"
                    "（make update）取回，再重新运行 farun publish。没有发布任何内容。"
                )
            effects = golive.item_effects(repo, root, changes, context, today)
            print("\n".join(summary(changes, effects, remote)), file=stdout, flush=True)
            asker = Asker(stdin, stdout, echo=not stdin.isatty())
            author = author or _ask_name(asker, "撰写人（写这些内容的人）的姓名")
            reviewer = reviewer or _ask_name(asker, "审核人（审核过这些内容的另一位同事）的姓名")
            problem = review_problem(author, reviewer)
            if problem:
                print(f"错误：{problem}。没有发布任何内容。", file=stderr)
                return 1
            asker.say(f"撰写人：{author}；审核人：{reviewer}")
            if not assume_yes and not asker.confirm("确认发布吗？"):
                print("已取消，没有发布任何内容。", file=stderr)
                return 0
            branch = golive.local_branch(repo)
            new = golive.commit(repo, root, changes, commit_message(changes, effects, author, reviewer), author, remote)
            golive.push(repo, remote, branch, ours)
    except GoLiveError as exc:
        print(str(exc), file=stderr)
        return 1
    except NoMoreInput:
        print("输入已结束，没有发布任何内容。", file=stderr)
        return 1
    print(
        f"已发布（提交 {new.decode()[:7]}）：服务器下一次构建（每天夜里自动进行，或管理员运行 deploy/farun-rebuild.sh）后在网站上生效。",
        file=stdout,
    )
    return 0


def run_update(root: Path, stdout: TextIO, stderr: TextIO) -> int:
    """``farun update``: take what others published; 0 when up to date, 1 when refused."""
    try:
        remote = golive.read_remote(root, golive.environ())
        with golive.open_repo(root) as repo:
            lines = golive.update(repo, root, remote)
    except GoLiveError as exc:
        print(str(exc), file=stderr)
        return 1
    print("\n".join(lines), file=stdout)
    return 0
