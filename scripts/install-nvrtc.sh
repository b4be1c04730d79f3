#!/usr/bin/env bash
# Installs NVRTC from Debian's non-free archive (libnvrtc11.2: NVRTC 11.8, which compiles for
# sm_90) so the tests that compile generated kernels with the real NVRTC run on machines without
# a GPU or a CUDA toolkit. NVRTC is a host library: no driver or GPU is needed to compile.
#
# Best effort: where NVRTC is already found, or apt-get cannot run (not root, no network), it
# says so and exits 0, and those tests report themselves skipped. The machine's own apt sources
# and package lists are left as they were: the non-free list lives in a temporary directory.
set -uo pipefail

for lib in /usr/local/cuda/lib64/libnvrtc.so.* /usr/lib/x86_64-linux-gnu/libnvrtc.so.*; do
  if [ -e "$lib" ]; then
    echo "install-nvrtc: NVRTC already here ($lib)"
    exit 0
  fi
done
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-nvrtc: not root or no apt-get; the NVRTC tests will be skipped"
  exit 0
fi
. /etc/os-release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
cat > "$work/nonfree.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: ${VERSION_CODENAME:-bookworm}
Components: non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=$work/nonfree.sources" -o Dir::Etc::SourceParts=/nonexistent
          -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
if { timeout 300 apt-get "${apt_opts[@]}" -qq update \
     && DEBIAN_FRONTEND=noninteractive timeout 300 apt-get "${apt_opts[@]}" -qq -y --no-install-recommends \
          install libnvrtc11.2; } >"$work/log" 2>&1; then
  echo "install-nvrtc: installed $(ls /usr/lib/x86_64-linux-gnu/libnvrtc.so.11.* | tail -n 1)"
else
  sed 's/^/install-nvrtc: /' "$work/log" | tail -n 5
  echo "install-nvrtc: could not install libnvrtc11.2 from Debian non-free; the NVRTC tests will be skipped"
fi
exit 0
