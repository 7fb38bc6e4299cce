#!/usr/bin/env bash
# Device script for docs/BENCHMARKS.md "DeepSeek-OCR on the GPU", run from the repository root on the lent GPU
# machine, with the GPU bundle stashed by .gpu/s/tools/unpack.sh (../shared/gpu/README.md) and the carry folder
# .devcarry, copied to /tmp/dc by its own call (jars/ = the model module's jar and its runtime dependencies less onnxruntime, native/libtokenizers.so,
# images/ = the engine fixture's pages). Phases, in calls back to back while the machine stays warm (/tmp survives):
#   S  start the Python side in the background (setsid: it outlives the call): random full-size model, export,
#      then it waits for /tmp/go before timing the reference (the GPU is then its own)
#   C  (after S; the bundle opened) wait for the export, add generate.onnx, decode_step.onnx, decode_graph.onnx
#      check the Java side: CUDA fp32 parity of the
#      decoders on the tiny fixture, short runs with and without CUDA-graph decode steps; touch /tmp/go
#   R  wait for the Python reference (batch 1/8/32/64, divergence reference) to finish
#   J  the Java engine: throughput per batch, pipeline pages/s, ids for the fp16 divergence, the step decoder
#      without CUDA graphs, the loop decoder
D=/tmp/dc; M=/tmp/dsfull; P=/tmp/pages; X=/tmp/export
export PYTHONUNBUFFERED=1
phase=$1
nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv,noheader
java_env() {
  source /tmp/gpu-bundle/env.sh; export RUST_LIBRARY_PATH=$D/native/libtokenizers.so
  J="java $ORT_JAVA_OPTS -Xmx48g -cp $ORT_CLASSES:$D/jars/* org.groundedocr.deepseek.bench.DeepSeekGpuBench"
}
if [ "$phase" = S ]; then
  rm -rf /tmp/go /tmp/ref.json $X && cp -r model/export $X  # the tree is replaced by each call: run from a copy
  EXPARGS="--family deepseek-ocr2 --random-full --seed 7 --out $M --dtype fp16 --skip-check --modes gundam"
  ( cd $X && setsid nohup python3 bench_reference.py --model-dir $M --pages $P --make-pages 128 \
      --batches ${REF_BATCHES:-1,8,32,64} --new-tokens 1000 --divergence-pages 20 --divergence-tokens 200 \
      --export-first "$EXPARGS" --wait-for /tmp/go --out /tmp/ref.json > /tmp/ref.log 2>&1 < /dev/null & )
  sleep 5; tail -3 /tmp/ref.log
fi
if [ "$phase" = C ]; then
  for i in $(seq 1 ${EXPORT_WAIT:-540}); do [ -f $M/exported ] && break; sleep 1; done
  tail -5 /tmp/ref.log; ls -la $M
  [ -f $M/exported ] || { echo "export not finished: call again with phase C"; exit 1; }
  T=/tmp/tiny; rm -rf $T; cp -r model/deepseek/src/test/resources/deepseek/engine/deepseek-ocr2/model $T
  python3 $X/make_generate_graph.py --model-dir $T
  python3 $X/make_generate_graph.py --model-dir $M
  java_env
  # fp32 tiny on CUDA vs the CPU step engine, both decoders
  for dec in step loop; do
    timeout 120 java -Dgrounded.decoder=$dec ${J#java } parity $T $D/images/*.png 2>&1 | grep -v SLF4J | tee -a $OUT/parity.log
  done
  timeout 120 java -Dgrounded.decodeGraph=on ${J#java } parity $T $D/images/*.png 2>&1 | grep -v SLF4J | tee -a $OUT/parity.log
  # CUDA-graph decode steps (decode_graph.onnx) against the plain step decoder, short runs
  for g in on off; do
    timeout 150 java -Dgrounded.ngram=30 -Dgrounded.kvCapacity=2200 -Dgrounded.decodeGraph=$g ${J#java } throughput $M \
      $D/images 1,8 100 2>&1 | grep -v "SLF4J\|VerifyEachNode" | tee -a $OUT/smoke.log
  done
  touch /tmp/go
fi
if [ "$phase" = R ]; then
  for i in $(seq 1 ${REF_WAIT:-570}); do [ -f /tmp/ref.json ] && break; sleep 1; done
  cp /tmp/ref.log $OUT/py.log; cp /tmp/ref.json $OUT/ 2>/dev/null; grep reference /tmp/ref.log
fi
if [ "$phase" = J ]; then
  java_env
  MJ=${MODEL:-$M}
  ( nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader -lms 250 > $OUT/mem_java.csv & echo $! > /tmp/smi.pid )
  date +%s%3N
  JJ="java -Dgrounded.ngram=30 -Dgrounded.kvCapacity=2200 ${J#java }"
  timeout ${TP_TIMEOUT:-280} $JJ throughput $MJ $P ${JAVA_BATCHES:-1,8,32,64,128} 1000 2>&1 | grep -v SLF4J | tee $OUT/java.log
  timeout ${PL_TIMEOUT:-200} $JJ pipeline $MJ $P ${PL_BATCH:-128} ${PL_WAVES:-3} 1000 2>&1 | grep -v SLF4J | tee -a $OUT/java.log
  kill $(cat /tmp/smi.pid)
  timeout 100 $J tokens $MJ $P 20 200 2>/dev/null > $OUT/java_tokens.jsonl
  env -u LD_LIBRARY_PATH python3 $X/compare_ids.py /tmp/ref.json $OUT/java_tokens.jsonl | tee $OUT/divergence.json
  [ -n "$NO_OFF" ] || timeout ${OFF_TIMEOUT:-120} java -Dgrounded.decodeGraph=off ${JJ#java } throughput $MJ $P 1,64 1000 2>&1 \
    | grep -v SLF4J | tee -a $OUT/java.log
  [ -n "$NO_LOOP" ] || timeout ${LOOP_TIMEOUT:-120} java -Dgrounded.decoder=loop ${JJ#java } throughput $MJ $P 1,64 1000 2>&1 \
    | grep -v SLF4J | tee -a $OUT/java.log
fi
