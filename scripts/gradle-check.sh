#!/usr/bin/env bash
# Builds and runs a one-kernel Gradle project against this repository's artifacts, as the README's
# "Adding gridforge to a build" describes for Gradle: the runtime's dependencies (JCuda's natives
# among them) resolved from a Maven repository, the processor on the processor path, the kernel
# run on the default backend. Written for Debian's Gradle 4.4.1 (apt-get install gradle), the only
# one this project could test with: it has no annotationProcessor configuration (Gradle 4.6), so
# the project sets the processor path by hand, which is what that configuration does.
#
#   scripts/gradle-check.sh [JDK_HOME...]     # each JDK compiles and runs the project in turn
#
# The artifacts are installed into GRIDFORGE_GRADLE_REPO (default target/gradle-check/repo), never
# into ~/.m2; copy ~/.m2/repository there first to build offline. MVN_ARGS is passed to mvn (-o).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/target/gradle-check
repo=${GRIDFORGE_GRADLE_REPO:-$root/repo}
project=$root/project
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
mkdir -p "$root"
mvn -q -B ${MVN_ARGS:-} install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.repo.local="$repo"

rm -rf "$project"; mkdir -p "$project/src/main/java/com/example/geo"
cat > "$project/src/main/java/com/example/geo/Haversine.java" <<'EOF'
package com.example.geo;

import dev.gridforge.Const;
import dev.gridforge.Coord;
import dev.gridforge.Pointwise;

public final class Haversine {
    @Pointwise
    public static double distance(@Coord(0) double lat1, @Coord(1) double lon1,
                                  @Const double lat2, @Const double lon2, @Const double scale) {
        double a = Math.pow(Math.sin(0.008726645 * (lat2 - lat1)), 2)
                 + Math.cos(0.01745329 * lat1) * Math.cos(0.01745329 * lat2)
                   * Math.pow(Math.sin(0.008726645 * (lon2 - lon1)), 2);
        return Math.atan2(a, 1 - a) * scale;
    }
}
EOF
cat > "$project/src/main/java/com/example/geo/Main.java" <<'EOF'
package com.example.geo;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;

public final class Main {
    public static void main(String[] args) {
        double[] z = HaversineKernels.distance(Mesh.linspace(29, 31, 1000, 99, 101, 1000), 30.0, 101.0, 1.0).toArray();
        System.out.println("gradle-check: " + z.length + " points on " + Gridforge.resolve(Backend.AUTO)
                + ", z[0] = " + z[0] + ", Haversine.distance = " + Haversine.distance(29, 99, 30.0, 101.0, 1.0));
    }
}
EOF
cat > "$project/build.gradle" <<EOF
apply plugin: 'java'
apply plugin: 'application'
mainClassName = 'com.example.geo.Main'
repositories { maven { url '$repo' } }
configurations { gridforgeProcessor }
dependencies {
    compile 'dev.gridforge:gridforge-annotations:$version'
    compile 'dev.gridforge:gridforge-runtime:$version'
    gridforgeProcessor 'dev.gridforge:gridforge-processor:$version'
}
// What Gradle 4.6+ does for annotationProcessor(...): an explicit processor path, which JDK 23+ needs.
compileJava.options.annotationProcessorPath = configurations.gridforgeProcessor
// Gradle 4.4 knows Java versions up to 12 only; javac takes the last -source and -target.
compileJava.options.compilerArgs += ['-source', '17', '-target', '17']
if (project.hasProperty('jdk')) {
    compileJava.options.fork = true
    compileJava.options.forkOptions.javaHome = file(project.jdk)
    run.executable = "\${project.jdk}/bin/java"
}
run.jvmArgs = ['--enable-native-access=ALL-UNNAMED']
EOF

status=0
for jdk in "${@:-}"; do
  rm -rf "$project/build"
  log=$root/gradle${jdk:+-$(basename "$jdk")}.txt
  (cd "$project" && gradle --no-daemon -q -g "$root/gradle-home" ${jdk:+-Pjdk=$jdk} run) > "$log" 2>&1 || status=1
  echo "== ${jdk:-the JDK running Gradle} (exit $status; log $log)"
  grep -E '^gradle-check:|error|FAIL|WARNING: A restricted' "$log" || true
  if ! grep -q '^gradle-check: 1000000 points' "$log" || grep -q 'WARNING: A restricted' "$log"; then status=1; fi
  ls "$project/build/classes/java/main/com/example/geo/HaversineKernels.distance.cu" > /dev/null || status=1
done
exit $status
