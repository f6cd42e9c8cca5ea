#!/usr/bin/env bash
# The one command that runs every podlab test on a fresh Debian machine (as root) or a prepared one:
# installs what is missing (docker.io, busybox-static, gcc, chromium), starts dockerd when no engine answers,
# installs npm packages, builds, builds the offline images, type checks and lints (each counts as one test), runs
# unit + integration (vitest) and end-to-end (Playwright) tests, and ends with one line: N passed, N failed, N skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive
step() { printf '\n== %s\n' "$*" >&2; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /bin/busybox ] && ! file -L /bin/busybox 2>/dev/null | grep -q dynamic || missing+=(busybox-static)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v file >/dev/null 2>&1 || missing+=(file)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# The CRI backend's tests run a private containerd (docker.io brings it) with the CNI bridge/host-local/portmap plugins.
command -v containerd >/dev/null 2>&1 || missing+=(containerd)
[ -x /usr/lib/cni/bridge ] && [ -x /usr/lib/cni/portmap ] || missing+=(containernetworking-plugins)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
# Fonts: DejaVu for PNG export (resvg draws text with system fonts), Nanum so Korean UI text renders in Chromium.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
ls /usr/share/fonts/truetype/nanum/*.ttf >/dev/null 2>&1 || missing+=(fonts-nanum)
# Podman (the engine tests run on it too, as a private service) with netavark, the network backend the tests configure
# (its firewall driver uses the iptables and CNI plugins checked above).
command -v podman >/dev/null 2>&1 || missing+=(podman)
[ -x /usr/lib/podman/netavark ] || missing+=(netavark)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then echo "need root to install: ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "apt-get install failed" >&2; exit 1; }
fi

step "Docker engine"
bash scripts/ensure-engine.sh || exit 1

step "npm ci"
npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed" >&2; exit 1; }

step "build"
npm run -s build || { echo "build failed" >&2; exit 1; }

step "offline images"
eval "$(bash scripts/build-images.sh | sed 's/^/export /')" || { echo "building the offline images failed" >&2; exit 1; }
export PODLAB_PAUSE_IMAGE PODLAB_DEMO_IMAGE

rm -f .vitest-results.json .playwright-results.json .static-results.json
step "type check (shared/ without Node or DOM, renderer with DOM, engine with Node) and lint"
typecheck_ok=false; lint_ok=false
bash scripts/typecheck.sh && typecheck_ok=true
npx eslint . && lint_ok=true
printf '{"checks":[{"name":"typecheck","ok":%s},{"name":"lint","ok":%s}]}\n' "$typecheck_ok" "$lint_ok" > .static-results.json

step "unit + integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=.vitest-results.json
vitest_rc=$?

step "end-to-end tests (Playwright, Debian's Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.playwright-results.json npx playwright test --reporter=list,json
playwright_rc=$?

node scripts/summarize-tests.mjs .vitest-results.json .playwright-results.json .static-results.json
summary_rc=$?
if [ $vitest_rc -ne 0 ] || [ $playwright_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then exit 1; fi
exit 0
