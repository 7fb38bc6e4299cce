#!/usr/bin/env bash
# grounded-ocr vs dbmdz/solr-ocrhighlighting on the same ALTO files (issue 17, item 5). Not in CI.
#
#   docs/bench/ocrhl_side_by_side.sh OCRHL_CHECKOUT [TESTDATA]
#
# OCRHL_CHECKOUT: a checkout of github.com/dbmdz/solr-ocrhighlighting at tag 0.9.5 (the release for
# Solr 9.10), built there with its own build:  ./mvnw -DskipTests package  (-> target/*.jar).
# Nothing of it is copied into this repository: its jar goes on the class path of a second
# `grounded-ocr serve` node (the same embedded Solr 9.10 as ours) whose collection is created from
# its documented example configset (example/solr/core/conf).
# TESTDATA: default ../shared/testdata; uses layout/*/*.xml and kant_1784/OCR-D-GT-ALTO/*.xml.
set -euo pipefail
OCRHL=${1:?path of the solr-ocrhighlighting checkout}
DATA=${2:-../shared/testdata}
JAR=examples/target/grounded-ocr.jar
OCRHL_JAR=$(ls "$OCRHL"/target/solr-ocrhighlighting-*.jar | grep -v original | head -1)
OURS_PORT=${OURS_PORT:-28983}
THEIRS_PORT=${THEIRS_PORT:-28990}
WORK=$(mktemp -d /tmp/ocrhl-side-by-side.XXXXXX)
FILES=$(ls "$DATA"/layout/*/*.xml "$DATA"/kant_1784/OCR-D-GT-ALTO/*.xml)
mkdir -p "$WORK/alto"
cp $FILES "$WORK/alto/"
# their example configset is for a standalone core; SolrCloud (which `serve` runs) needs _version_
cp -r "$OCRHL/example/solr/core/conf" "$WORK/ocrhl-conf"
sed -i 's#<types>#<types>\n    <fieldType name="plong" class="solr.LongPointField" docValues="true"/>#; s#<fields>#<fields>\n    <field name="_version_" type="plong" indexed="false" stored="false" multiValued="false"/>#' \
  "$WORK/ocrhl-conf/schema.xml"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap "exit 1" INT TERM

wait_for() { # url log pid
  for _ in $(seq 1 240); do
    if curl -sf "$1" >/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || { echo "the node stopped; see $2" >&2; exit 1; }
    sleep 1
  done
  echo "no answer from $1; see $2" >&2; exit 1
}

java -Xmx2g -jar "$JAR" serve --port "$OURS_PORT" --data "$WORK/ours" --collection lib >"$WORK/ours.log" 2>&1 &
pids+=($!)
java -Xmx1g -cp "$JAR:$OCRHL_JAR" org.groundedocr.cli.GroundedOcrCli serve --port "$THEIRS_PORT" \
  --data "$WORK/theirs" --collection ocrhl --configset "$WORK/ocrhl-conf" >"$WORK/theirs.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$OURS_PORT/solr/lib/select?q=*:*&rows=0" "$WORK/ours.log" "${pids[0]}"
wait_for "http://127.0.0.1:$THEIRS_PORT/solr/ocrhl/select?q=*:*&rows=0" "$WORK/theirs.log" "${pids[1]}"

start=$(date +%s.%N)
java -jar "$JAR" ingest --solr "http://127.0.0.1:$OURS_PORT/solr" --collection lib "$WORK/alto"
echo "grounded-ocr ingest: $(echo "$(date +%s.%N) - $start" | bc) s"

uptime
python3 docs/bench/ocrhl_side_by_side.py --ours "http://127.0.0.1:$OURS_PORT/solr/lib" \
  --theirs "http://127.0.0.1:$THEIRS_PORT/solr/ocrhl" --index-theirs --runs "${RUNS:-10}" "$WORK"/alto/*.xml
uptime
