#!/usr/bin/env bash
# Daily rebuild and deploy of 法润交通: withdraws expired penalty notices and
# publishes embargoed items on the right day (Asia/Shanghai).
# Usage: deploy/farun-rebuild.sh [target directory served by nginx]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-/var/www/fxjt}"
export TZ=Asia/Shanghai
git pull --ff-only --quiet || echo "git pull 失败，使用本地内容继续构建" >&2
make build  # check + strict build into site/; on failure the old site/ is kept
# Swap whole directories so visitors never see a half-copied site.
rm -rf "$target.new" "$target.old"
cp -a site "$target.new"
if [ -d "$target" ]; then mv "$target" "$target.old"; fi
mv "$target.new" "$target"
rm -rf "$target.old"
echo "$(date '+%F %T') 已重新构建并发布到 $target"
