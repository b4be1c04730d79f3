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
# Spark (gridforge-spark's and the samples' provided dependency, 230 MB) does not fit the kit: its
# jars are dropped, except those another module needs without it. The Spark GPU checks say so.
tmp=$(mktemp -d)
mvn -q dependency:copy-dependencies -DexcludeScope=provided -DoutputDirectory="$tmp" >/dev/null
for j in samples/target/spark-lib/*.jar; do
  n=$(basename "$j"); [ -e "$tmp/$n" ] || rm -f ".devkit/lib/$n"
done
rm -rf "$tmp"
# Each module's classes as one compressed jar (the kit stays under 60 MB): the class path names the jars.
for d in .devkit/classes/*/; do
  m=$(basename "$d"); (cd "$d" && zip -q -r -X "../$m.jar" .); rm -rf "$d"
done
sed -i -E 's#(\.devkit/classes/[A-Za-z0-9_-]+)#\1.jar#g' .devkit/cp
echo "devkit: $(du -sb .devkit | cut -f1) bytes after dropping ct.sym and jarring the classes (keep it under 60 MB)"
