#!/usr/bin/env python3
"""Checks decode_step.onnx against generate.onnx on CPU (ONNX Runtime's Python API, I/O binding).

  python model/export/check_step_graph.py --model-dir DIR [--tokens 40] [--ngram 3 --window 20]

Random prompt embeddings for three rows of different lengths; generate.onnx decodes them as one
right-padded wave (the n-gram rule in the graph); decode_step.onnx decodes them the way the Java
continuous-batching engine does: each row's prompt prefilled alone into its slot of one shared KV
buffer (past and present bound to the SAME memory, so GroupQueryAttention writes in place), then
steps of all rows together, the n-gram rule applied on the host over the graph's top-k candidates.
Exits 1 when any row's ids differ.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort


def banned(ids, n, window, whitelist):
    if n == 0 or len(ids) < n:
        return set()
    prefix = ids[len(ids) - n + 1:]
    out = set()
    for i in range(max(0, len(ids) - window), len(ids) - n + 1):
        if ids[i:i + n - 1] == prefix and ids[i + n - 1] not in whitelist:
            out.add(ids[i + n - 1])
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--tokens", type=int, default=40)
    ap.add_argument("--ngram", type=int, default=3)
    ap.add_argument("--window", type=int, default=20)
    ap.add_argument("--lengths", default="40,13,27")
    ap.add_argument("--graph", action="store_true",
                    help="decode steps through decode_graph.onnx (the CUDA-graph variant), total = capacity")
    ap.add_argument("--total-capacity", action="store_true",
                    help="decode steps pass total_sequence_length = the buffer's capacity (what a captured CUDA graph sees)")
    a = ap.parse_args(argv)
    d = Path(a.model_dir)
    dec = json.loads((d / "manifest.json").read_text())["decoder"]
    hidden, layers, kvh, hd = dec["hidden_size"], dec["num_layers"], dec["num_key_value_heads"], dec["head_dim"]
    kv_np = {"float32": np.float32, "float16": np.float16}[dec["kv_dtype"]]
    lengths = [int(x) for x in a.lengths.split(",")]
    rng = np.random.default_rng(3)
    embeds = [rng.standard_normal((n, hidden)).astype(np.float32) for n in lengths]
    whitelist = []

    gen = ort.InferenceSession(str(d / "generate.onnx"), providers=["CPUExecutionProvider"])
    s = max(lengths)
    padded = np.zeros((len(lengths), s, hidden), np.float32)
    for b, e in enumerate(embeds):
        padded[b, :len(e)] = e
    first, nxt = gen.run(None, {
        "inputs_embeds": padded, "prompt_lengths": np.array(lengths, np.int64),
        "max_new_tokens": np.array(a.tokens, np.int64), "eos_id": np.array(-1, np.int64),
        "pad_id": np.array(0, np.int64), "ngram_size": np.array(a.ngram, np.int64),
        "ngram_window": np.array(a.window, np.int64), "ngram_whitelist": np.array(whitelist, np.int64)})
    expected = [[int(first[b])] + [int(t) for t in nxt[:, b]] for b in range(len(lengths))]

    step = ort.InferenceSession(str(d / "decode_step.onnx"), providers=["CPUExecutionProvider"])
    rows, cap = len(lengths), s + a.tokens
    names = [f"{k}_{i}" for i in range(layers) for k in ("key", "value")]
    k_top = max(a.window - a.ngram + 1, 0) + 1 if a.ngram else 1

    graph = ort.InferenceSession(str(d / "decode_graph.onnx"), providers=["CPUExecutionProvider"]) if a.graph else None

    def run(slot_rows, ids, emb, seqlens, total):
        sess = graph if graph is not None and emb is None else step
        io = sess.io_binding()
        io.bind_cpu_input("input_ids", ids)
        if sess is step:
            io.bind_cpu_input("inputs_embeds", zero if emb is None else emb)
        io.bind_cpu_input("seqlens_k", np.array(seqlens, np.int32))
        io.bind_cpu_input("total_sequence_length", np.array(total, np.int32))
        io.bind_cpu_input("top_k", np.array([k_top], np.int64))
        io.bind_output("top_ids")  # first: copy_outputs_to_cpu lists outputs in binding order
        for name in names:
            v = views[(name, slot_rows)]
            io.bind_ortvalue_input("past_" + name, v)
            io.bind_ortvalue_output("present_" + name, v)
        sess.run_with_iobinding(io)
        return io.copy_outputs_to_cpu()[0]

    # OrtValues over row ranges of each cache: ORT's Python API cannot view an OrtValue, so the caches are
    # numpy arrays and every view an OrtValue over the numpy memory (same bytes: in-place writes land there)
    arrays = [np.full((rows, kvh, cap, hd), np.nan, kv_np) for _ in range(2 * layers)]
    views = {}
    for name, arr in zip(names, arrays):
        for r in range(rows):
            views[(name, (r, r + 1))] = ort.OrtValue.ortvalue_from_numpy(arr[r:r + 1])
        views[(name, (0, rows))] = ort.OrtValue.ortvalue_from_numpy(arr)
    got = [[] for _ in lengths]
    for b, e in enumerate(embeds):  # prefill each row alone into its slot
        top = run((b, b + 1), np.full((1, len(e)), -1, np.int64), e[None], [len(e) - 1], len(e))
        pick = next(int(t) for t in top[0] if int(t) not in banned(got[b], a.ngram, a.window, whitelist))
        got[b].append(pick)
    lens = list(lengths)
    zero = np.zeros((1, 1, hidden), np.float32)
    for _ in range(a.tokens - 1):
        ids = np.array([[g[-1]] for g in got], np.int64)
        seqlens = [n for n in lens]  # the new token's position = the cached length
        top = run((0, rows), ids, None, seqlens, cap if a.total_capacity or a.graph else max(lens) + 1)
        for b in range(rows):
            ban = banned(got[b], a.ngram, a.window, whitelist)
            got[b].append(next(int(t) for t in top[b] if int(t) not in ban))
            lens[b] += 1
    fired = sum(1 for b in range(rows) for i in range(1, a.tokens)
                if banned(got[b][:i], a.ngram, a.window, whitelist))
    same = [g == e for g, e in zip(got, expected)]
    print(json.dumps({"rows_identical": same, "steps_with_a_ban": fired, "first": [g[:8] for g in got]}))
    return 0 if all(same) else 1


if __name__ == "__main__":
    sys.exit(main())
