#!/usr/bin/env bash
# Prepares .devkit/ for the GPU machine (see docs/gpu-checks.md), which has no Java: a JRE, the project's classes and
# the jars, under 60 MB in all. The shared kit script resolves the project's own modules from the local Maven
# repository, so install them first; the GPU oracle tests compile kernels with javac at run time, so the carried JRE
# needs the compiler. Spark (230 MB of jars) does not travel: one jar, lib/spark-min.jar, holds what local-mode Spark
# loads (scripts/spark-classes.txt, recorded by scripts/record-spark-classes.sh) with its jars' other files. The JRE and
# that jar travel packed in one xz archive, packed.tar.xz, unpacked by .devkit/java at its first call on a machine.
set -euo pipefail
cd "$(dirname "$0")/.."
kit=.devkit
mvn -q -B -DskipTests install

# 1. The JRE: what the project uses, and what the Spark runs load (scripts/spark-jdk-modules.txt: java.sql, java.naming,
#    java.security.jgss, jdk.security.auth, java.xml, jdk.net; java.desktop for gray-scott-map's PNG). Linked
#    uncompressed here, it travels as one xz archive (19 MB; jlink's own compression leaves 50), which .devkit/java
#    unpacks at its first call on a machine. javac reads ct.sym only for --release; the tests compile kernels without it.
unpacked=$(readlink "$kit/jre" 2>/dev/null || true)   # where an earlier kit's JRE was unpacked (step 5)
rm -rf "$kit/jre" "$kit/jre.tar.xz" "$kit/packed.tar.xz"; mkdir -p "$kit"
# jdk.incubator.vector: Spark starts a standalone executor (SparkGpuTest's local cluster) with --add-modules naming it.
modules=java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.zipfs,java.compiler,jdk.compiler
modules="$modules,jdk.incubator.vector"
modules="$modules,$(grep -v '^#' scripts/spark-jdk-modules.txt | paste -sd, -)"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=0 --output "$kit/jre" >/dev/null
rm -f "$kit/jre/lib/ct.sym"

# 2. The classes and the jars (the shared script skips the JRE it finds). It records .devkit/ in .git/info/exclude,
#    which a worktree has in its git directory (.gitignore ignores .devkit/ anyway).
if [ -d .git ]; then
  KIT_NO_BUILD=1 bash ../shared/device/kit.sh
else
  KIT_NO_BUILD=1 bash <(sed "s#\.git/info#$(git rev-parse --git-dir)/info#g" ../shared/device/kit.sh)
fi | sed 's/^devkit: /devkit, Spark still whole: /'

# 3. Spark: its jars out of lib (those only Spark brings: scripts/spark-jars.sh), one jar of what local mode loads in,
#    with a margin for paths the recording did not take (timing decides some): every nested class of a recorded class,
#    and whole packages of Spark, Scala and netty (promises, event loops, messages of a job being killed). Where another module takes another
#    version of a jar Spark also uses (guava), that one serves Spark too.
bash scripts/spark-jars.sh target/spark-jars
while read -r f; do rm -f "$kit/lib/$f"; done < target/spark-jars/spark-only.txt
# Its entries stored, not deflated: packed with the JRE (step 5), xz makes it 13 MB where a deflated jar is 26. The
# margin is every class of a package with a recorded class under Spark's (and its shaded guava's and jetty's), Scala's and netty's prefixes: a job that
# aborts while tasks still run loads scheduler.local.KillTask, which the recording had not seen.
# shellcheck disable=SC2046
java scripts/SparkMinJar.java --nested --stored --package io.netty. --package scala. --package org.apache.spark. --package org.sparkproject. \
  <(cat scripts/spark-classes.txt scripts/spark-classes-extra.txt) "$kit/lib/spark-min.jar" \
  $(cat target/spark-jars/spark-jars.txt) | grep -vE '^  [^ ]+\.jar +[0-9]+ classes'

# JNA's jar carries its native library for 27 other platforms (1.7 MB): Linux x86-64's stays.
for j in "$kit"/lib/jna-[0-9]*.jar; do
  unzip -Z1 "$j" | grep -E '^com/sun/jna/[^/]+/(lib)?jnidispatch' | grep -v '^com/sun/jna/linux-x86-64/' \
    | xargs -r zip -q -d "$j" >/dev/null
done

# 4. Each module's classes as one compressed jar: the class path names the jars.
for d in "$kit"/classes/*/; do
  m=$(basename "$d"); (cd "$d" && zip -q -r -X "../$m.jar" .); rm -rf "$d"
done
sed -i -E 's#(\.devkit/classes/[A-Za-z0-9_-]+)#\1.jar#g' "$kit/cp"

# 5. The JRE and spark-min.jar packed, and a java wrapper that unpacks them once per machine (under $TMPDIR, linked as
#    .devkit/jre and .devkit/lib/spark-min.jar), so that what travels stays packed even after the kit has run here.
spark_min=$(stat -c %s "$kit/lib/spark-min.jar")
mv "$kit/lib/spark-min.jar" "$kit/spark-min.jar"
tar -C "$kit" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - jre spark-min.jar | xz -6 -T2 > "$kit/packed.tar.xz"
rm -rf "$kit/jre" "$kit/spark-min.jar"
case "$unpacked" in   # the earlier kit's unpacked JRE, unless it is this one's
  */gridforge-devkit-jre-*/jre) [ "$unpacked" = "${TMPDIR:-/tmp}/gridforge-devkit-jre-$(cksum < "$kit/packed.tar.xz" | cut -d' ' -f1)/jre" ] \
    || rm -rf "$(dirname "$unpacked")" ;;
esac
cat > "$kit/java" <<'W'
#!/usr/bin/env bash
# Java on the device machine, with the CUDA libraries where the runtime can find them. The JRE and lib/spark-min.jar
# travel as packed.tar.xz (scripts/devkit.sh): the first call on a machine unpacks it under ${TMPDIR:-/tmp} and links
# them here as jre/ and lib/spark-min.jar.
here=$(cd "$(dirname "$0")" && pwd)
if { [ ! -x "$here/jre/bin/java" ] || [ ! -f "$here/lib/spark-min.jar" ]; } && [ -f "$here/packed.tar.xz" ]; then
  dest="${TMPDIR:-/tmp}/gridforge-devkit-jre-$(cksum < "$here/packed.tar.xz" | cut -d' ' -f1)"
  if [ ! -x "$dest/jre/bin/java" ] || [ ! -f "$dest/spark-min.jar" ]; then
    part=$(mktemp -d "$dest.XXXXXX") || exit 127
    if command -v xz >/dev/null; then
      xz -dc "$here/packed.tar.xz" | tar -xf - -C "$part"
    else
      python3 -c 'import sys, tarfile
kw = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
tarfile.open(sys.argv[1]).extractall(sys.argv[2], **kw)' "$here/packed.tar.xz" "$part"
    fi || { echo "devkit: cannot unpack $here/packed.tar.xz (needs xz and tar, or python3)" >&2; rm -rf "$part"; exit 127; }
    mv -T "$part" "$dest" 2>/dev/null || rm -rf "$part"   # another call may have unpacked it meanwhile
  fi
  [ -L "$here/jre" ] || rm -rf "$here/jre"
  ln -sfn "$dest/jre" "$here/jre"
  ln -sfn "$dest/spark-min.jar" "$here/lib/spark-min.jar"
fi
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
exec "$here/jre/bin/java" "$@"
W
# The shared script's junit wrapper hands the class path to the launcher's -cp, which does not expand lib/*: this one
# runs the launcher on the JVM's class path. JVM options (Spark's --add-opens) go in JDK_JAVA_OPTIONS.
cat > "$kit/junit" <<'W'
#!/usr/bin/env bash
# Runs JUnit tests from the carried classes: .devkit/junit --select-class x.y.Z  (or --select-package, --scan-classpath)
here=$(cd "$(dirname "$0")" && pwd)
cp=$(sed "s#\.devkit/#$here/#g" "$here/cp"):$(ls "$here"/tools/junit-platform-console-standalone-*.jar)
exec "$here/java" -cp "$cp" org.junit.platform.console.ConsoleLauncher execute --details=tree "$@"
W
chmod +x "$kit/java" "$kit/junit"
size=$(du -sb "$kit" | cut -f1)
echo "devkit: $size bytes in $kit (the JRE and spark-min.jar ($spark_min bytes stored) $(stat -c %s "$kit/packed.tar.xz") packed, lib $(du -sb "$kit/lib" | cut -f1), classes $(du -sb "$kit/classes" | cut -f1), tools $(du -sb "$kit/tools" | cut -f1)); keep it under 60 MB"
[ "$size" -lt 60000000 ] || { echo "devkit: over 60 MB" >&2; exit 1; }
