#!/usr/bin/env bash
# Builds podlab's offline test images without any registry: a FROM-scratch pause image from
# images/pause/pause.c and a demo image from Debian's busybox-static plus images/demo/udp-listen.c.
# Prints the two image names. Idempotent: rebuilds only when a source changed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
PAUSE_IMAGE=${PODLAB_TEST_PAUSE_IMAGE:-podlab-test/pause:local}
DEMO_IMAGE=${PODLAB_TEST_DEMO_IMAGE:-podlab-test/demo:local}
need() { command -v "$1" >/dev/null 2>&1; }
if ! need gcc || [ ! -x /bin/busybox ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq gcc libc6-dev busybox-static >/dev/null
  else
    echo "build-images: need gcc and busybox-static (apt-get install gcc busybox-static)" >&2; exit 1
  fi
fi
file /bin/busybox 2>/dev/null | grep -q dynamically && { echo "build-images: /bin/busybox is dynamic; install busybox-static" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A content hash labels each image, so an unchanged source is not rebuilt.
build() { # name context-dir hash
  local name=$1 ctx=$2 hash=$3
  if [ "$(docker image inspect -f '{{index .Config.Labels "io.podlab.source-hash"}}' "$name" 2>/dev/null || true)" = "$hash" ]; then
    return 0
  fi
  docker build -q --label "io.podlab.source-hash=$hash" --label io.podlab.test-image=true -t "$name" "$ctx" >/dev/null
}

# pause
mkdir -p "$work/pause"
gcc -static -O2 -Wall -o "$work/pause/pause" "$here/images/pause/pause.c"
strip "$work/pause/pause" 2>/dev/null || true
cat > "$work/pause/Dockerfile" <<'DOCKER'
FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]
DOCKER
build "$PAUSE_IMAGE" "$work/pause" "$(cat "$here/images/pause/pause.c" | sha256sum | cut -c1-16)"

# demo: busybox-static with its applets linked, plus udp-listen
mkdir -p "$work/demo/rootfs/bin" "$work/demo/rootfs/tmp" "$work/demo/rootfs/www" "$work/demo/rootfs/etc"
cp /bin/busybox "$work/demo/rootfs/bin/busybox"
gcc -static -O2 -Wall -o "$work/demo/rootfs/bin/udp-listen" "$here/images/demo/udp-listen.c"
for applet in $(/bin/busybox --list); do
  [ -e "$work/demo/rootfs/bin/$applet" ] || ln -s busybox "$work/demo/rootfs/bin/$applet"
done
echo '<h1>hello from podlab</h1>' > "$work/demo/rootfs/www/index.html"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$work/demo/rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/demo/rootfs/etc/group"
cat > "$work/demo/Dockerfile" <<'DOCKER'
FROM scratch
COPY rootfs/ /
ENV PATH=/bin
CMD ["sh"]
DOCKER
build "$DEMO_IMAGE" "$work/demo" "$( (cat "$here/images/demo/udp-listen.c"; sha256sum /bin/busybox) | sha256sum | cut -c1-16)"
echo "PODLAB_PAUSE_IMAGE=$PAUSE_IMAGE"
echo "PODLAB_DEMO_IMAGE=$DEMO_IMAGE"
