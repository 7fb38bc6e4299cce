#!/usr/bin/env bash
# CPU: serve + ingest of the layout set's 20 page images alone (its ALTO files left out, so every
# page is OCRed by ppocr rather than imported), this branch's jar, synchronous then asynchronous,
# each on a fresh serve. $IMAGES: a folder of links to the images (the script below makes one).
set -u
B=${B:-/tmp/jobsbench}; port=${PORT:-27511}; IMAGES=${IMAGES:-$B/layout-images}
if [ ! -d "$IMAGES" ]; then
  mkdir -p "$IMAGES"
  (cd ${TESTDATA:-/work/shared/testdata}/layout && find . -type f \( -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' \) |
    while read f; do ln -sf "$PWD/${f#./}" "$IMAGES/$(echo ${f#./} | tr '/' '_')"; done)
fi
for which in after-sync after-async; do
  case $which in
    after-sync) MODE="--no-async";;
    after-async) MODE="--async-over-pages 0";;
  esac
  rm -rf $B/data-img-$which
  java -Xmx2g -Djava.awt.headless=true -jar $B/after.jar serve --port $port --data $B/data-img-$which > $B/serve-img-$which.log 2>&1 &
  pid=$!
  for i in $(seq 1 300); do curl -sf "http://localhost:$port/solr/scans/select?q=*:*&rows=0" > /dev/null && break; sleep 1; done
  s=$(date +%s.%N)
  java -jar $B/after.jar ingest --solr http://localhost:$port/solr $MODE $IMAGES > $B/ingest-img-$which.log 2>&1
  e=$(date +%s.%N)
  echo "$which layout-images: $(grep -E '^(indexed|sent) ' $B/ingest-img-$which.log) wall $(python3 -c "print(f'{$e-$s:.1f}')") s load $(cut -d' ' -f1-3 /proc/loadavg)"
  kill $pid; wait $pid 2>/dev/null
done
