#!/usr/bin/env bash
# CPU: serve + ingest of invoices and layout; before (main's jar, synchronous) and after (this
# branch: synchronous with --no-async, then every file as an asynchronous job with
# --async-over-pages 0), one run, each on a fresh serve. before.jar and after.jar in $B.
set -u
B=${B:-/tmp/jobsbench}; D=${TESTDATA:-/work/shared/testdata}; port=${PORT:-27511}
for which in before after-sync after-async; do
  case $which in
    before) JAR=$B/before.jar; MODE="";;
    after-sync) JAR=$B/after.jar; MODE="--no-async";;
    after-async) JAR=$B/after.jar; MODE="--async-over-pages 0";;
  esac
  rm -rf $B/data-$which
  java -Xmx2g -Djava.awt.headless=true -jar $JAR serve --port $port --data $B/data-$which > $B/serve-$which.log 2>&1 &
  pid=$!
  for i in $(seq 1 300); do curl -sf "http://localhost:$port/solr/scans/select?q=*:*&rows=0" > /dev/null && break; sleep 1; done
  for set in invoices layout; do
    s=$(date +%s.%N)
    java -jar $JAR ingest --solr http://localhost:$port/solr $MODE $D/$set > $B/ingest-$which-$set.log 2>&1
    e=$(date +%s.%N)
    echo "$which $set: $(grep -E '^(indexed|sent) ' $B/ingest-$which-$set.log) wall $(python3 -c "print(f'{$e-$s:.1f}')") s load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill $pid; wait $pid 2>/dev/null
done
