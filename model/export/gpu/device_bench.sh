#!/usr/bin/env bash
# Device script for docs/BENCHMARKS.md "DeepSeek-OCR on the GPU". Phases are resumable across calls
# while the machine stays warm (/tmp survives): A = export + Python reference, B = Java engine.
D=$(pwd)/.devcarry; M=/tmp/dsfull; P=/tmp/pages
export PYTHONUNBUFFERED=1
phase=$1
nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv,noheader
if [ "$phase" = A ]; then
  [ -f $M/generate.onnx ] && EXP="" || EXP="--export-first"
  EXPARGS="--family deepseek-ocr2 --random-full --seed 7 --out $M --dtype fp16 --skip-check --modes gundam"
  ( nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader -lms 500 > $OUT/mem_py.csv & echo $! > /tmp/smi.pid )
  cd $D/export && python3 bench_reference.py --model-dir $M --pages $P --make-pages 64 \
     --batches ${REF_BATCHES:-1,8,32} --new-tokens 1000 --divergence-pages 20 --divergence-tokens 200 \
     ${EXP:+--export-first "$EXPARGS"} --out /tmp/ref.json 2>&1 | tee $OUT/py.log
  kill $(cat /tmp/smi.pid); cp /tmp/ref.json $OUT/ 2>/dev/null; ls -la $M
fi
if [ "$phase" = B ]; then
  python3 $D/export/make_generate_graph.py --model-dir $D/tiny
  source /tmp/gpu-bundle/env.sh; export RUST_LIBRARY_PATH=$D/native/libtokenizers.so
  J="java $ORT_JAVA_OPTS -Xmx32g -cp $ORT_CLASSES:$D/jars/* org.groundedocr.deepseek.bench.DeepSeekGpuBench"
  [ -z "$SKIP_PARITY" ] && timeout 120 $J parity $D/tiny $D/images/*.png 2>&1 | grep -v SLF4J | tee $OUT/parity.log
  ( nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader -lms 250 > $OUT/mem_java.csv & echo $! > /tmp/smi.pid )
  date +%s%3N; timeout ${TP_TIMEOUT:-300} $J throughput $M $P ${JAVA_BATCHES:-1,8,32,64} 1000 2>&1 | grep -v SLF4J | tee $OUT/java.log
  kill $(cat /tmp/smi.pid)
  timeout 150 $J tokens $M $P 20 200 2>/dev/null > $OUT/java_tokens.jsonl
  env -u LD_LIBRARY_PATH python3 $D/export/compare_ids.py /tmp/ref.json $OUT/java_tokens.jsonl | tee $OUT/divergence.json
fi
