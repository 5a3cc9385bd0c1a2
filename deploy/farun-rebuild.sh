#!/usr/bin/env bash
# Daily rebuild and deploy of 法润交通: withdraws expired penalty notices and
# publishes embargoed items on the right day (Asia/Shanghai).
# Per-deployment settings (SITE_URL, FARUN_TARGET, optional FARUN_STATE_DIR/FARUN_STATUS_FILE) live in ONE
# file the operator edits once: deploy/farun.env (copy of deploy/farun.env.example), or the file named by FARUN_ENV_FILE.
# Usage: deploy/farun-rebuild.sh [target directory served by nginx, overrides FARUN_TARGET]
#
# The work is done by `python -m farun rebuild` (scripts/farun/rebuild.py): the full build; when it fails,
# the degraded build without the files that have problems (withdrawals still happen that day); when nothing
# can be built and a withdrawal is due, the site is replaced by a maintenance page. Exit status:
#   0 完整发布   3 部分发布（略去了有问题的文件）   4 应急撤下（换成维护页面）   1 失败，没有发布   2 设置错误
# Every status but 0 fails the systemd unit, so OnFailure= alerts the operators (deploy/farun-alert@.service).
set -uo pipefail
cd "$(dirname "$0")/.."
env_file="${FARUN_ENV_FILE:-deploy/farun.env}"
# A status for monitoring when Python wrote none (fixed words only: no value needs JSON escaping).
failed_status() {  # exit code, Chinese sentence
  local file="${FARUN_STATUS_FILE:-${FARUN_STATE_DIR:-$PWD/.farun-state}/status.json}"
  mkdir -p "$(dirname "$file")" && printf '{"state": "failed", "exit_code": %s, "message": "%s", "finished": "%s"}\n' \
    "$1" "$2" "$(date -Iseconds)" > "$file"
}
if [ ! -f "$env_file" ]; then
  echo "缺少部署设置文件 $env_file：请运行 cp deploy/farun.env.example deploy/farun.env 并填写 SITE_URL 和 FARUN_TARGET" >&2
  failed_status 2 "缺少部署设置文件，没有构建，线上网站保持不变"
  exit 2
fi
set -a  # every NAME=value line of the file is exported to make and the build
# shellcheck disable=SC1090
. "$env_file"
set +a
if [ -z "${SITE_URL:-}" ]; then
  echo "$env_file 中没有 SITE_URL：请写上网站的实际网址，例如 SITE_URL=https://jtj.sx.gov.cn/fxjt/" >&2
  failed_status 2 "部署设置文件中没有 SITE_URL，没有构建，线上网站保持不变"
  exit 2
fi
target="${1:-${FARUN_TARGET:-/var/www/fxjt}}"
export TZ=Asia/Shanghai
export FARUN_STATE_DIR="${FARUN_STATE_DIR:-$PWD/.farun-state}"
status_file="${FARUN_STATUS_FILE:-$FARUN_STATE_DIR/status.json}"
export FARUN_STATUS_FILE="$status_file"
mkdir -p "$FARUN_STATE_DIR"
exec 9>"$FARUN_STATE_DIR/rebuild.lock"  # the timer and a manual run never build into site/ at the same time
if ! flock -w 3600 9; then
  echo "另一次重建已运行超过一小时（$FARUN_STATE_DIR/rebuild.lock），本次没有运行" >&2
  exit 1
fi
echo "$(date '+%F %T') 开始重新构建：网站地址 $SITE_URL，发布到 $target（设置文件 $env_file，状态文件 $status_file）"
git pull --ff-only --quiet || echo "git pull 失败，使用本地内容继续构建" >&2
py="${FARUN_PYTHON:-}"  # tests point this at their interpreter; on the server make installs .venv once
if [ -z "$py" ]; then
  # make's own rule that installs the pinned requirements when requirements.txt changed (Makefile: STAMP)
  make --no-print-directory -s .venv/.requirements-installed || echo "安装依赖失败，仍尝试用现有的 .venv 构建" >&2
  py=.venv/bin/python
fi
PYTHONPATH="$PWD/scripts" PYTHONUNBUFFERED=1 NO_MKDOCS_2_WARNING=1 "$py" -m farun rebuild "$target"
code=$?
case "$code" in
  0|1|3|4) ;;
  *)  # Python itself could not run (or stopped in an unexpected way): it wrote no status, so say it here.
    failed_status 1 "重建程序无法运行（退出状态 $code），没有发布任何内容，线上网站保持不变；请立即修复"
    echo "重建程序无法运行（退出状态 $code）：没有发布任何内容，线上网站保持不变；请立即修复" >&2
    code=1 ;;
esac
echo "$(date '+%F %T') 重建结束，退出状态 $code（0 完整发布，3 部分发布，4 应急撤下，1 失败；详见 $status_file）"
exit "$code"
