#!/usr/bin/env bash
# Prepares .devkit/ for the GPU machine (see docs/gpu-checks.md). The shared kit script resolves
# the project's own modules from the local Maven repository, so install them first; the GPU
# oracle tests compile kernels with javac at run time, so the carried JRE needs the compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install
rm -rf .devkit/jre
KIT_NO_BUILD=1 \
KIT_JRE_MODULES=java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.zipfs,java.compiler,jdk.compiler \
  bash ../shared/device/kit.sh
# javac reads ct.sym only for --release; the tests compile kernels without it. 8 MB less to carry.
rm -f .devkit/jre/lib/ct.sym
echo "devkit: $(du -sh .devkit | cut -f1) after dropping ct.sym (keep it under 60 MB)"
