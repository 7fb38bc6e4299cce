#!/usr/bin/env bash
# CPU: serve + ingest of invoices and layout, before (main 022ed3f) and after (gpu branch), one run
set -u
# before.jar and after.jar in $B: the two builds' examples/target/grounded-ocr.jar
B=${B:-/tmp/cpubench}; D=${TESTDATA:-/work/shared/testdata}
for round in 1; do
for which in before after; do
  if [ $which = before ]; then JAR=$B/before.jar; else JAR=$B/after.jar; fi
  rm -rf $B/data-$which; port=27411
  java -Xmx2g -Djava.awt.headless=true -jar $JAR serve --port $port --data $B/data-$which > $B/serve-$which.log 2>&1 &
  pid=$!
  for i in $(seq 1 180); do curl -sf "http://localhost:$port/solr/scans/select?q=*:*&rows=0" > /dev/null && break; sleep 1; done
  for set in invoices layout; do
    s=$(date +%s.%N)
    java -jar $JAR ingest --solr http://localhost:$port/solr $D/$set > $B/ingest-$which-$set.log 2>&1
    e=$(date +%s.%N)
    echo "$which $set: $(tail -1 $B/ingest-$which-$set.log) wall $(python3 -c "print(f'{$e-$s:.1f}')") s load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill $pid; wait $pid 2>/dev/null
done
done
