#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io and starts dockerd when none does. Idempotent.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "podlab: no Docker engine answers and dockerd is not installed; install Docker (Debian: apt-get install docker.io)" >&2; exit 1; fi
  echo "podlab: installing Debian's docker.io" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq docker.io >/dev/null
fi
if ! pgrep -x dockerd >/dev/null 2>&1; then
  # A dockerd that died (machine handed over, session ended) leaves pid files that stop the next start.
  for f in /var/run/docker.pid /run/docker/containerd/containerd.pid; do
    if [ -f "$f" ] && ! kill -0 "$(cat "$f" 2>/dev/null)" 2>/dev/null; then rm -f "$f"; fi
  done
  echo "podlab: starting dockerd in the background (log: /tmp/podlab-dockerd.log)" >&2
  nohup dockerd >/tmp/podlab-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then exit 0; fi
  sleep 1
done
echo "podlab: dockerd did not answer within 60 s; see /tmp/podlab-dockerd.log" >&2
exit 1
