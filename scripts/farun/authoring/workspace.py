"""``python scripts/farun setup``: the project's own Python environment, without make or bash.

Most staff edit on Windows PCs. This module uses the standard library only,
so it runs before anything is installed: it creates ``.venv``, installs the
pinned requirements and puts ``scripts/`` on the environment's path (a .pth
file), after which ``.venv\\Scripts\\python -m farun …`` (or ``farun.cmd …``)
works from any folder, exactly like ``make …``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
STAMP = ".requirements-installed"  # the same stamp the Makefile keeps


def venv_python(venv_dir: Path) -> Path:
    """The environment's interpreter: Scripts\\python.exe on Windows, bin/python elsewhere."""
    windows = venv_dir / "Scripts" / "python.exe"
    return windows if os.name == "nt" or windows.exists() else venv_dir / "bin" / "python"


def _site_packages(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout.strip())


def _installed(stamp: Path, requirements: Path, wanted: str) -> bool:
    """Our stamp holds the requirements' digest; make's is empty and newer than requirements.txt."""
    if not stamp.exists():
        return False
    held = stamp.read_text(encoding="utf-8").strip()
    return held == wanted or (not held and stamp.stat().st_mtime >= requirements.stat().st_mtime)


def main(argv: list[str]) -> int:
    """``setup [--venv DIR]`` from the command line."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="farun setup", description="创建 .venv 并安装固定版本的依赖（代替 make 的准备步骤）"
    )
    parser.add_argument("--venv", type=Path, help="环境文件夹，默认为项目中的 .venv")
    args = parser.parse_args(argv)
    try:
        return setup(ROOT, args.venv.resolve() if args.venv else None)
    except KeyboardInterrupt:
        print("\n已取消。", file=sys.stderr)
        return 130


def setup(root: Path = ROOT, venv_dir: Path | None = None, out=sys.stdout) -> int:
    """Create the environment if needed, install the pinned requirements once per change, link scripts/."""
    venv_dir = venv_dir or root / ".venv"
    requirements = root / "requirements.txt"
    python = venv_python(venv_dir)
    if not python.exists():
        print(f"正在创建 Python 环境：{venv_dir}", file=out, flush=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    stamp = venv_dir / STAMP
    wanted = hashlib.sha256(requirements.read_bytes()).hexdigest()
    if not _installed(stamp, requirements, wanted):
        print("正在安装固定版本的依赖（第一次需要几分钟）……", file=out, flush=True)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)],
            cwd=root,
        )
        if result.returncode != 0:
            print("安装依赖失败：请检查网络或 pip 镜像设置后重新运行 setup。", file=sys.stderr)
            return 1
        stamp.write_text(wanted, encoding="utf-8")
    pth = _site_packages(python) / "farun-scripts.pth"
    pth.write_text(str((root / "scripts").resolve()) + "\n", encoding="utf-8")
    shown = python.relative_to(root) if python.is_relative_to(root) else python
    print(
        f"环境已就绪。以后用 {shown} -m farun check|build|serve|new|import …（Windows 上也可直接运行 farun.cmd …）",
        file=out,
    )
    return 0


def repair_link(root: Path = ROOT, prefix: str = sys.prefix, site_packages: Path | None = None) -> str | None:
    """After the project folder was moved or copied, point .venv's farun-scripts.pth here again.

    Returns a Chinese note when it repaired something (None when all was in order, or when this is
    not the project's own environment).
    """
    venv_dir = root / ".venv"
    try:
        if not venv_dir.exists() or venv_dir.is_symlink() or Path(prefix).resolve() != venv_dir.resolve():
            return None  # a linked .venv is shared by several folders (worktrees): each one sets PYTHONPATH
        import sysconfig

        pth = (site_packages or Path(sysconfig.get_paths()["purelib"])) / "farun-scripts.pth"
        wanted = str((root / "scripts").resolve())
        if not pth.is_file() or pth.read_text(encoding="utf-8").strip() == wanted:
            return None
        old = pth.read_text(encoding="utf-8").strip()
        pth.write_text(wanted + "\n", encoding="utf-8")
    except OSError:
        return None  # a read-only environment keeps working through PYTHONPATH (farun.cmd, make)
    before = old.rstrip("\\/").removesuffix("scripts").rstrip("\\/")  # a Windows path read anywhere
    return f"项目文件夹已移动或复制（原来在 {before}）：已把 .venv 中记录的位置改为 {root}。"


def clean(root: Path = ROOT) -> int:
    """What ``make clean`` removes: site/, build and cache folders (never docs/)."""
    for pattern in ("site", ".site-tmp-*", ".site-old-*", ".cache", "build/offline-site", "build/.site-tmp-*", "dist"):
        for path in root.glob(pattern):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    print("已清理 site/、.cache/、dist/ 等生成的文件（docs/ 中的内容没有改动）。")
    return 0


def engine_env(extra: dict | None = None) -> dict:
    """The environment for engine runs: scripts/ importable, UTF-8 output even on a Chinese Windows console."""
    env = {**os.environ, **(extra or {})}
    scripts = str(ROOT / "scripts")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (scripts, env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env
