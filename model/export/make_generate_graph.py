#!/usr/bin/env python3
"""Adds generate.onnx to an exported model directory: prefill + greedy decoding in ONE graph.

  python model/export/make_generate_graph.py --model-dir DIR

Why: ONNX Runtime's Java API (1.29) has no I/O binding and no public device allocator, so every
OrtSession.run copies its inputs from and its outputs to host memory. With the step-by-step
decoder.onnx that means the whole KV cache (about 60 KB per token and page in fp16, so ~120 MB for a
2,000-token Gundam page) crosses PCIe twice per generated token. generate.onnx instead runs the
decoder once over the prompt and then an ONNX ``Loop`` of single-token steps whose loop-carried
state (KV cache, attention mask, positions, next token, finished flags) never leaves the device:
the embedding lookup (``Gather`` from embed_tokens.bin, referenced as external data, not copied)
and the greedy choice (``ArgMax``) are inside the loop. Only the prompt embeddings go in and only
token ids come out.

Graph I/O (B pages, S prompt positions, left-padded):
  inputs_embeds   float32 [B, S, hidden]      prompt embeddings (image features in place)
  position_ids    int64   [B, S]              per-row positions (padding rows: anything)
  attention_mask  int64   [B, S]              1 = real token, 0 = left padding
  past_key_{i} / past_value_{i}  dtype [B, heads, 0, head_dim]   (empty; kept as inputs so the
                                              prefill nodes are decoder.onnx's own, unchanged)
  max_new_tokens  int64   []                  tokens to generate per row (>= 1)
  eos_id          int64   []                  a row stops at this id; -1 never stops (benchmarks)
  pad_id          int64   []                  emitted by a row after its EOS
  -> first_token  int64   [B]                 the prefill's greedy token
  -> next_tokens  int64   [N, B]              the loop's tokens, N <= max_new_tokens - 1 (the loop
                                              ends early when every row has emitted EOS)

Not in the graph: the n-gram repetition rule (the engine's CPU path applies it; the batched GPU path
reports it as not applied) and sampling (the engine is greedy).

The decoder's nodes are reused twice: as they are for the prefill (outer graph), and renamed into the
loop body, which refers to the outer graph's initializers (the weights are stored once).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import onnx
from onnx import TensorProto, helper

ONNX_DTYPES = {"float32": TensorProto.FLOAT, "float16": TensorProto.FLOAT16, "bfloat16": TensorProto.BFLOAT16}


def build(model_dir: Path, out_name: str = "generate.onnx") -> Path:
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    dec = manifest["decoder"]
    layers = dec["num_layers"]
    emb = manifest["embeddings"]
    kv_type = ONNX_DTYPES[dec["kv_dtype"]]

    model = onnx.load(str(model_dir / dec["file"]), load_external_data=False)
    g = model.graph
    init_names = {t.name for t in g.initializer}
    graph_inputs = [i.name for i in g.input]

    # ---- the loop body: decoder nodes with every non-initializer value renamed
    def rn(name: str) -> str:
        if name == "" or name in init_names:
            return name
        return "L_" + name

    body_nodes = []
    # per-step inputs of the decoder, made from the loop-carried state
    body_nodes.append(helper.make_node("Gather", ["embed_table", "tok_in"], ["tok_emb"], axis=0, name="L_embed"))
    body_nodes.append(helper.make_node("Cast", ["tok_emb"], ["tok_emb_f"], to=TensorProto.FLOAT, name="L_embed_cast"))
    body_nodes.append(helper.make_node("Unsqueeze", ["tok_emb_f", "axes_1"], [rn("inputs_embeds")], name="L_emb_unsq"))
    body_nodes.append(helper.make_node("Unsqueeze", ["pos_in", "axes_1"], [rn("position_ids")], name="L_pos_unsq"))
    body_nodes.append(helper.make_node("Unsqueeze", ["ones_b", "axes_1"], ["one_col"], name="L_one_col"))
    body_nodes.append(helper.make_node("Concat", ["mask_in", "one_col"], [rn("attention_mask")], axis=1, name="L_mask_cat"))
    for n in g.node:
        c = onnx.NodeProto()
        c.CopyFrom(n)
        c.name = "L_" + n.name
        c.input[:] = [rn(x) for x in n.input]
        c.output[:] = [rn(x) for x in n.output]
        body_nodes.append(c)
    # greedy choice, EOS bookkeeping, next state
    body_nodes += [
        helper.make_node("ArgMax", [rn("logits")], ["raw_next"], axis=-1, keepdims=0, name="L_argmax"),
        helper.make_node("Where", ["done_in", "pad_b", "raw_next"], ["tok_out"], name="L_pad_done"),
        helper.make_node("Equal", ["tok_out", "eos_id"], ["hit_eos"], name="L_eq_eos"),
        helper.make_node("Or", ["done_in", "hit_eos"], ["done_out"], name="L_done"),
        helper.make_node("Add", ["pos_in", "one_i64"], ["pos_out"], name="L_pos_next"),
        helper.make_node("Cast", ["done_out"], ["done_i"], to=TensorProto.INT64, name="L_done_i"),
        helper.make_node("ReduceMin", ["done_i"], ["all_done"], keepdims=0, name="L_all_done"),
        helper.make_node("Equal", ["all_done", "zero_i64"], ["cond_out"], name="L_cond"),
        helper.make_node("Identity", ["tok_out"], ["tok_next"], name="L_tok_next"),
        helper.make_node("Identity", ["tok_out"], ["scan_tok"], name="L_scan"),
        helper.make_node("Identity", [rn("attention_mask")], ["mask_out"], name="L_mask_out"),
    ]
    # constants the body needs (outer scope values made from the outer inputs)
    B = "batch"
    body_inputs = [
        helper.make_tensor_value_info("iter", TensorProto.INT64, []),
        helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
        helper.make_tensor_value_info("tok_in", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("pos_in", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("mask_in", TensorProto.INT64, [B, "t"]),
        helper.make_tensor_value_info("done_in", TensorProto.BOOL, [B]),
    ]
    body_outputs = [
        helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
        helper.make_tensor_value_info("tok_next", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("pos_out", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("mask_out", TensorProto.INT64, [B, "t1"]),
        helper.make_tensor_value_info("done_out", TensorProto.BOOL, [B]),
    ]
    for i in range(layers):
        for kind in ("key", "value"):
            body_inputs.append(helper.make_tensor_value_info(rn(f"past_{kind}_{i}"), kv_type, [B, dec["num_key_value_heads"], "t", dec["head_dim"]]))
            body_outputs.append(helper.make_tensor_value_info(rn(f"present_{kind}_{i}"), kv_type, [B, dec["num_key_value_heads"], "t1", dec["head_dim"]]))
    body_outputs.append(helper.make_tensor_value_info("scan_tok", TensorProto.INT64, [B]))
    body = helper.make_graph(body_nodes, "greedy_step", body_inputs, body_outputs)

    # ---- the outer graph: prefill (decoder nodes as they are), first token, the loop
    nodes = list(g.node)
    inits = list(g.initializer)
    # the embedding table, read in place from embed_tokens.bin
    table = TensorProto()
    table.name = "embed_table"
    table.data_type = ONNX_DTYPES[emb["dtype"]]
    table.dims.extend([emb["rows"], emb["cols"]])
    table.data_location = TensorProto.EXTERNAL
    for key, value in (("location", emb["file"]), ("offset", "0"), ("length", str(emb["rows"] * emb["cols"] * {"float32": 4}.get(emb["dtype"], 2)))):
        e = table.external_data.add()
        e.key, e.value = key, value
    inits.append(table)
    inits += [
        helper.make_tensor("axes_1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("one_i64", TensorProto.INT64, [], [1]),
        helper.make_tensor("zero_i64", TensorProto.INT64, [], [0]),
    ]
    nodes += [
        helper.make_node("ArgMax", ["logits"], ["first_raw"], axis=-1, keepdims=0, name="O_argmax"),
        helper.make_node("Identity", ["first_raw"], ["first_token"], name="O_first"),
        helper.make_node("Equal", ["first_raw", "eos_id"], ["done0"], name="O_done0"),
        helper.make_node("Cast", ["done0"], ["done0_i"], to=TensorProto.INT64, name="O_done0_i"),
        helper.make_node("ReduceMin", ["done0_i"], ["all_done0"], keepdims=0, name="O_all_done0"),
        helper.make_node("Equal", ["all_done0", "zero_i64"], ["cond0"], name="O_cond0"),
        helper.make_node("Sub", ["max_new_tokens", "one_i64"], ["trip"], name="O_trip"),
        helper.make_node("ReduceMax", ["position_ids", "axes_1"], ["last_pos"], keepdims=0, name="O_last_pos"),
        helper.make_node("Add", ["last_pos", "one_i64"], ["pos0"], name="O_pos0"),
        # per-row constants the body reads from the outer scope
        helper.make_node("Shape", ["first_raw"], ["b_shape"], name="O_b_shape"),
        helper.make_node("Expand", ["one_i64", "b_shape"], ["ones_b"], name="O_ones_b"),
        helper.make_node("Expand", ["pad_id", "b_shape"], ["pad_b"], name="O_pad_b"),
    ]
    loop_in = ["trip", "cond0", "first_raw", "pos0", "attention_mask", "done0"]
    loop_out = ["f_tok", "f_pos", "f_mask", "f_done"]
    for i in range(layers):
        for kind in ("key", "value"):
            loop_in.append(f"present_{kind}_{i}")
            loop_out.append(f"f_{kind}_{i}")
    loop_out.append("next_tokens")
    nodes.append(helper.make_node("Loop", loop_in, loop_out, body=body, name="O_loop"))

    inputs = list(g.input) + [
        helper.make_tensor_value_info("max_new_tokens", TensorProto.INT64, []),
        helper.make_tensor_value_info("eos_id", TensorProto.INT64, []),
        helper.make_tensor_value_info("pad_id", TensorProto.INT64, []),
    ]
    outputs = [helper.make_tensor_value_info("first_token", TensorProto.INT64, [B]),
               helper.make_tensor_value_info("next_tokens", TensorProto.INT64, ["steps", B])]
    graph = helper.make_graph(nodes, "deepseek_ocr_generate", inputs, outputs, initializer=inits)
    out = helper.make_model(graph, opset_imports=list(model.opset_import), producer_name="grounded-ocr make_generate_graph.py")
    out.ir_version = model.ir_version
    path = model_dir / out_name
    onnx.save_model(out, str(path))
    assert graph_inputs[:3] == ["inputs_embeds", "position_ids", "attention_mask"], graph_inputs[:3]
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    args = ap.parse_args(argv)
    path = build(Path(args.model_dir))  # the engine finds it by name; manifest.json is left as exported
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
