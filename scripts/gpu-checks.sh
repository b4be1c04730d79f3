#!/usr/bin/env bash
# Runs every GPU check on the GPU machine, from the repository root, after scripts/devkit.sh:
#   device run, carry [".devkit"], command: bash scripts/gpu-checks.sh
# Prints a short table last; full logs go to $OUT (or ./gpu-out when OUT is unset).
set -uo pipefail
out=${OUT:-gpu-out}; mkdir -p "$out"
cp_="$(cat .devkit/cp):$(ls .devkit/tools/*.jar)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$out/gpu.txt" 2>&1
# JUnit's own -cp option does not expand lib/*: run the launcher on the JVM's class path instead.
.devkit/java -Dgridforge.gpuTests=true -cp "$cp_" org.junit.platform.console.ConsoleLauncher execute \
  --disable-banner --details=tree --include-tag gpu \
  --select-class dev.gridforge.runtime.cuda.CudaGpuTest \
  --select-class dev.gridforge.processor.OracleTest \
  --select-class dev.gridforge.processor.AxesOracleTest > "$out/gpu-tests.txt" 2>&1
tests=$?
# The real-NVRTC tests again, against this machine's NVRTC 13 (CI runs them against Debian's 11.8).
.devkit/java -cp "$cp_" org.junit.platform.console.ConsoleLauncher execute \
  --disable-banner --details=tree \
  --select-class dev.gridforge.runtime.cuda.RealNvrtcTest \
  --select-method dev.gridforge.processor.GeneratedCudaCompilesTest#everyGeneratedKernelCompilesWithNvrtcForAnH100 \
  > "$out/nvrtc-tests.txt" 2>&1
nvrtc=$?
for n in 1000 4000; do
  .devkit/java -cp "$cp_" dev.gridforge.samples.Samples haversine --backend cuda --n "$n" --repeat 20 \
    --save "$out/haversine-$n.npy" > "$out/haversine-$n.txt" 2>&1
done
rm -f "$out"/haversine-4000.npy
.devkit/java -cp "$cp_" dev.gridforge.bench.Bench --backends jvm,cuda --n 1000 --repeat 50 --json "$out/bench.json" \
  > "$out/bench.txt" 2>&1
echo "== GPU"; cat "$out/gpu.txt"
echo "== tests (exit $tests)"; grep -E "tests (found|successful|failed)|\[gpu\]" "$out/gpu-tests.txt"
echo "== NVRTC tests (exit $nvrtc)"; grep -E "tests (found|successful|skipped|failed)|\[nvrtc\]" "$out/nvrtc-tests.txt"
for n in 1000 4000; do echo "== haversine n=$n"; cat "$out/haversine-$n.txt"; done
echo "== bench"; cat "$out/bench.txt"
[ "$tests" = 0 ] && exit "$nvrtc"
exit "$tests"
