#!/usr/bin/env bash
# Type checks podlab part by part, so each part is held to what it may use: shared/ neither Node nor DOM, the renderer
# the DOM, the engine/CLI/Electron Node; then the tests (which use all) and the Svelte components.
set -euo pipefail
cd "$(dirname "$0")/.."
for p in shared renderer node; do
  echo "tsc -p tsconfig.$p.json" >&2
  npx tsc --noEmit -p "tsconfig.$p.json"
done
echo "tsc -p tsconfig.json (tests and tools)" >&2
npx tsc --noEmit -p tsconfig.json
npx svelte-check --tsconfig ./tsconfig.renderer.json --threshold error --output human
