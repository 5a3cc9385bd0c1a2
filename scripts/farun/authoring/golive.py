"""``farun publish`` and ``farun update``: a clerk's change from the PC to the repository the server builds from.

Git is spoken by dulwich (pure Python), so a Windows PC needs no git install. Only ``docs/`` and
``mkdocs.yml`` are published; the remote and its credentials come from a settings file outside the
repository (never committed). Who wrote the change and who reviewed it (the 审核 rule of government
website publishing) are recorded in the commit. The server's daily rebuild (deploy/farun-rebuild.sh)
picks the change up with ``git pull --ff-only``, so a publish only ever fast-forwards the remote.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, cast

from dulwich import porcelain
from dulwich.client import HTTPProxyUnauthorized, HTTPUnauthorized
from dulwich.diff_tree import TreeChange, tree_changes
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.ignore import IgnoreFilterManager
from dulwich.index import index_entry_from_stat
from dulwich.objects import Blob, Commit, ObjectID, TreeEntry
from dulwich.refs import Ref
from dulwich.repo import Repo

from farun.content.lifecycle import hidden_reason, is_revoked
from farun.content.load import load_file
from farun.runtime.errors import StaffError

PUBLISHED = ("docs/", "mkdocs.yml")  # what a clerk publishes; code changes go through the administrator
SETTINGS_EXAMPLE = "deploy/publish.env.example"


class GoLiveError(StaffError):
    """A Chinese message for the clerk: why nothing was published (or updated), and what to do."""


@dataclass(frozen=True)
class Remote:
    """Where the server's repository is and how to log in (from the settings file)."""

    url: str
    branch: str
    username: str | None
    password: str | None
    email: str
    source: Path


@dataclass(frozen=True)
class Change:
    """One file that differs from the last publication: 新增, 修改 or 删除."""

    path: str
    kind: str


def settings_files(root: Path, environ: Mapping[str, str]) -> list[Path]:
    """Where the settings may be, first found wins: FARUN_PUBLISH_ENV, deploy/publish.env, the user's folder."""
    found = [Path(environ["FARUN_PUBLISH_ENV"])] if environ.get("FARUN_PUBLISH_ENV") else []
    found.append(root / "deploy" / "publish.env")
    if environ.get("APPDATA"):
        found.append(Path(environ["APPDATA"]) / "farun" / "publish.env")
    found.append(Path.home() / ".config" / "farun" / "publish.env")
    return found


def read_remote(root: Path, environ: Mapping[str, str]) -> Remote:
    """The remote of the first settings file found; a Chinese message naming the file when it is unusable."""
    candidates = settings_files(root, environ)
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise GoLiveError(
            "找不到发布设置文件：请管理员把 "
            + SETTINGS_EXAMPLE
            + " 复制为 deploy/publish.env（或 "
            + str(candidates[-1])
            + "），填写 FARUN_REMOTE（服务器版本库的地址）；这个文件不会被发布"
        )
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise GoLiveError(
                f"{path}:{number}: 应写成 名称=值，例如 FARUN_REMOTE=https://git.example.gov.cn/farun.git"
            )
        values[key.strip()] = value.strip().strip('"').strip("'")
    if not values.get("FARUN_REMOTE"):
        raise GoLiveError(
            f"{path} 中没有 FARUN_REMOTE：请写上服务器版本库的地址，例如 FARUN_REMOTE=https://git.example.gov.cn/farun.git"
        )
    return Remote(
        url=values["FARUN_REMOTE"],
        branch=values.get("FARUN_BRANCH") or "main",
        username=values.get("FARUN_USERNAME") or None,
        password=values.get("FARUN_PASSWORD") or None,
        email=values.get("FARUN_EMAIL") or "farun-publish@localhost",
        source=path,
    )


def open_repo(root: Path) -> Repo:
    """The project's repository; a Chinese message when the folder is not a copy of one."""
    try:
        return Repo(str(root))
    except NotGitRepository:
        raise GoLiveError(
            f"项目文件夹 {root} 不是从服务器版本库取得的副本（没有 .git 文件夹），无法发布："
            "请管理员用 git clone 取得项目文件夹，并把您改过的 docs/ 复制进去"
        ) from None


def _head(repo: Repo) -> ObjectID | None:
    try:
        return repo.refs[Ref(b"HEAD")]
    except KeyError:
        return None


def _tree(repo: Repo, commit: ObjectID) -> ObjectID:
    """The tree of a commit (a branch or HEAD names a commit, never another kind of object)."""
    return cast(Commit, repo[commit]).tree


def _changed(change: TreeChange) -> TreeEntry:
    """The entry a change is about: the new one, or the old one of a deleted file (``new`` is None then)."""
    entry = change.new or change.old
    assert entry is not None  # tree_changes gives one side at least
    return entry


def _head_files(repo: Repo) -> dict[str, bytes]:
    """Path -> blob id of every published file in the last commit."""
    head = _head(repo)
    if head is None:
        return {}
    tree = _tree(repo, head)
    return {
        entry.path.decode("utf-8"): entry.sha
        for entry in repo.object_store.iter_tree_contents(tree)
        if entry.path.decode("utf-8").startswith(PUBLISHED)
    }


def _working_files(repo: Repo, root: Path) -> dict[str, Path]:
    ignore = IgnoreFilterManager.from_repo(repo)
    found = {"mkdocs.yml": root / "mkdocs.yml"} if (root / "mkdocs.yml").is_file() else {}
    for path in sorted((root / "docs").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not path.is_symlink() and not ignore.is_ignored(rel):
            found[rel] = path
    return found


def _same(repo: Repo, blob_id: bytes, data: bytes) -> bool:
    if Blob.from_string(data).id == blob_id:
        return True
    # A checkout by Git for Windows may turn LF into CRLF: that alone is no change worth publishing.
    return b"\r\n" in data and Blob.from_string(data.replace(b"\r\n", b"\n")).id == blob_id


def pending_changes(repo: Repo, root: Path) -> list[Change]:
    """Files under docs/ and mkdocs.yml that differ from the last commit, in path order."""
    before, after = _head_files(repo), _working_files(repo, root)
    changes = [Change(rel, "新增") for rel in after if rel not in before]
    changes += [
        Change(rel, "修改") for rel in after if rel in before and not _same(repo, before[rel], after[rel].read_bytes())
    ]
    changes += [Change(rel, "删除") for rel in before if rel not in after]
    return sorted(changes, key=lambda c: c.path)


def _record(docs_dir: Path, src_uri: str, context: dict[str, Any]):
    if not (docs_dir / src_uri).is_file():
        return None
    return load_file(docs_dir, src_uri, context)[0]


def item_effects(repo: Repo, root: Path, changes: list[Change], context: dict[str, Any], today: dt.date) -> list[str]:
    """What each changed lecture, case or notice does on the site after the next build, in Chinese."""
    lines: list[str] = []
    before_files = _head_files(repo)
    with tempfile.TemporaryDirectory(prefix="farun-publish-") as tmp:
        old_docs = Path(tmp) / "docs"
        for change in changes:
            parts = change.path.split("/")
            if (
                len(parts) < 3
                or parts[0] != "docs"
                or parts[1] not in ("lectures", "cases", "notices")
                or not change.path.endswith(".md")
            ):
                continue
            src_uri = change.path[len("docs/") :]
            if change.path in before_files:
                target = old_docs / src_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(repo[before_files[change.path]].as_raw_string())
            old, new = _record(old_docs, src_uri, context), _record(root / "docs", src_uri, context)
            lines.append(_effect(change.path, old, new, today))
    return lines


def _effect(path: str, old, new, today: dt.date) -> str:
    was = old is not None and hidden_reason(old, today) is None
    record = new or old
    name = f"{record.meta.label}《{record.meta.title}》（{path}）" if record else path
    if new is None:
        return f"撤下：{name}：文件已删除" if was else f"删除：{name}（原来也没有发布）"
    why = hidden_reason(new, today)
    if why:
        return f"撤下：{name}：{why}" if was else f"暂不发布：{name}：{why}"
    if is_revoked(new) and not (old is not None and is_revoked(old)):
        return f"撤回：{name}：网站上只保留撤回说明"
    return f"更新：{name}" if was else f"上线：{name}"


def _quiet() -> dict[str, Any]:
    return {"outstream": io.BytesIO(), "errstream": io.BytesIO()}


def _login(remote: Remote) -> dict[str, Any]:
    return {"username": remote.username, "password": remote.password} if remote.username or remote.password else {}


def network_message(exc: Exception, remote: Remote, doing: str) -> str:
    """Why talking to the remote failed, in Chinese; never the password or a traceback."""
    where = f"服务器版本库 {remote.url}（设置文件 {remote.source}）"
    if isinstance(exc, HTTPUnauthorized):
        return (
            f"{doing}失败：{where}拒绝了用户名或密码：请核对 FARUN_USERNAME 和 FARUN_PASSWORD（或请管理员重新发放令牌）"
        )
    if isinstance(exc, NotGitRepository):
        return f"{doing}失败：{where}不存在或不是版本库：请核对 FARUN_REMOTE"
    if isinstance(exc, HangupException):
        return f"{doing}失败：{where}中断了连接（可能没有权限）：请稍后重试，仍不行请联系管理员"
    if isinstance(exc, HTTPProxyUnauthorized):
        return f"{doing}失败：单位网络的代理服务器拒绝了连接 {remote.url}：请联系管理员设置代理"
    if not isinstance(exc, (GitProtocolError, OSError)):
        return f"{doing}失败：与{where}通信时出错（{type(exc).__name__}）：请稍后重试，仍不行请联系管理员"
    return f"{doing}失败：连不上{where}：请检查网络（是否连上单位内网），稍后重试；仍不行请联系管理员"


# dulwich's refusals are not all of one family (HTTPUnauthorized is a bare Exception); anything else the
# transport raises still ends in a Chinese line, never a traceback.
NETWORK_ERRORS = (GitProtocolError, NotGitRepository, OSError, HTTPUnauthorized, HTTPProxyUnauthorized, Exception)


def remote_head(repo: Repo, remote: Remote, doing: str) -> ObjectID | None:
    """Fetch the remote's objects; its branch head (None for an empty repository)."""
    try:
        result = porcelain.fetch(repo, remote.url, quiet=True, **_quiet(), **_login(remote))
    except NETWORK_ERRORS as exc:
        raise GoLiveError(network_message(exc, remote, doing)) from None
    return result.refs.get(Ref(f"refs/heads/{remote.branch}".encode()))


def contains(repo: Repo, head: ObjectID | None, commit: ObjectID) -> bool:
    """Whether ``commit`` is ``head`` or one of its ancestors."""
    if head is None:
        return False
    return any(entry.commit.id == commit for entry in repo.get_walker(include=[head]))


def local_branch(repo: Repo) -> Ref:
    """refs/heads/<name> that HEAD points at."""
    target = repo.refs.get_symrefs().get(Ref(b"HEAD"))
    if not target:
        raise GoLiveError("项目文件夹的版本库没有停在某个分支上（detached HEAD）：请联系管理员处理")
    return target


def commit(repo: Repo, root: Path, changes: list[Change], message: str, author: str, remote: Remote) -> bytes:
    """Stage exactly ``changes`` and commit them; returns the new commit id."""
    present = [str(root / c.path) for c in changes if c.kind != "删除"]
    if present:
        porcelain.add(repo, present)
    gone = [c.path.encode("utf-8") for c in changes if c.kind == "删除"]
    if gone:
        index = repo.open_index()
        for path in gone:
            if path in index:
                del index[path]
        index.write()
    who = f"{author} <{remote.email}>".encode("utf-8")
    return porcelain.commit(repo, message=message.encode("utf-8"), author=who, committer=who)


def push(repo: Repo, remote: Remote, branch: Ref, previous: ObjectID | None) -> None:
    """Send the branch; on refusal put the local branch back where it was and say why."""
    try:
        porcelain.push(
            repo, remote.url, [branch + b":refs/heads/" + remote.branch.encode()], **_quiet(), **_login(remote)
        )
        return
    except porcelain.DivergedBranches:
        message = (
            f"发布失败：服务器版本库 {remote.url} 上已有别人发布的新内容，您的电脑上还没有："
            "请先运行 farun update（make update）取回，再重新运行 farun publish"
        )
    except NETWORK_ERRORS as exc:
        message = network_message(exc, remote, "发布")
    if previous is not None:
        repo.refs[branch] = previous  # the files stay as they are; the next publish commits them again
    raise GoLiveError(message + "。没有发布任何内容。")


def update(repo: Repo, root: Path, remote: Remote) -> list[str]:
    """Fast-forward the project folder to the remote; refuse when a local edit would be overwritten."""
    theirs = remote_head(repo, remote, "更新")
    ours = _head(repo)
    if theirs is None or theirs == ours or contains(repo, ours, theirs):
        return ["已经是最新的内容，不需要更新。"]
    if ours is not None and not contains(repo, theirs, ours):
        raise GoLiveError("您的电脑上有还没有发布成功的提交，和服务器上的新内容不能直接合并：请联系管理员处理")
    mine = {c.path for c in pending_changes(repo, root)}
    old_tree = _tree(repo, ours) if ours else None
    incoming = list(tree_changes(repo.object_store, old_tree, _tree(repo, theirs)))
    paths = [_changed(c).path.decode("utf-8") for c in incoming]
    clash = sorted(p for p in paths if p in mine)
    if clash:
        raise GoLiveError(
            "这些文件您改过，服务器上也有人改过，不能自动更新："
            + "、".join(clash)
            + "。请先把您的修改另存一份，再请管理员处理"
        )
    branch = local_branch(repo)
    index = repo.open_index()
    for change in incoming:  # only the files the remote changed: the clerk's own edits stay as they are
        rel = _changed(change).path
        target = root / rel.decode("utf-8")
        new = change.new
        if new is None:  # deleted on the server
            target.unlink(missing_ok=True)
            if rel in index:
                del index[rel]
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(repo[new.sha].as_raw_string())
            index[rel] = index_entry_from_stat(os.lstat(target), new.sha, mode=new.mode)
    index.write()
    repo.refs[branch] = theirs
    return [f"已从服务器取回 {len(paths)} 个文件：" + "、".join(sorted(paths))]


def environ() -> Mapping[str, str]:
    """The process environment (a seam for tests)."""
    return os.environ
