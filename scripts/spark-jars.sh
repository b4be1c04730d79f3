#!/usr/bin/env bash
# Which jars are Spark's: prints nothing, writes into DIR (default target/spark-jars):
#   deps.txt         every module's test-scope dependencies: module scope group:artifact jar-path (class path order)
#   spark-jars.txt   the jars that only Spark brings (provided scope in spark or samples, and no module takes that
#                    group:artifact in another scope), spark's class path order first: what spark-min.jar is cut from
#   spark-only.txt   the file names of the jars only Spark brings (as dependency:copy-dependencies names them), to keep
#                    out of .devkit/lib. A jar Spark shares with another module (commons-math3 with JMH) stays in lib,
#                    and where another module takes another version of one of Spark's jars (guava 33.4.8 for
#                    compile-testing, Spark's 32.0.0), that version serves Spark too.
#   test-cp-MODULE.txt  the spark, samples and bench modules' test class paths (jars only), for recording.
# Reads the modules from the local Maven repository: install them first (scripts/devkit.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/spark-jars}; mkdir -p "$dir"
rm -f ./*/target/deps.txt
mvn -q -B -Dstyle.color=never dependency:list -DincludeScope=test -DoutputFile=target/deps.txt \
  -DoutputAbsoluteArtifactFilename=true >/dev/null
for f in ./*/target/deps.txt; do
  m=$(basename "$(dirname "$(dirname "$f")")")
  # "   group:artifact:type[:classifier]:version:scope:/path.jar -- module x": the path has no colon.
  sed -e 's/\x1b\[[0-9;]*m//g' "$f" | sed -n 's/^   \([^ ]*\).*/\1/p' \
    | awk -v m="$m" -F: '{ print m, $(NF-1), $1 ":" $2, $NF }'
done > "$dir/deps.txt"
for m in spark samples bench; do awk -v m=$m '$1 == m && $4 ~ /\.jar$/ { print $4 }' "$dir/deps.txt" > "$dir/test-cp-$m.txt"; done
awk '
  { n = split($4, p, "/"); file = p[n] }
  $2 != "provided" { otherGa[$3] = 1; otherFile[file] = 1; next }
  ($1 == "spark" || $1 == "samples") && $3 !~ /^dev\.gridforge:/ { if (!(file in seen)) { seen[file] = 1; order[++k] = $3 " " $4 " " file } }
  END {
    for (i = 1; i <= k; i++) {
      split(order[i], f, " ")
      if (!(f[1] in otherGa)) print f[2] > (dir "/spark-jars.txt")
      if (!(f[3] in otherFile)) print f[3] > (dir "/spark-only.txt")
    }
  }' dir="$dir" "$dir/deps.txt"
