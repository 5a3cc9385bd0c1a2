"""`farun publish` / `farun update`: from the clerk's PC (no git installed) to the server's repository and live site.

The server side is real git: a bare repository (file path remote) and a server clone that runs
deploy/farun-rebuild.sh (git pull --ff-only, then the build). The clerk side runs python -m farun
with a PATH that holds no git, as on a Windows PC.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import LECTURE, NOTICE, ROOT, make_project

GIT = ["git", "-c", "user.name=管理员", "-c", "user.email=admin@example.gov.cn", "-c", "init.defaultBranch=main"]
SITE_URL = "https://www.example.gov.cn/fxjt/"
NEW_NOTICE = NOTICE.replace("title: ", "title: 新发布的", 1)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def clerk_run(folder: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """python -m farun in the clerk's folder, with no git on PATH (a Windows PC without Git)."""
    base = {k: v for k, v in os.environ.items() if k not in ("FARUN_PUBLISH_ENV", "APPDATA", "FARUN_VIA_MAKE")}
    base.update(
        PATH=str(folder / "no-git-here"),
        PYTHONPATH=str(folder / "scripts"),
        NO_COLOR="1",
        SOURCE_DATE_EPOCH="1764043200",
        HOME=str(folder / "home"),
        **(env or {}),
    )
    return subprocess.run(
        [sys.executable, "-m", "farun", *args], cwd=folder, env=base, capture_output=True, text=True, input=stdin
    )


@pytest.fixture
def server(tmp_path):
    """A project in git, its bare repository (the remote) and a clerk's clone with deploy/publish.env."""
    src = make_project(tmp_path / "src", {"lectures/2023-03-a.md": LECTURE})
    shutil.copy(ROOT / ".gitignore", src / ".gitignore")
    (src / "deploy").mkdir()
    shutil.copy(ROOT / "deploy/farun-rebuild.sh", src / "deploy/farun-rebuild.sh")
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "初始内容")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(src), str(remote))
    clerk = tmp_path / "clerk"
    git(tmp_path, "clone", "-q", str(remote), str(clerk))
    (clerk / "deploy/publish.env").write_text(f"FARUN_REMOTE={remote}\nFARUN_BRANCH=main\n", encoding="utf-8")
    return remote, clerk


def test_publish_sends_the_change_with_author_and_reviewer_and_the_rebuild_puts_it_live(server, tmp_path):
    remote, clerk = server
    (clerk / "docs/notices").mkdir(exist_ok=True)
    (clerk / "docs/notices/2024-01-xinwen.md").write_text(NEW_NOTICE, encoding="utf-8")
    (clerk / "台账.xlsx").write_bytes(b"PK not published")  # outside docs/: ignored by git, never sent
    result = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", stdin="是\n")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert (
        f"将要发布到 {remote}（分支 main）：新增 1 个、修改 0 个、删除 0 个文件\n  新增  docs/notices/2024-01-xinwen.md\n"
        in out
    )
    assert "网站上的变化（服务器下一次构建后生效）：\n  上线：公告《新发布的" in out
    assert "撰写人：张三；审核人：李四\n确认发布吗？（是/否，直接回车为“是”）：是\n" in out
    assert "已发布（提交 " in out and "Traceback" not in result.stderr
    log = git(remote, "log", "-1", "--format=%an%n%B", "main")
    assert log.startswith("张三\n发布：新增 1 个、修改 0 个、删除 0 个文件\n")
    assert "撰写人：张三\n审核人：李四" in log
    assert git(remote, "ls-tree", "-r", "--name-only", "main").count("台账.xlsx") == 0
    again = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四")
    assert again.returncode == 0 and "没有需要发布的修改" in again.stdout

    # The server: a clone of the same remote, rebuilt by the real script (git pull --ff-only, build, replace).
    site_repo, target = tmp_path / "server", tmp_path / "www" / "fxjt"
    git(tmp_path, "clone", "-q", str(remote), str(site_repo))
    git(site_repo, "reset", "-q", "--hard", "HEAD~1")  # as it was before the publication
    (site_repo / "deploy/farun.env").write_text(
        f"SITE_URL={SITE_URL}\nFARUN_TARGET={target}\nFARUN_STATE_DIR={tmp_path / 'state'}\n", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "FARUN_TARGET", "FARUN_ENV_FILE", "MAKEFLAGS")}
    env.update(FARUN_PYTHON=sys.executable, NO_COLOR="1", SOURCE_DATE_EPOCH="1764043200")
    rebuilt = subprocess.run(
        ["bash", "deploy/farun-rebuild.sh"], cwd=site_repo, env=env, capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "git pull 失败" not in rebuilt.stderr
    assert (target / "notices/2024-01-xinwen/index.html").is_file()


def test_the_same_person_cannot_write_and_review_and_names_are_asked_when_missing(server):
    _, clerk = server
    (clerk / "docs/notices").mkdir(exist_ok=True)
    (clerk / "docs/notices/2024-01-xinwen.md").write_text(NEW_NOTICE, encoding="utf-8")
    same = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", " 张 三 ")
    assert same.returncode == 2
    assert same.stderr == (
        "错误：撰写人和审核人都是 “张三”：政府网站发布信息须经另一人审核（不能自己审核自己写的内容），"
        "请由另一位同事审核后填写其姓名。没有发布任何内容。\n"
    )
    asked = clerk_run(clerk, "publish", stdin="张三\n张三\n")
    assert (
        asked.returncode == 1
        and "撰写人（写这些内容的人）的姓名：张三\n审核人（审核过这些内容的另一位同事）的姓名：张三\n" in asked.stdout
    )
    assert "撰写人和审核人都是 “张三”" in asked.stderr
    declined = clerk_run(clerk, "publish", stdin="张三\n李四\n否\n")
    assert declined.returncode == 0 and declined.stderr == "已取消，没有发布任何内容。\n"
    assert "Traceback" not in same.stderr + asked.stderr + declined.stderr


def test_a_content_problem_stops_the_publication(server):
    remote, clerk = server
    (clerk / "docs/notices").mkdir(exist_ok=True)
    (clerk / "docs/notices/2024-01-xinwen.md").write_text(
        NEW_NOTICE.replace("date: 2024-", "date: 2024/"), encoding="utf-8"
    )
    before = git(remote, "rev-parse", "main")
    result = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", stdin="是\n")
    assert result.returncode == 1
    assert "发布已停止：请先按上面的提示改正，再运行 farun publish。没有发布任何内容。" in result.stderr
    assert git(remote, "rev-parse", "main") == before


def test_someone_else_published_first_then_update_brings_it_and_publish_works(server, tmp_path):
    remote, clerk = server
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "docs/lectures/2023-03-a.md").write_text(
        LECTURE.replace("summary: ", "summary: 修订后的", 1), encoding="utf-8"
    )
    git(other, "commit", "-qam", "别人先发布")
    git(other, "push", "-q", "origin", "HEAD:main")
    (clerk / "docs/notices").mkdir(exist_ok=True)
    (clerk / "docs/notices/2024-01-xinwen.md").write_text(NEW_NOTICE, encoding="utf-8")
    refused = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", stdin="是\n")
    assert refused.returncode == 1
    assert refused.stderr == (
        f"服务器版本库 {remote} 上有别人发布的新内容，您的电脑上还没有：请先运行 farun update（make update）"
        "取回，再重新运行 farun publish。没有发布任何内容。\n"
    )
    updated = clerk_run(clerk, "update")
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout == "已从服务器取回 1 个文件：docs/lectures/2023-03-a.md\n"
    assert "修订后的" in (clerk / "docs/lectures/2023-03-a.md").read_text(encoding="utf-8")
    assert (clerk / "docs/notices/2024-01-xinwen.md").is_file()  # the clerk's own new file is untouched
    sent = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", stdin="是\n")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "新增 1 个、修改 0 个、删除 0 个文件" in sent.stdout  # not the lecture the other person changed
    assert git(remote, "log", "--format=%s", "main").splitlines()[:2] == [
        "发布：新增 1 个、修改 0 个、删除 0 个文件",
        "别人先发布",
    ]
    assert clerk_run(clerk, "update").stdout == "已经是最新的内容，不需要更新。\n"


def test_update_removes_a_file_someone_else_deleted(server, tmp_path):
    """dulwich 1.x gives a deletion no new entry (mypy found update() reading its path): once a traceback."""
    remote, clerk = server
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "docs/notices").mkdir(exist_ok=True)
    (other / "docs/notices/2024-01-xinwen.md").write_text(NEW_NOTICE, encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "别人发布公告")
    git(other, "push", "-q", "origin", "HEAD:main")
    assert clerk_run(clerk, "update").returncode == 0
    git(other, "rm", "-q", "docs/notices/2024-01-xinwen.md")
    git(other, "commit", "-qm", "别人撤下公告")
    git(other, "push", "-q", "origin", "HEAD:main")
    updated = clerk_run(clerk, "update")
    assert (updated.returncode, updated.stderr) == (0, "")
    assert updated.stdout == "已从服务器取回 1 个文件：docs/notices/2024-01-xinwen.md\n"
    assert not (clerk / "docs/notices/2024-01-xinwen.md").exists()
    assert clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四").stdout.startswith("没有需要发布的修改")


def test_update_refuses_to_overwrite_a_file_the_clerk_changed(server, tmp_path):
    remote, clerk = server
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "docs/lectures/2023-03-a.md").write_text(
        LECTURE.replace("summary: ", "summary: 他人的", 1), encoding="utf-8"
    )
    git(other, "commit", "-qam", "别人先发布")
    git(other, "push", "-q", "origin", "HEAD:main")
    mine = LECTURE.replace("summary: ", "summary: 我的", 1)
    (clerk / "docs/lectures/2023-03-a.md").write_text(mine, encoding="utf-8")
    result = clerk_run(clerk, "update")
    assert result.returncode == 1
    assert result.stderr == (
        "这些文件您改过，服务器上也有人改过，不能自动更新：docs/lectures/2023-03-a.md。"
        "请先把您的修改另存一份，再请管理员处理\n"
    )
    assert (clerk / "docs/lectures/2023-03-a.md").read_text(encoding="utf-8") == mine


def test_settings_missing_remote_unreachable_or_not_a_repository_are_said_in_chinese(server, tmp_path):
    _, clerk = server
    (clerk / "docs/notices").mkdir(exist_ok=True)
    (clerk / "docs/notices/2024-01-xinwen.md").write_text(NEW_NOTICE, encoding="utf-8")
    settings = clerk / "deploy/publish.env"
    settings.unlink()
    missing = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四")
    assert missing.returncode == 1 and missing.stderr.startswith(
        "找不到发布设置文件：请管理员把 deploy/publish.env.example 复制为 deploy/publish.env（或 "
    )
    elsewhere = tmp_path / "appdata"
    (elsewhere / "farun").mkdir(parents=True)
    (elsewhere / "farun/publish.env").write_text(f"FARUN_REMOTE={tmp_path / 'nope.git'}\n", encoding="utf-8")
    nope = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", env={"APPDATA": str(elsewhere)})
    assert nope.returncode == 1
    assert nope.stderr == (
        f"发布失败：服务器版本库 {tmp_path / 'nope.git'}（设置文件 {elsewhere / 'farun/publish.env'}）"
        "不存在或不是版本库：请核对 FARUN_REMOTE\n"
    )
    settings.write_text(
        "FARUN_REMOTE=http://127.0.0.1:9/farun.git\nFARUN_USERNAME=clerk\nFARUN_PASSWORD=s3cret-token\n",
        encoding="utf-8",
    )
    down = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四")
    assert down.returncode == 1
    assert down.stderr == (
        "发布失败：连不上服务器版本库 http://127.0.0.1:9/farun.git（设置文件 deploy/publish.env）："
        "请检查网络（是否连上单位内网），稍后重试；仍不行请联系管理员\n"
    ).replace("deploy/publish.env", str(settings))
    assert "s3cret-token" not in down.stdout + down.stderr
    for ignored in ("deploy/publish.env", "台账.xlsx", "导出/双公示.csv", "旧台账.xls"):
        assert subprocess.run(["git", "check-ignore", "-q", ignored], cwd=clerk).returncode == 0, ignored
    for kept in ("docs/files/统计表.xlsx", "docs/data/a.csv"):  # a spreadsheet meant for the site stays
        assert subprocess.run(["git", "check-ignore", "-q", kept], cwd=clerk).returncode == 1, kept


def test_a_changed_and_a_deleted_file_are_shown_as_update_and_withdrawal_and_sent(server):
    remote, clerk = server
    extra = LECTURE.replace("episode: 1", "episode: 2").replace("title: ", "title: 第二期", 1)
    (clerk / "docs/lectures/2023-04-b.md").write_text(extra, encoding="utf-8")
    first = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", "--yes")
    assert first.returncode == 0, first.stdout + first.stderr
    (clerk / "docs/lectures/2023-03-a.md").unlink()
    (clerk / "docs/lectures/2023-04-b.md").write_text(
        extra.replace("summary: ", "summary: 更正：", 1), encoding="utf-8"
    )
    drafted = clerk / "docs/lectures/2023-05-c.md"
    drafted.write_text(
        LECTURE.replace("episode: 1", "episode: 3").replace("---\n\n", "draft: true\n---\n\n", 1), encoding="utf-8"
    )
    result = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四", "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert (
        "新增 1 个、修改 1 个、删除 1 个文件\n  删除  docs/lectures/2023-03-a.md\n  修改  docs/lectures/2023-04-b.md\n"
        "  新增  docs/lectures/2023-05-c.md\n" in out
    )
    assert "  撤下：docs/lectures/2023-03-a.md" not in out and "：文件已删除\n" in out
    assert (
        "  撤下：讲座《" in out
        and "  更新：讲座《第二期" in out
        and "  暂不发布：讲座《" in out
        and "草稿（draft: true）" in out
    )
    files = git(remote, "ls-tree", "-r", "--name-only", "main").splitlines()
    assert "docs/lectures/2023-03-a.md" not in files and "docs/lectures/2023-05-c.md" in files
    assert "更正：" in git(remote, "show", "main:docs/lectures/2023-04-b.md")
    assert (
        clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四").stdout
        == "没有需要发布的修改：docs/ 和 mkdocs.yml 与上次发布时相同。\n"
    )


def test_a_remote_that_refuses_the_token_is_said_in_chinese_without_the_token(server):
    import http.server
    import threading

    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the server's name)
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        _, clerk = server
        (clerk / "docs/notices").mkdir(exist_ok=True)
        (clerk / "docs/notices/2024-01-xinwen.md").write_text(NEW_NOTICE, encoding="utf-8")
        url = f"http://127.0.0.1:{httpd.server_port}/fxjt/farun.git"
        settings = clerk / "deploy/publish.env"
        settings.write_text(
            f"FARUN_REMOTE={url}\nFARUN_USERNAME=clerk\nFARUN_PASSWORD=s3cret-token\n", encoding="utf-8"
        )
        result = clerk_run(clerk, "publish", "--author", "张三", "--reviewer", "李四")
    finally:
        httpd.shutdown()
        thread.join()
    assert result.returncode == 1
    assert result.stderr == (
        f"发布失败：服务器版本库 {url}（设置文件 {settings}）拒绝了用户名或密码："
        "请核对 FARUN_USERNAME 和 FARUN_PASSWORD（或请管理员重新发放令牌）\n"
    )
    assert "s3cret-token" not in result.stdout + result.stderr
