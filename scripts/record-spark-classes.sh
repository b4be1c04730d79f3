#!/usr/bin/env bash
# Records what local-mode Spark needs, for the GPU machine's kit (scripts/devkit.sh cuts spark-min.jar from it):
#   scripts/spark-classes.txt      every class loaded from Spark's jars (scripts/spark-jars.sh says which those are), sorted
#   scripts/spark-jdk-modules.txt  every JDK module a class was loaded from, sorted (devkit.sh links them into the JRE)
# while the spark module's tests (all of them, with netty's epoll transport and on NIO, then SparkGpuTest, which fails
# here without CUDA: its failure paths are recorded too), bench --spark --quick, the samples' GrayScottMapCommandTest and gray-scott-map itself
# (on the JVM, on NIO, on CUDA, then with 1024 and 1600 tasks) run on the full JDK here, each with -Xlog:class+load and no class-data sharing (so
# every JDK class names its module; the executor JVMs of the local-cluster tests as well).
# Run it again after a Spark upgrade, or when the spark code or its tests start using more of Spark, and commit both
# files.  RECORD_NO_BUILD=1 skips the install.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${RECORD_NO_BUILD:-}" ] || mvn -q -B -DskipTests install
work=target/spark-classes; rm -rf "$work"; mkdir -p "$work"
bash scripts/spark-jars.sh "$work"
plat=$(sed -n 's#^.*/junit-platform-engine/\([^/]*\)/.*#\1#p' "$work/test-cp-spark.txt" | head -1)
mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:"$plat" -DoutputDirectory="$work" >/dev/null
launcher=$(ls "$work"/junit-platform-console-standalone-*.jar)
opens=$(sed -n 's#.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*#\1#p' pom.xml)
[ -n "$opens" ] || { echo "record-spark-classes: no <spark.jvm.options> in pom.xml" >&2; exit 2; }
cp_of() { echo "$1/target/test-classes:$1/target/classes:$(paste -sd: "$work/test-cp-$1.txt")"; }
# Heartbeats every half second and the cleaner's GC every second: paths a long run on the GPU takes (a 10 s heartbeat,
# broadcasts and shuffles cleaned up after a GC) happen in these short ones too.
often="-Dspark.executor.heartbeatInterval=500ms -Dspark.cleaner.periodicGC.interval=1s"
n=0
record() {  # record MODULE pass|any WHAT JAVA-ARGS...: one JVM, its class-load log as $work/load-N.log
  local m=$1 expect=$2 what=$3; shift 3; n=$((n + 1))
  echo "record-spark-classes: [$n] $what"
  # Through JDK_JAVA_OPTIONS, so that the executor JVMs a local cluster starts (TaskResourcesTest, SparkGpuTest) log
  # their classes too, each to a file of its own (%p: the JVM's pid).
  # SPARK_LOCAL_IP as gpu-checks.sh sets it (a local cluster then takes another path to its host name).
  # shellcheck disable=SC2086
  if SPARK_LOCAL_IP=127.0.0.1 JDK_JAVA_OPTIONS="-Xshare:off -Xlog:class+load=info:file=$PWD/$work/load-$n-%p.log:none:filecount=0" \
      java --enable-native-access=ALL-UNNAMED $opens $often -cp "$(cp_of "$m"):$launcher" "$@" > "$work/run-$n.txt" 2>&1; then
    grep -E "tests (successful|failed)|^tasks:" "$work/run-$n.txt" | tr -s ' []' ' ' | paste -sd, | sed 's/^ */    /' || true
  elif [ "$expect" = pass ]; then
    tail -40 "$work/run-$n.txt" >&2; echo "record-spark-classes: run $n failed (log: $work/run-$n.txt)" >&2; exit 1
  else echo "    failed, as it does without CUDA (its failure paths are recorded): $(grep -m1 -oE 'CudaUnavailableException: .{0,80}' "$work/run-$n.txt")"; fi
}
junit=(org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors --details=summary)
# Netty's epoll transport where its native library loads (Spark's io.mode AUTO), else NIO: both are recorded.
nio=-Dio.netty.transport.noNative=true
# Which classes load also depends on timing (netty's promises, a task killed or not when a job aborts): every run is
# repeated RECORD_ROUNDS times (default 2) and the list is the union (devkit.sh adds a margin too: SparkMinJar.java).
for round in $(seq "${RECORD_ROUNDS:-2}"); do
  echo "record-spark-classes: round $round"
  record spark pass "the spark module's tests" "${junit[@]}" --select-package dev.gridforge.spark --exclude-tag gpu
  record spark pass "the spark module's tests, netty on NIO" $nio "${junit[@]}" --select-package dev.gridforge.spark --exclude-tag gpu
  record spark any "SparkGpuTest" -Dgridforge.gpuTests=true "${junit[@]}" --select-class dev.gridforge.spark.SparkGpuTest
  record samples pass "GrayScottMapCommandTest" "${junit[@]}" --select-class dev.gridforge.samples.GrayScottMapCommandTest
  map=(dev.gridforge.samples.Samples gray-scott-map --grid 3x2 --n 32 --steps 50 --pixels 8 --compare)
  record samples pass "gray-scott-map --backend jvm" "${map[@]}" --backend jvm --out "$work/map-jvm.png"
  record samples pass "gray-scott-map --backend jvm, netty on NIO" $nio "${map[@]}" --backend jvm --out "$work/map-nio.png"
  record samples any "gray-scott-map --backend cuda" "${map[@]}" --backend cuda --out "$work/map-cuda.png"
  # bench --spark (gpu-checks.sh runs it on CUDA): MeshTiles' reduction, the sweep and tiled loop of the bench module.
  record bench pass "bench --spark --quick --backends jvm" dev.gridforge.bench.Bench --backends jvm --no-kernels --n 0 \
    --no-compile --reduce-n 0 --spark --quick
  # What the GPU machine runs, in number of tasks (which Scala collections hold the tasks and results depends on it):
  # 1024 simulations (gray-scott-map's default grid) and 1600, each tiny here.
  for g in 32x32 40x40; do
    record samples pass "gray-scott-map --grid $g --backend jvm (tiny simulations)" dev.gridforge.samples.Samples gray-scott-map \
      --grid $g --n 8 --steps 2 --pixels 2 --compare --backend jvm --out "$work/map-$g.png"
  done
done

# "NAME source: file:/path/x.jar" for classes from jars, "NAME source: jrt:/MODULE" for the JDK's.
cat "$work"/load-*.log | awk -v jars="$work/spark-jars.txt" -v only="$work/spark-only.txt" '
  BEGIN { while ((getline j < jars) > 0) spark["file:" j] = 1
          while ((getline j < only) > 0) sparkFile[j] = 1 }
  $2 == "source:" && $3 ~ /^jrt:\// { sub(/^jrt:\//, "", $3); print "M", $3; next }
  $2 == "source:" && $3 ~ /\.jar$/ { n = split($3, p, "/"); if (($3 in spark) || (p[n] in sparkFile)) print "C", $1 }
' > "$work/seen.txt"
sed -n 's/^C //p' "$work/seen.txt" | LC_ALL=C sort -u > scripts/spark-classes.txt
# Not these: jdk.localedata's and jdk.management.jfr's classes load only as service providers being looked up (the
# JRE works without them), and jdk.jfr only for jdk.management.jfr's bean.
sed -n 's/^M //p' "$work/seen.txt" | grep -vxE 'jdk\.localedata|jdk\.jfr|jdk\.management\.jfr' | LC_ALL=C sort -u \
  > scripts/spark-jdk-modules.txt
echo "record-spark-classes: $(wc -l < scripts/spark-classes.txt) classes from Spark's jars in scripts/spark-classes.txt;" \
  "JDK modules: $(paste -sd, scripts/spark-jdk-modules.txt) (scripts/spark-jdk-modules.txt)"
