#!/usr/bin/env bash
# IIIF flood against a heap-bounded `serve` node (issue 16; docs/BENCHMARKS.md "Reliability").
# usage: it-tests/bench/iiif_flood.sh JAR PORT XMX PDF [SIZES...]
# e.g.   it-tests/bench/iiif_flood.sh examples/target/grounded-ocr.jar 18983 768m \
#          /work/shared/testdata/invoices/oyo.pdf '^,8192' '^,4096'
set -euo pipefail
JAR=$1; PORT=$2; XMX=$3; PDF=$4; shift 4
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=('^,8192' '^,4096')
DATA=$(mktemp -d /tmp/iiif-flood.XXXXXX)
HERE=$(cd "$(dirname "$0")" && pwd)
java -Xmx"$XMX" -jar "$JAR" serve --port "$PORT" --data "$DATA" > "$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for i in $(seq 1 300); do grep -q "Solr is running" "$DATA/serve.log" && break; sleep 1; done
grep -q "Solr is running" "$DATA/serve.log" || { echo "serve did not start"; tail -20 "$DATA/serve.log"; exit 1; }
curl -s -H 'Content-Type: application/pdf' --data-binary @"$PDF" \
  "http://127.0.0.1:$PORT/solr/scans/update/scan?id=flood&commit=true&wt=json" | tr -d '\n' | grep -o '"files":\[[^]]*\]' | cut -c1-300
curl -s "http://127.0.0.1:$PORT/solr/scans/select?q=doc_type:page&fl=id&wt=json" | tr -d '\n ' | cut -c1-300; echo
echo "jar=$JAR heap=-Xmx$XMX page=flood!page-1 ($(curl -s "http://127.0.0.1:$PORT/solr/scans/page/iiif/flood!page-1/info.json" | tr -d '\n ' | grep -o '"width":[0-9]*,"height":[0-9]*'))"
for s in "${SIZES[@]}"; do
  python3 "$HERE/iiif_flood.py" "http://127.0.0.1:$PORT/solr" scans 'flood!page-1' "$PID" 12 "$s"
done
echo "OutOfMemoryError lines in the server log: $(grep -c OutOfMemoryError "$DATA/serve.log" || true)"
