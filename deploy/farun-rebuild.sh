#!/usr/bin/env bash
# Daily rebuild and deploy of 法润交通: withdraws expired penalty notices and
# publishes embargoed items on the right day (Asia/Shanghai).
# Per-deployment settings (SITE_URL, FARUN_TARGET) live in ONE file the operator edits once:
# deploy/farun.env (copy of deploy/farun.env.example), or the file named by FARUN_ENV_FILE.
# Usage: deploy/farun-rebuild.sh [target directory served by nginx, overrides FARUN_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
env_file="${FARUN_ENV_FILE:-deploy/farun.env}"
if [ ! -f "$env_file" ]; then
  echo "缺少部署设置文件 $env_file：请运行 cp deploy/farun.env.example deploy/farun.env 并填写 SITE_URL 和 FARUN_TARGET" >&2
  exit 2
fi
set -a  # every NAME=value line of the file is exported to make and the build
# shellcheck disable=SC1090
. "$env_file"
set +a
if [ -z "${SITE_URL:-}" ]; then
  echo "$env_file 中没有 SITE_URL：请写上网站的实际网址，例如 SITE_URL=https://jtj.sx.gov.cn/fxjt/" >&2
  exit 2
fi
target="${1:-${FARUN_TARGET:-/var/www/fxjt}}"
export TZ=Asia/Shanghai
echo "$(date '+%F %T') 开始重新构建：网站地址 $SITE_URL，发布到 $target（设置文件 $env_file）"
git pull --ff-only --quiet || echo "git pull 失败，使用本地内容继续构建" >&2
make build  # check + strict build into site/; on failure the old site/ is kept
# Swap whole directories so visitors never see a half-copied site.
mkdir -p "$(dirname "$target")"
rm -rf "$target.new" "$target.old"
cp -a site "$target.new"
if [ -d "$target" ]; then mv "$target" "$target.old"; fi
mv "$target.new" "$target"
rm -rf "$target.old"
echo "$(date '+%F %T') 已重新构建并发布到 $target（网站地址 $SITE_URL）"
