#!/usr/bin/env bash
# Builds the sub plugin (AssemblyScript) into sub.wasm next to this script, or into the path given as the
# first argument. The compiler is the npm package pinned in package.json / package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m -- "${1:-$here/sub.wasm}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
if [ ! -x node_modules/.bin/asc ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
# stub runtime: no garbage collector; abort= : no import of env.abort, the module imports nothing
node_modules/.bin/asc sub.ts --runtime stub -O3 --noAssert --use abort= -o "$work/sub.wasm"
mkdir -p "$(dirname "$out")"
install -m 0644 "$work/sub.wasm" "$out"
