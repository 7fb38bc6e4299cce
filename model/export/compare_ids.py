#!/usr/bin/env python3
"""First divergence position per page: bench_reference.py's divergence ids vs DeepSeekGpuBench tokens lines.

  python model/export/compare_ids.py REFERENCE.json JAVA_TOKENS.jsonl
"""
import json
import sys

ref = json.load(open(sys.argv[1]))["divergence_reference"]["token_ids"]
got = [json.loads(line)["token_ids"] for line in open(sys.argv[2]) if line.startswith("{")]
firsts = []
for r, g in zip(ref, got):
    n = min(len(r), len(g))
    firsts.append(next((i for i in range(n) if r[i] != g[i]), n))
print(json.dumps({"pages": len(firsts), "compared_tokens": min(len(r) for r in ref), "first_divergence": firsts,
                  "identical_pages": sum(f >= min(len(r), len(g)) for f, r, g in zip(firsts, ref, got))}))
