#!/usr/bin/env bash
# Device script for docs/BENCHMARKS.md "DeepSeek-OCR on the GPU", run from the repository root with the
# carry folder .devcarry (jars/, native/libtokenizers.so, export/*.py, tiny/ = the OCR-2 engine fixture,
# tiny16/ = the same tiny architecture exported in fp16 (export_onnx.py --random-tiny --dtype fp16), images/) and the GPU bundle unpacked in /tmp/gpu-bundle (../shared/gpu/README.md). Phases, in calls
# back to back while the machine stays warm (/tmp survives):
#   S  (then C) start the Python side in the background (setsid: it outlives the call): random full-size model,
#      export, generate.onnx, then it waits for /tmp/go; meanwhile check the Java side on the export
#      (CUDA fp32 parity on the tiny fixture, a short smoke run on the full model), then touch /tmp/go
#   C  (after S) the Java checks on the export, then /tmp/go
#   R  wait for the Python reference (batch 1/8/32/64, divergence reference) to finish
#   J  the Java engine: throughput per batch, pipeline pages/s, ids for the fp16 divergence
D=$(pwd)/.devcarry; M=/tmp/dsfull; P=/tmp/pages
export PYTHONUNBUFFERED=1
phase=$1
nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv,noheader
java_env() {
  source /tmp/gpu-bundle/env.sh; export RUST_LIBRARY_PATH=$D/native/libtokenizers.so
  J="java $ORT_JAVA_OPTS -Xmx48g -cp $ORT_CLASSES:$D/jars/* org.groundedocr.deepseek.bench.DeepSeekGpuBench"
}
if [ "$phase" = S ]; then
  rm -f /tmp/go /tmp/ref.json
  EXPARGS="--family deepseek-ocr2 --random-full --seed 7 --out $M --dtype fp16 --skip-check --modes gundam"
  ( cd $D/export && setsid nohup python3 bench_reference.py --model-dir $M --pages $P --make-pages 64 \
      --batches ${REF_BATCHES:-1,8,32,64} --new-tokens 1000 --divergence-pages 20 --divergence-tokens 200 \
      --export-first "$EXPARGS" --wait-for /tmp/go --out /tmp/ref.json > /tmp/ref.log 2>&1 < /dev/null & )
  phase=C
fi
if [ "$phase" = C ]; then
  for i in $(seq 1 ${EXPORT_WAIT:-450}); do [ -f $M/exported ] && break; sleep 1; done
  tail -5 /tmp/ref.log; ls -la $M
  [ -f $M/exported ] || { echo "export not finished: call again with phase C"; exit 1; }
  for m in $D/tiny $D/tiny16 $M; do python3 $D/export/make_generate_graph.py --model-dir $m; done
  java_env
  # fp32 tiny: CUDA vs the CPU step engine; fp16 tiny: one right-padded wave vs each page alone (CUDA GQA)
  timeout 120 $J parity $D/tiny $D/images/*.png 2>&1 | grep -v SLF4J | tee $OUT/parity.log
  timeout 120 $J padding $D/tiny16 64 $D/images/*.png 2>&1 | grep -v SLF4J | tee -a $OUT/parity.log
  timeout 150 java -Dgrounded.ngram=30 ${J#java } throughput $M $D/images 1,8 40 2>&1 | grep -v SLF4J | tee $OUT/smoke.log
  # ONNX Runtime's per-node profile of a short batch-1 generation
  timeout 150 java -Dgrounded.ngram=30 -Dgroundedocr.ort.profile=/tmp/prof ${J#java } throughput $M $D/images 1 20 2>&1 \
    | grep -v SLF4J | tee -a $OUT/smoke.log
  for f in /tmp/prof*.json; do gzip -c $f > $OUT/$(basename $f).gz; done
  touch /tmp/go
fi
if [ "$phase" = R ]; then
  for i in $(seq 1 ${REF_WAIT:-570}); do [ -f /tmp/ref.json ] && break; sleep 1; done
  cp /tmp/ref.log $OUT/py.log; cp /tmp/ref.json $OUT/ 2>/dev/null; grep reference /tmp/ref.log
fi
if [ "$phase" = J ]; then
  java_env
  ( nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader -lms 250 > $OUT/mem_java.csv & echo $! > /tmp/smi.pid )
  date +%s%3N
  timeout ${TP_TIMEOUT:-280} java -Dgrounded.ngram=30 ${J#java } throughput $M $P ${JAVA_BATCHES:-1,8,32,64} 1000 2>&1 | grep -v SLF4J | tee $OUT/java.log
  timeout ${PL_TIMEOUT:-200} java -Dgrounded.ngram=30 ${J#java } pipeline $M $P ${PL_BATCH:-64} ${PL_WAVES:-3} 1000 2>&1 | grep -v SLF4J | tee -a $OUT/java.log
  kill $(cat /tmp/smi.pid)
  timeout 100 $J tokens $M $P 20 200 2>/dev/null > $OUT/java_tokens.jsonl
  env -u LD_LIBRARY_PATH python3 $D/export/compare_ids.py /tmp/ref.json $OUT/java_tokens.jsonl | tee $OUT/divergence.json
  [ -n "$NO_OFF" ] || timeout ${OFF_TIMEOUT:-100} $J throughput $M $P 1,64 1000 2>&1 | grep -v SLF4J | tee -a $OUT/java.log
fi
