#!/usr/bin/env bash
# Builds the nbody benchmark kernel (C)
# into nbody.wasm next to this script, or into the path given as the first argument (see plugins/build-c.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../../../plugins/build-c.sh" "$here" "$@"
