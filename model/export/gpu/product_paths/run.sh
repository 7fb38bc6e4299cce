#!/usr/bin/env bash
# issue 18: the product's own paths on the lent GPU, against the batch engine called directly and the Python
# reference, in one lease. Prepared and checked on the CPU (phase prod2 ran end to end here with the tiny
# fixture model: DEV=cpu M=<fixture> JAVA_CMD="java -cp examples/target/grounded-ocr.jar"); NOT YET RUN ON A GPU
# (no machine could be had in the session that wrote it: see docs/BENCHMARKS.md, "Product paths").
#
# Preparation here (the device has no Java, no Maven, no network; a call carries at most 64 MiB with the
# checkout, so parts of 39 MiB):
#   1. ../shared/gpu/make-bundle.sh .gpu 1.29.0; cat .gpu/p0? | split -b 39M -d -a 2 - .gpucarry/part-b
#   2. the CLI jar without ONNX Runtime (the bundle brings it) and without other platforms' natives:
#      zip -d examples/target/grounded-ocr.jar 'ai/onnxruntime/*' 'native/lib/win*' 'native/lib/osx*' \
#        'native/lib/linux-aarch64*' into grounded-gpu.jar, plus (for (d)) it-tests/target/tika/tika-server-standard.jar;
#      tar cf - grounded-gpu.jar [tika-server-standard.jar] | split -b 39M -d -a 2 - .gpucarry/part-j
#   3. .gpucarry/export = model/export/*.py; .gpucarry/conf = configsets/grounded-ocr/conf with
#      <str name="tikaConfig">tika-config.xml</str> in /update/scan and this folder's tika-config.xml;
#      .gpucarry/run.sh = this file
# Calls, back to back while the machine stays warm (/tmp survives, carried paths do not):
#   carry part-b06 part-j03 export run.sh .gpu/tools:  bash .gpucarry/run.sh stash && bash .gpucarry/run.sh export
#   carry one more part and run.sh each:                bash .gpucarry/run.sh stash
#   carry run.sh:                                        bash .gpucarry/run.sh prod1     ((a) harness, (b) ocr 64-page PDF, one page)
#   carry run.sh conf:                                   bash .gpucarry/run.sh prod2     ((c) serve + ingest 8 x 16 pages, (d) tika-server)
# The export starts the Python reference right after it (--wait-for on a file that exists): the reference runs
# first, and the Java phases wait for /tmp/ref.json.
set -u
phase=$1; C=$(pwd)/.gpucarry
TPORT=${TPORT:-19998}; SPORT=${SPORT:-18983}; M=${M:-/tmp/dsfull}; P=${P:-/tmp/pages}; N=${N:-256}; BS=${BS:-64}; DEV=${DEV:-cuda}; W=${W:-/tmp/w}
export PYTHONUNBUFFERED=1
mkdir -p $W
now() { date +%s.%N; }
if [ "$phase" = stash ]; then
  mkdir -p /tmp/gb /tmp/gbt; cp -f $C/part-* /tmp/gb/ 2>/dev/null; [ -d $C/../.gpu/tools ] && cp -f $C/../.gpu/tools/* /tmp/gbt/
  ls /tmp/gb | tr '\n' ' '; echo
  [ -f /tmp/ref.log ] && tail -2 /tmp/ref.log
  exit 0
fi
if [ "$phase" = export ]; then
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
  rm -rf /tmp/ex; cp -r $C/export /tmp/ex; touch /tmp/go
  EXPARGS="--family deepseek-ocr2 --random-full --seed 7 --out $M --dtype fp16 --skip-check --modes gundam"
  ( cd /tmp/ex && setsid nohup python3 bench_reference.py --model-dir $M --pages $P --make-pages 64 \
      --batches 1,64 --new-tokens $N --divergence-pages 0 --export-first "$EXPARGS" --wait-for /tmp/go \
      --out /tmp/ref.json > /tmp/ref.log 2>&1 < /dev/null & )
  sleep 5; tail -3 /tmp/ref.log; exit 0
fi
if [ -z "${JAVA_CMD:-}" ]; then
  # on the device: the bundle and the jars stashed by the earlier calls
  if [ ! -d /tmp/gpu-bundle ]; then
    cat /tmp/gb/part-b* | LD_LIBRARY_PATH=/tmp/gbt /tmp/gbt/zstd -d -q --long=27 | tar x -C /tmp || exit 1
    mkdir -p /tmp/jars; cat /tmp/gb/part-j* | tar x -C /tmp/jars || exit 1
    python3 -c "import zipfile; z=zipfile.ZipFile('/tmp/jars/grounded-gpu.jar'); open('/tmp/jars/libtokenizers.so','wb').write(z.read('native/lib/linux-x86_64/cpu/libtokenizers.so'))"
    mkdir -p /tmp/jl; ln -sf "$(python3 -c "import PIL,os,glob; print(glob.glob(os.path.join(os.path.dirname(PIL.__file__),'..','pillow.libs','libjpeg*'))[0])")" /tmp/jl/libjpeg.so.62
  fi
  source /tmp/gpu-bundle/env.sh; export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:/tmp/jl RUST_LIBRARY_PATH=/tmp/jars/libtokenizers.so
  JAVA_CMD="java $ORT_JAVA_OPTS -Xmx48g -Djava.awt.headless=true -cp $ORT_CLASSES:/tmp/jars/grounded-gpu.jar"
  TIKA_CP=""; [ -f /tmp/jars/tika-server-standard.jar ] && TIKA_CP="$ORT_CLASSES:/tmp/jars/tika-server-standard.jar:/tmp/jars/grounded-gpu.jar"
  for i in $(seq 1 ${REF_WAIT:-400}); do [ -f /tmp/ref.json ] && break; sleep 1; done
  [ -f /tmp/ref.json ] || { tail -5 /tmp/ref.log; echo "reference not finished"; exit 1; }
  nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv,noheader
fi
TIKA_CP=${TIKA_CP:-}
J="$JAVA_CMD"
docs() {  # the 64-page PDF and 8 PDFs of 16 pages from the reference's pages (1000x1400 at 100 dpi)
  [ -f $W/doc64.pdf ] && return
  python3 - $P $W <<'PY'
import sys, glob
from PIL import Image
P, W = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(P + '/page_*.png'))
ims = [Image.open(files[i % len(files)]).convert('RGB') for i in range(64)]
ims[0].save(W + '/doc64.pdf', save_all=True, append_images=ims[1:], resolution=100)
import os; os.makedirs(W + '/eight', exist_ok=True)
for d in range(8):
    part = [Image.open(files[(d * 16 + i) % len(files)]).convert('RGB') for i in range(16)]
    part[0].save(f'{W}/eight/doc{d}.pdf', save_all=True, append_images=part[1:], resolution=100)
print('pdfs made from', len(files), 'pages')
PY
}
tokens() {  # pages and generated tokens in the CLI's JSON output (one or several documents)
  python3 - "$@" <<'PY'
import json, sys
txt = open(sys.argv[1]).read(); dec = json.JSONDecoder(); i = 0; pages = []
while i < len(txt):
    while i < len(txt) and txt[i].isspace(): i += 1
    if i >= len(txt): break
    o, i = dec.raw_decode(txt, i); pages += o.get('pages', [])
tok = sum(p.get('stats', {}).get('generatedTokens', 0) for p in pages)
ms = [p.get('stats', {}).get('millis', 0) for p in pages]
print(f"pages={len(pages)} generated tokens={tok} ({tok / max(1, len(pages)):.0f}/page) page ms min/max={min(ms or [0])}/{max(ms or [0])}")
PY
}
OPTS="--engine deepseek --model $M --device $DEV -O batchSize=$BS -O kvCapacity=2200 --max-new-tokens $N --dpi 100 --ocr-strategy ocr_only"
if [ "$phase" = prod1 ]; then
  docs
  echo "== (a) harness pipeline, $BS slots x 1 wave, EOS ignored, n-gram 30"
  timeout 240 $J -Dgrounded.ngram=30 -Dgrounded.kvCapacity=2200 org.groundedocr.deepseek.bench.DeepSeekGpuBench pipeline $M $P $BS 1 $N 2>&1 | grep -v SLF4J | tail -3
  echo "== (b) CLI ocr, one 64-page PDF"
  s=$(now); timeout 400 $J org.groundedocr.cli.GroundedOcrCli ocr $OPTS --format json $W/doc64.pdf > $W/b.json 2> $W/b.err; rc=$?; e=$(now)
  grep -v SLF4J $W/b.err | grep -E "page 64/64|error|Exception" | tail -3
  python3 -c "print(f'rc=$rc wall incl. JVM+model load {$e-$s:.1f}s -> {64/($e-$s):.3f} pages/s')"; tokens $W/b.json
  echo "== (b1) CLI ocr, one page (latency)"
  one=$(ls $P/page_*.png | head -1)
  s=$(now); timeout 200 $J org.groundedocr.cli.GroundedOcrCli ocr $OPTS --format json $one > $W/one.json 2> $W/one.err; e=$(now)
  python3 -c "print(f'wall incl. JVM+model load {$e-$s:.1f}s')"; tokens $W/one.json
fi
if [ "$phase" = prod2 ]; then
  docs
  rm -rf $W/conf $W/solr; cp -r $C/conf $W/conf
  sed -i "s#@MODEL@#$M#; s#@DEVICE@#$DEV#; s#@TOKENS@#$N#; s#@BATCH@#$BS#" $W/conf/tika-config.xml
  cp $W/conf/tika-config.xml $W/tika-config.xml
  echo "== (c) serve + ingest, 8 PDFs x 16 pages, --concurrency 8"
  ( cd $W && setsid nohup $J org.groundedocr.cli.GroundedOcrCli serve --port $SPORT --data $W/solr --configset $W/conf > $W/serve.log 2>&1 < /dev/null & echo $! > $W/serve.pid )
  for i in $(seq 1 120); do curl -sf "http://localhost:$SPORT/solr/scans/select?q=*:*&rows=0" > /dev/null && break; sleep 1; done
  curl -sf "http://localhost:$SPORT/solr/scans/select?q=*:*&rows=0" > /dev/null || { tail -20 $W/serve.log; echo serve not up; }
  # warm-up: one page loads the engine (not timed)
  s=$(now); curl -s -o /dev/null -w "warm-up %{http_code} " -H "Content-Type: image/png" --data-binary @$(ls $P/page_*.png | head -1) "http://localhost:$SPORT/solr/scans/update/scan?id=warm"; e=$(now)
  python3 -c "print(f'{$e-$s:.1f}s')"
  s=$(now); timeout 400 $J org.groundedocr.cli.GroundedOcrCli ingest --solr http://localhost:$SPORT/solr --concurrency 8 $W/eight > $W/ingest.log 2>&1; rc=$?; e=$(now)
  tail -3 $W/ingest.log
  python3 -c "print(f'rc=$rc 128 pages in {$e-$s:.1f}s -> {128/($e-$s):.3f} pages/s (JVM of ingest included)')"
  curl -s "http://localhost:$SPORT/solr/scans/select?q=doc_type:page&rows=0" | python3 -c "import json,sys; print('page docs', json.load(sys.stdin)['response']['numFound'])" 2>/dev/null
  kill $(cat $W/serve.pid); sleep 3
  if [ -n "$TIKA_CP" ]; then
    echo "== (d) tika-server /rmeta, the 64-page PDF"
    ( cd $W && setsid nohup ${J%% -cp *} -cp $TIKA_CP org.apache.tika.server.core.TikaServerCli -h 127.0.0.1 -p $TPORT -c $W/tika-config.xml -noFork > $W/tika.log 2>&1 < /dev/null & echo $! > $W/tika.pid )
    for i in $(seq 1 120); do curl -sf http://127.0.0.1:$TPORT/version > /dev/null && break; sleep 1; done
    s=$(now); curl -s -o /dev/null -w "warm-up %{http_code} " -T $(ls $P/page_*.png | head -1) -H "Content-Type: image/png" http://127.0.0.1:$TPORT/rmeta; e=$(now); python3 -c "print(f'{$e-$s:.1f}s')"
    s=$(now); curl -s -o $W/rmeta.json -w "rmeta %{http_code}\n" -T $W/doc64.pdf -H "Content-Type: application/pdf" http://127.0.0.1:$TPORT/rmeta; e=$(now)
    python3 -c "import json; m=json.load(open('$W/rmeta.json'))[0]; print('pages', m.get('ocr:pageCount'), 'failed', m.get('ocr:failedPages'), f'64 pages in {$e-$s:.1f}s -> {64/($e-$s):.3f} pages/s')"
    kill $(cat $W/tika.pid)
  fi
fi
