#!/usr/bin/env bash
# The CUDA host libraries that let tests on a machine without a GPU go as far as a GPU-less
# machine can, both from Debian's non-free archive:
#  - NVRTC (libnvrtc11.2: NVRTC 11.8, which compiles for sm_90), installed: the tests compile
#    every generated kernel with the real NVRTC. NVRTC is a host library; it needs no GPU.
#  - the NVIDIA driver's libcuda.so.1 (libcuda1), only unpacked into
#    ${GRIDFORGE_DRIVER_WITHOUT_GPU:-~/.cache/gridforge-ci/driver-without-gpu}: with no kernel
#    module and no device behind it, cuInit fails as it does in a container that has the
#    driver's libraries but no GPU, and a test checks what gridforge says then.
#  - cuobjdump and nvdisasm 11.8, only unpacked from nvidia-cuda-toolkit into
#    ${GRIDFORGE_CUDA_TOOLS:-~/.cache/gridforge-ci/cuda-tools}: the SASS report
#    (scripts/sass-report.sh) reads the machine code of NVRTC 11.8's CUBINs with them.
#
# Best effort: whatever is already there is kept; where apt-get cannot run (not root, no
# network) it says so and exits 0, and those tests report themselves skipped. The machine's apt
# sources and package lists are left as they were: the non-free list lives in a temporary folder.
set -uo pipefail

home=${HOME:-$(echo ~)} # as Java's user.home, which the tests read, when HOME is unset
driver_dir=${GRIDFORGE_DRIVER_WITHOUT_GPU:-$home/.cache/gridforge-ci/driver-without-gpu}
tools_dir=${GRIDFORGE_CUDA_TOOLS:-$home/.cache/gridforge-ci/cuda-tools}
have_nvrtc=
for lib in /usr/local/cuda/lib64/libnvrtc.so.* /usr/lib/*/libnvrtc.so.*; do
  [ -e "$lib" ] && have_nvrtc=$lib && break
done
[ -n "$have_nvrtc" ] && echo "cuda-host-libs: NVRTC already here ($have_nvrtc)"
[ -e "$driver_dir/libcuda.so.1" ] && echo "cuda-host-libs: driver library already in $driver_dir"
[ -x "$tools_dir/cuobjdump" ] && echo "cuda-host-libs: cuobjdump and nvdisasm already in $tools_dir"
if [ -n "$have_nvrtc" ] && [ -e "$driver_dir/libcuda.so.1" ] && [ -x "$tools_dir/cuobjdump" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "cuda-host-libs: not root or no apt-get; nothing installed (tests of what is missing will be skipped)"
  exit 0
fi
. /etc/os-release
if [ "${VERSION_CODENAME:-}" != bookworm ]; then
  # Only bookworm's libnvrtc11.2 is NVRTC 11.8, the first to know sm_90 (bullseye's is 11.2;
  # later releases name the package after a newer NVRTC).
  echo "cuda-host-libs: not Debian bookworm (${PRETTY_NAME:-unknown}); nothing installed"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
cat > "$work/nonfree.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=$work/nonfree.sources" -o Dir::Etc::SourceParts=/nonexistent
          -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root
          -o Acquire::http::Timeout=20 -o Acquire::Retries=1)
step() { # step NAME COMMAND...: runs quietly; on failure shows the end of its output
  if ! "${@:2}" >"$work/log" 2>&1; then
    sed 's/^/cuda-host-libs: /' "$work/log" | tail -n 5
    echo "cuda-host-libs: could not $1; the tests that need it will be skipped"
    return 1
  fi
}
step "read Debian's non-free package list" timeout 120 apt-get "${apt_opts[@]}" -qq update || exit 0
if [ -z "$have_nvrtc" ] && step "install libnvrtc11.2" env DEBIAN_FRONTEND=noninteractive \
     timeout 180 apt-get "${apt_opts[@]}" -qq -y --no-install-recommends install libnvrtc11.2; then
  echo "cuda-host-libs: installed $(ls /usr/lib/*/libnvrtc.so.11.* | tail -n 1)"
fi
if [ ! -e "$driver_dir/libcuda.so.1" ] \
   && (cd "$work" && step "download libcuda1" timeout 120 apt-get "${apt_opts[@]}" -qq download libcuda1) \
   && step "unpack libcuda1" dpkg-deb -x "$(ls "$work"/libcuda1_*.deb)" "$work/root" \
   && step "copy libcuda.so.1 into $driver_dir" mkdir -p "$driver_dir" \
   && step "copy libcuda.so.1 into $driver_dir" cp -L "$(ls "$work"/root/usr/lib/*/nvidia/current/libcuda.so.1)" "$driver_dir/"; then
  echo "cuda-host-libs: unpacked the driver's libcuda.so.1 ($(basename "$work"/libcuda1_*.deb)) into $driver_dir"
fi
if [ ! -x "$tools_dir/cuobjdump" ] \
   && (cd "$work" && step "download nvidia-cuda-toolkit (for cuobjdump and nvdisasm)" timeout 300 apt-get "${apt_opts[@]}" -qq download nvidia-cuda-toolkit) \
   && step "unpack cuobjdump and nvdisasm" sh -c "dpkg-deb --fsys-tarfile \"\$(ls '$work'/nvidia-cuda-toolkit_*.deb | head -n 1)\" | tar -x -C '$work' ./usr/bin/cuobjdump ./usr/bin/nvdisasm" \
   && step "copy cuobjdump and nvdisasm into $tools_dir" mkdir -p "$tools_dir" \
   && step "copy cuobjdump and nvdisasm into $tools_dir" cp "$work/usr/bin/cuobjdump" "$work/usr/bin/nvdisasm" "$tools_dir/"; then
  echo "cuda-host-libs: unpacked cuobjdump and nvdisasm ($(basename "$work"/nvidia-cuda-toolkit_*.deb)) into $tools_dir"
fi
exit 0
