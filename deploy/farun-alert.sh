#!/usr/bin/env bash
# 法润交通：每日重建没有完整成功时（部分发布、应急撤下或失败）通知运维。由 farun-alert@.service 调用
# （farun-rebuild.service 的 OnFailure=），也可以在 cron 中接在重建脚本后面：… || /opt/farun/deploy/farun-alert.sh
# Reads the status file the rebuild wrote; logs it to the system log (journalctl -t farun) and, when
# FARUN_ALERT_MAIL is set in deploy/farun.env and a mail command exists, mails it.
set -u
cd "$(dirname "$0")/.."
env_file="${FARUN_ENV_FILE:-deploy/farun.env}"
if [ -f "$env_file" ]; then set -a; . "$env_file"; set +a; fi
status_file="${FARUN_STATUS_FILE:-${FARUN_STATE_DIR:-$PWD/.farun-state}/status.json}"
unit="${1:-farun-rebuild.service}"
if [ -f "$status_file" ]; then
  body="$(cat "$status_file")"
else
  body="没有找到状态文件 $status_file：重建可能没有运行到发布这一步（设置文件缺失或程序无法启动），请查看 journalctl -u $unit"
fi
subject="法润交通每日重建需要处理（$unit）：$(grep -o '"message": "[^"]*"' "$status_file" 2>/dev/null | head -1 | cut -d'"' -f4)"
logger -t farun -p user.err -- "$subject $body" 2>/dev/null || true
echo "$subject" >&2
echo "$body" >&2
if [ -n "${FARUN_ALERT_MAIL:-}" ] && command -v mail >/dev/null 2>&1; then
  printf '%s\n\n详细日志：journalctl -u %s\n' "$body" "$unit" | mail -s "$subject" "$FARUN_ALERT_MAIL"
fi
