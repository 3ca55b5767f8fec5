#!/usr/bin/env bash
# Set-up on a fresh Debian/Ubuntu machine: system packages (as root), npm packages, the build,
# and the VS Code server used by `npm start` and the tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)          # drives the real VS Code in tests
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)        # builds VS Code server's kerberos addon
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)          # sandboxes each learner submission in the CLI (docs/SECURITY.md)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "[setup] missing system packages: ${need[*]} — run: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
fi
npm ci --no-audit --no-fund
npm run build
bash scripts/install-vscode-server.sh
echo "[setup] done: \`npm start\` serves VS Code with the course, \`npm test\` runs the tests."
