#!/usr/bin/env bash
# The machine code of every sample kernel, the runtime's own kernels and the hand-written
# references, with no GPU: compiled by NVRTC for sm_90 with the runtime's options and read back
# with cuobjdump (both from Debian: scripts/install-cuda-host-libs.sh), a row per kernel with
# registers, stack, spills, SASS instructions, the instructions of an interior point, loops and
# local memory, then estimates on the H200 and the budgets CI enforces (bench's SassBudgetTest).
# Needs the bench jar (mvn -q package -DskipTests). Without NVRTC or cuobjdump it says why in one
# line and exits 0. --check: exit 1 when a budget is broken.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/gridforge-bench.jar
if [ ! -f "$jar" ]; then
  echo "sass-report: no $jar; build it first: mvn -q package -DskipTests" >&2
  exit 2
fi
exec java -cp "$jar" dev.gridforge.bench.sass.SassReport "$@"
