#!/usr/bin/env bash
# Installs what the tests need beyond the Python venv (system packages, npm).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)  # the Nu HTML Checker (npm vnu-jar)
# A Chinese font, so screenshots under test-output/ show the text (visitors use their own system fonts).
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "缺少系统软件：${need[*]}，请以 root 运行：apt-get install ${need[*]}" >&2
  fi
fi
# npm packages (axe-core, vnu-jar, lighthouse: no browser download, it uses Debian's chromium), exactly as locked;
# reinstalled when the lock file is newer.
if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
