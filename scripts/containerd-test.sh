#!/usr/bin/env bash
# Runs the tests' private containerd (tests/integration/private-containerd.ts: own socket, root, state, CRI with the
# offline pause image, a CNI bridge with portmap) in the foreground for manual experiments, until Ctrl-C; then it
# removes every sandbox and everything containerd made. Needs root, containerd, ctr, /usr/lib/cni, the offline images.
#   bash scripts/containerd-test.sh            # prints CONTAINER_RUNTIME_ENDPOINT=unix:///tmp/…/containerd.sock
#   CONTAINER_RUNTIME_ENDPOINT=… bin/podlab doctor   (in another terminal)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "containerd-test.sh: needs root (containerd, netns, iptables)" >&2; exit 1; }
for bin in containerd ctr /usr/lib/cni/bridge /usr/lib/cni/portmap; do
  command -v "$bin" >/dev/null 2>&1 || { echo "containerd-test.sh: $bin is missing (apt-get install containerd containernetworking-plugins)" >&2; exit 1; }
done
export PODLAB_PAUSE_IMAGE="${PODLAB_PAUSE_IMAGE:-podlab-test/pause:local}" PODLAB_DEMO_IMAGE="${PODLAB_DEMO_IMAGE:-podlab-test/demo:local}"
out="$(mktemp -d /tmp/podlab-ctd-run-XXXXXX)"
trap 'rm -rf "$out"' EXIT
# The very module the tests use, bundled for plain Node (the TypeScript is not run anywhere else).
cat > "$out/run.ts" <<TS
import { startPrivateContainerd } from '$PWD/tests/integration/private-containerd';
const ctd = await startPrivateContainerd({ prefix: process.env.PODLAB_CTD_PREFIX ?? 'man' });
process.stdout.write(\`CONTAINER_RUNTIME_ENDPOINT=\${ctd.endpoint}\\n# CNI network \${ctd.network}, bridge \${ctd.bridge}, subnet \${ctd.subnet}; log: \${ctd.dir}/containerd.log\\n# Ctrl-C stops it and removes everything it made.\\n\`);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  ctd.cleanup().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
TS
npx esbuild "$out/run.ts" --bundle --platform=node --format=esm --target=node20 --log-level=error --outfile="$out/run.mjs" \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
PODLAB_VENDOR_DIR="$PWD/vendor" node "$out/run.mjs"
