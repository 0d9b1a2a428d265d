#!/usr/bin/env bash
# Runs docs/writing-plugins.md as a reader would: its Rust, C and AssemblyScript sources and the commands shown
# for them, in an empty folder, then loads the three modules into the real container and runs calc:demo.
# The rustup commands run only where rustup has the wasm32-wasip1 target. Needs the launcher built
# (mvn -DskipTests install, or after mvn verify) and the toolchains .ci/run installs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
doc="$root/docs/writing-plugins.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# the n-th fenced block of a language (rust, c, ts), or the n-th plain block (no language) after it
block() { awk -v lang="$1" -v want="$2" '
  /^ *```/ { if (inside) { inside = 0; next } tag = $0; sub(/^ *```/, "", tag); if (tag == lang) { n++; inside = (n == want); next } }
  inside { print }' "$doc"; }
# the commands shown for a language: the plain blocks after its source, up to the next heading or source
commands_after() { awk -v lang="$1" '
  /^## / { if (seen) exit }
  /^ *```/ { if (inside) { inside = 0; next }
             tag = $0; sub(/^ *```/, "", tag);
             if (tag == lang) { seen = 1; inside = 1; skip = 1; next }
             if (seen && tag != "") exit;
             inside = 1; skip = !seen; next }
  inside && !skip { print }' "$doc"; }

cd "$work"
block rust 1 > add.rs
block c 1 > mul.c
block ts 1 > sub.ts
for lang in rust c ts; do
  commands_after "$lang" | while read -r command; do
    case "$command" in
      rustup*|"rustc "*) rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip1 || { echo "skipped (no rustup wasm32-wasip1): $command"; continue; } ;;
    esac
    echo "\$ $command"
    bash -c "$command" > /dev/null
  done
done

printf 'calc:load add.wasm\ncalc:load mul.wasm\ncalc:load sub.wasm\ncalc:demo\nexit 0\n' \
  | java -jar "$root/launcher/target/wasmgi.jar" --storage "$work/storage" --deploy "$work/deploy" > demo.txt 2>&1
for expected in 'Calc: 1 + 2 = 3' 'Calc: 1 * 2 = 2' 'Calc: 1 - 2 = 4294967295'; do
  grep -qF "$expected" demo.txt || { cat demo.txt; echo "docs/writing-plugins.md: '$expected' missing"; exit 1; }
done
echo "docs/writing-plugins.md: its three plugins build as written and serve"
