#!/usr/bin/env python3
"""Adds generate.onnx (prefill + greedy decoding in ONE graph) and decode_step.onnx (one decoder run over
caller-owned KV buffers, see STEP_DOC) to an exported model directory.

  python model/export/make_generate_graph.py --model-dir DIR

Why one graph: ONNX Runtime's Java API (1.29) has no I/O binding and no public device allocator, so
every OrtSession.run copies its inputs from and its outputs to host memory. With the step-by-step
decoder.onnx the whole KV cache would cross PCIe twice per generated token. generate.onnx runs the
decoder once over the prompts and then an ONNX ``Loop`` of single-token steps whose loop-carried state
(KV cache, lengths, next token, finished flags, generated ids) never leaves the device: the embedding
lookup (``Gather`` from embed_tokens.bin, referenced as external data, not copied), the no-repeat
n-gram rule and the greedy choice are inside the loop. Only prompt embeddings go in, only ids come out.

The decoder is re-emitted from decoder.onnx's own weights (same initializers, same external data file,
nothing copied) as a *fused* graph, because a decode step at batch 1 is bound by kernel launches, not
by memory bandwidth:

* attention is ``com.microsoft.GroupQueryAttention`` with ``do_rotary`` (RoPE inside the kernel,
  non-interleaved = transformers' rotate_half) over a fixed-size KV buffer of
  ``prompt length + max_new_tokens`` positions per row: the kernel writes each new token's K/V at the
  row's own length (``seqlens_k``), so the buffer is never re-allocated and its shape never changes;
* RMSNorm is ``SimplifiedLayerNormalization`` and RMSNorm + residual add
  ``SkipSimplifiedLayerNormalization`` (one kernel each instead of eight);
* the MoE layers stay ``com.microsoft.MoE`` (only the routed experts of each token are computed).

GroupQueryAttention expects right-padded prompts (row b's tokens at positions 0 .. len_b - 1), so the
batch is right-padded here, unlike decoder.onnx's attention-mask contract. Positions are exact per row.

What ONNX Runtime does not give us here: ``kv_share_buffer`` (present aliasing past, no copy). The
kernel shares the buffer only when the two are the same allocation, and ORT's allocation planner never
reuses a graph input's buffer for an output -- a Loop body's loop-carried inputs included. So each step
still copies every row's valid cache from the past buffer into the present one (the same traffic as the
Concat of decoder.onnx, but in the attention kernel and into a buffer of constant size, so the memory
arena stops growing). True in-place decoding needs I/O binding (C/C++ API).

The n-gram rule is the one of DeepSeekOcrEngine / NoRepeatNGram (the vLLM runner's): with L ids
generated, every id that followed the last n - 1 ids at a start position i, max(0, L - window) <= i
<= L - n, is banned for the next step unless whitelisted. In the graph: the candidate windows are
gathered from the generated ids at once, and the choice is the best of the top C + 1 logits (C
candidates at most can be banned) that is not banned -- the same id as masking the banned logits to
-inf and taking the first argmax.

Graph I/O (B pages, S = longest prompt, right-padded):
  inputs_embeds    float32 [B, S, hidden]   prompt embeddings (image features in place), row b's
                                            first prompt_lengths[b] positions are real
  prompt_lengths   int64   [B]
  max_new_tokens   int64   []               tokens to generate per row (>= 1)
  eos_id           int64   []               a row stops at this id; -1 never stops (benchmarks)
  pad_id           int64   []               emitted by a row after its EOS
  ngram_size       int64   []               0 disables the rule
  ngram_window     int64   []
  ngram_whitelist  int64   [W]              ids never banned (W may be 0)
  -> first_token   int64   [B]              the prefill's greedy token
  -> next_tokens   int64   [N, B]           the loop's tokens, N <= max_new_tokens - 1 (the loop ends
                                            early when every row has emitted EOS)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ONNX_DTYPES = {"float32": TensorProto.FLOAT, "float16": TensorProto.FLOAT16, "bfloat16": TensorProto.BFLOAT16}
FORMAT = "grounded-ocr-generate/2"
STEP_FORMAT = "grounded-ocr-step/1"
GRAPH_FORMAT = "grounded-ocr-step-graph/1"
GRAPH_DOC = """
decode_graph.onnx (format grounded-ocr-step-graph/1): decode_step.onnx's decode step (one new token per row)
with constant shapes and no host-side node -- the embedding Gather reads input_ids directly, RoPE's cos/sin are
tables for max_total_tokens positions, the MoE reshapes are constants -- so that ONNX Runtime's CUDA provider
can capture it as a CUDA graph and replay a whole step with one launch. Same inputs and outputs as
decode_step.onnx less inputs_embeds; input_ids is [B, 1]. total_sequence_length may be the buffer's capacity
(a replayed graph cannot see a new value; GroupQueryAttention then takes each row's length from seqlens_k).
"""
STEP_DOC = """
decode_step.onnx (format grounded-ocr-step/1, same fused decoder, same weights): ONE decoder run, for
callers that keep the KV cache themselves (the Java engine through ONNX Runtime's C API I/O binding):
each layer's cache is a caller-owned buffer [B, kv_heads, capacity, head_dim] bound as past_* AND
present_* (the same memory), which GroupQueryAttention updates in place -- no copy per step, and rows
of a buffer can be views, so a page is prefilled alone into its slot while the others wait, and a
finished page's slot is reused at once (continuous batching).

  input_ids             int64 [B, S]   token ids; -1 takes the position's vector from inputs_embeds
  inputs_embeds         float [B|1, S, hidden]  prompt embeddings (image features in place); [1, S, hidden]
                                       of zeros when every id is >= 0 (broadcast)
  seqlens_k             int32 [B]      per row: cached length + S - 1 (GroupQueryAttention's contract)
  total_sequence_length int32 []       the largest cached length + S
  top_k                 int64 [1]      candidates returned per row (the n-gram rule runs on the host:
                                       window - n + 2 candidates always hold the best unbanned id)
  past_{key,value}_{i}  [B, kv_heads, capacity, head_dim]
  -> top_ids            int64 [B, top_k]  best ids of each row's LAST position, best first
  -> present_{key,value}_{i}           bind to the past buffers
"""


class _Nodes:
    """Node list with unique value names (prefix keeps the prefill and loop-body copies apart)."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.nodes: list[onnx.NodeProto] = []
        self.n = 0

    def op(self, op_type, inputs, n_out=1, domain="", outputs=None, **attrs):
        self.n += 1
        outs = outputs or [f"{self.prefix}{op_type.lower()}_{self.n}_{k}" for k in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=f"{self.prefix}n{self.n}_{op_type}",
                                           domain=domain, **attrs))
        return outs[0] if len(outs) == 1 else outs


def _find_eps(g: onnx.GraphProto, inits: dict) -> float:
    """RMSNorm's epsilon: the scalar added to the mean of squares before Sqrt in decoder.onnx."""
    sqrt_inputs = {n.input[0] for n in g.node if n.op_type == "Sqrt"}
    for n in g.node:
        if n.op_type == "Add" and n.output[0] in sqrt_inputs:
            for x in n.input:
                if x in inits and numpy_helper.to_array(inits[x]).size == 1:
                    return float(numpy_helper.to_array(inits[x]).reshape(-1)[0])
    raise SystemExit("decoder.onnx: RMSNorm epsilon not found")


def _find_inv_freq(g: onnx.GraphProto, inits: dict) -> np.ndarray:
    """RoPE's inverse frequencies: the constant multiplying the positions in decoder.onnx."""
    producers = {o: n for n in g.node for o in n.output}
    for n in g.node:
        if n.op_type != "Mul":
            continue
        a, b = n.input
        src = producers.get(a)
        if src is not None and src.op_type == "Unsqueeze":
            cast = producers.get(src.input[0])
            if cast is not None and cast.op_type == "Cast" and cast.input[0] == "position_ids" and b in inits:
                return numpy_helper.to_array(inits[b]).astype(np.float32)
    raise SystemExit("decoder.onnx: RoPE frequencies not found")


def build(model_dir: Path, out_name: str = "generate.onnx", step: bool = False, static: bool = False) -> Path:
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    dec = manifest["decoder"]
    layers, hidden, vocab = dec["num_layers"], dec["hidden_size"], dec["vocab_size"]
    heads, kv_heads, head_dim = dec["num_attention_heads"], dec["num_key_value_heads"], dec["head_dim"]
    if head_dim % 8:
        raise SystemExit(f"GroupQueryAttention needs head_dim % 8 == 0, this decoder has {head_dim}")
    emb = manifest["embeddings"]
    dt = ONNX_DTYPES[dec["kv_dtype"]]

    src = onnx.load(str(model_dir / dec["file"]), load_external_data=False)
    inits = {t.name: t for t in src.graph.initializer}
    eps = _find_eps(src.graph, inits)
    inv_freq = _find_inv_freq(src.graph, inits)
    moe_attrs = {}
    for n in src.graph.node:
        if n.op_type == "MoE":
            moe_attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            break
    used: set[str] = set()

    def w(name: str) -> str:
        if name not in inits:
            raise SystemExit(f"decoder.onnx has no initializer {name}")
        used.add(name)
        return name

    consts: list[onnx.TensorProto] = []

    def const(name, value, dtype):
        if all(c.name != name for c in consts):
            consts.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    I64_0 = const("c_i64_0", 0, np.int64)
    I64_1 = const("c_i64_1", 1, np.int64)
    AX0 = const("c_axes_0", [0], np.int64)
    AX1 = const("c_axes_1", [1], np.int64)
    AX2 = const("c_axes_2", [2], np.int64)
    AXM1 = const("c_axes_m1", [-1], np.int64)
    NEG_INF = const("c_neg_inf", -np.inf, np.float32)
    INV_FREQ = const("c_inv_freq", inv_freq.reshape(1, -1), np.float32)
    FLAT = const("c_flat_shape", [-1, hidden], np.int64)
    BIG = const("c_i64_big", [2 ** 62], np.int64)
    ONE_TOKEN = const("c_one_token_shape", [-1, 1, hidden], np.int64)

    def decoder(nd: _Nodes, x: str, seqlens: str, total: str, cos: str, sin: str, past: list | None,
                present_names: list | None = None, one_token: bool = False):
        """Fused decoder layers over x [B, S, hidden] (model dtype); returns (normed hidden, presents)."""
        presents = []
        mlp = res = None
        for i in range(layers):
            p = f"layers.{i}."
            if i == 0:
                h = nd.op("SimplifiedLayerNormalization", [x, w(p + "input_layernorm.weight")], axis=-1,
                          epsilon=eps, stash_type=1)
                res = x
            else:
                h, _, _, res = nd.op("SkipSimplifiedLayerNormalization", [mlp, res, w(p + "input_layernorm.weight")],
                                     n_out=4, domain="com.microsoft", epsilon=eps)
            q = nd.op("MatMul", [h, w(p + "self_attn.q_proj.weight")])
            k = nd.op("MatMul", [h, w(p + "self_attn.k_proj.weight")])
            v = nd.op("MatMul", [h, w(p + "self_attn.v_proj.weight")])
            pk, pv = (past[2 * i], past[2 * i + 1]) if past is not None else ("", "")
            outs = None if present_names is None else [nd.prefix + f"attn_{i}", present_names[2 * i], present_names[2 * i + 1]]
            attn, prk, prv = nd.op("GroupQueryAttention", [q, k, v, pk, pv, seqlens, total, cos, sin], n_out=3, outputs=outs,
                                   domain="com.microsoft", num_heads=heads, kv_num_heads=kv_heads, do_rotary=1,
                                   rotary_interleaved=0, scale=float(head_dim ** -0.5))
            presents += [prk, prv]
            o = nd.op("MatMul", [attn, w(p + "self_attn.o_proj.weight")])
            h, _, _, res = nd.op("SkipSimplifiedLayerNormalization", [o, res, w(p + "post_attention_layernorm.weight")],
                                 n_out=4, domain="com.microsoft", epsilon=eps)
            if p + "mlp.gate_proj" in inits:
                mlp = gated(nd, h, p + "mlp.")
            else:
                flat = nd.op("Reshape", [h, FLAT])
                hf = nd.op("Cast", [flat], to=TensorProto.FLOAT) if dt != TensorProto.FLOAT else flat
                router = nd.op("MatMul", [hf, w(p + "mlp.gate.weight")])
                if dt != TensorProto.FLOAT:
                    router = nd.op("Cast", [router], to=dt)
                routed = nd.op("MoE", [flat, router, w(p + "mlp.experts.fc1"), "", w(p + "mlp.experts.fc2")],
                               domain="com.microsoft", **moe_attrs)
                # one_token: [B, 1, hidden] from a constant, no Shape node (a CUDA graph has no host-side nodes)
                routed = nd.op("Reshape", [routed, ONE_TOKEN if one_token else nd.op("Shape", [h])])
                mlp = nd.op("Add", [routed, gated(nd, h, p + "mlp.shared_experts.")])
        normed, _, _, _ = nd.op("SkipSimplifiedLayerNormalization", [mlp, res, w("norm.weight")], n_out=4,
                                domain="com.microsoft", epsilon=eps)
        return normed, presents

    def gated(nd: _Nodes, h: str, p: str) -> str:
        g_ = nd.op("MatMul", [h, w(p + "gate_proj")])
        u = nd.op("MatMul", [h, w(p + "up_proj")])
        act = nd.op("Mul", [g_, nd.op("Sigmoid", [g_])])
        return nd.op("MatMul", [nd.op("Mul", [act, u]), w(p + "down_proj")])

    def logits_of(nd: _Nodes, last: str, out: str):
        lg = nd.op("MatMul", [last, w("lm_head.weight")])
        return nd.op("Cast", [lg], to=TensorProto.FLOAT, outputs=[out])

    step_past = [f"past_{kind}_{i}" for i in range(layers) for kind in ("key", "value")]
    step_present = [f"present_{kind}_{i}" for i in range(layers) for kind in ("key", "value")]

    def step_io(first_inputs):
        """The graph I/O decode_step.onnx and decode_graph.onnx share, after their own first inputs."""
        B = "batch"
        cache = [B, kv_heads, "capacity", head_dim]
        inputs = first_inputs + [
            helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, [B]),
            helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, []),
            helper.make_tensor_value_info("top_k", TensorProto.INT64, [1]),
        ] + [helper.make_tensor_value_info(n, dt, cache) for n in step_past]
        outputs = [helper.make_tensor_value_info("top_ids", TensorProto.INT64, [B, "k"])] + [
            helper.make_tensor_value_info(n, dt, cache) for n in step_present]
        return inputs, outputs

    def step_graph():
        """decode_step.onnx: one decoder run over [B, S] new tokens of rows whose KV cache lives in caller-owned
        buffers of a fixed capacity (see STEP_DOC)."""
        g = _Nodes("S_")
        ids = "input_ids"
        gathered = g.op("Gather", ["embed_table", g.op("Max", [ids, I64_0])], axis=0)  # [B, S, hidden]
        if ONNX_DTYPES[emb["dtype"]] != dt:
            gathered = g.op("Cast", [gathered], to=dt)
        given = g.op("Cast", ["inputs_embeds"], to=dt) if dt != TensorProto.FLOAT else "inputs_embeds"
        use_id = g.op("Unsqueeze", [g.op("GreaterOrEqual", [ids, I64_0]), AXM1])
        x = g.op("Where", [use_id, gathered, given])
        cap = g.op("Gather", [g.op("Shape", ["past_key_0"]), const("c_i64_2", 2, np.int64)], axis=0)
        pos = g.op("Cast", [g.op("Range", [I64_0, cap, I64_1])], to=TensorProto.FLOAT)
        freqs = g.op("Mul", [g.op("Unsqueeze", [pos, AXM1]), INV_FREQ])
        cos, sin = g.op("Cos", [freqs]), g.op("Sin", [freqs])
        if dt != TensorProto.FLOAT:
            cos, sin = g.op("Cast", [cos], to=dt), g.op("Cast", [sin], to=dt)
        normed, _ = decoder(g, x, "seqlens_k", "total_sequence_length", cos, sin, step_past, step_present)
        last = g.op("Squeeze", [g.op("Slice", [normed, const("c_i64_vm1", [-1], np.int64), BIG, AX1]), AX1])  # [B, hidden]
        logits = logits_of(g, last, "S_logits")
        g.op("TopK", [logits, "top_k"], n_out=2, outputs=["S_top_values", "top_ids"], axis=-1, largest=1, sorted=1)
        inputs, outputs = step_io([
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["embeds_batch", "seq", hidden])])
        return g.nodes, "deepseek_ocr_decode_step", inputs, outputs

    def static_graph():
        """decode_graph.onnx: decode_step.onnx for one token per row with every shape constant and no host-side
        node, so that ONNX Runtime can capture it as a CUDA graph (see GRAPH_DOC)."""
        g = _Nodes("G_")
        x = g.op("Gather", ["embed_table", "input_ids"], axis=0)  # [B, 1, hidden]
        if ONNX_DTYPES[emb["dtype"]] != dt:
            x = g.op("Cast", [x], to=dt)
        positions = int(manifest["max_total_tokens"])
        freqs = np.arange(positions, dtype=np.float32)[:, None] * inv_freq.reshape(1, -1)
        np_dt = {TensorProto.FLOAT: np.float32, TensorProto.FLOAT16: np.float16}[dt]
        cos = const("c_cos_table", np.cos(freqs).astype(np_dt), np_dt)
        sin = const("c_sin_table", np.sin(freqs).astype(np_dt), np_dt)
        normed, _ = decoder(g, x, "seqlens_k", "total_sequence_length", cos, sin, step_past, step_present, one_token=True)
        logits = logits_of(g, g.op("Reshape", [normed, FLAT]), "G_logits")
        g.op("TopK", [logits, "top_k"], n_out=2, outputs=["G_top_values", "top_ids"], axis=-1, largest=1, sorted=1)
        inputs, outputs = step_io([helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", 1])])
        host_side = [n.op_type for n in g.nodes if n.op_type in ("Shape", "Range", "Size", "ConstantOfShape")]
        if host_side:
            raise SystemExit(f"decode_graph.onnx would have host-side nodes: {host_side}")
        return g.nodes, "deepseek_ocr_decode_graph", inputs, outputs

    if step:
        parts = static_graph() if static else step_graph()
        graph = helper.make_graph(*parts, initializer=[inits[n] for n in sorted(used)] + consts + [embed_table(emb)])
        return _write(model_dir, out_name, src, GRAPH_FORMAT if static else STEP_FORMAT, graph)

    # ---------------- outer graph: rotary tables, prefill, first token, cache buffers
    o = _Nodes("P_")
    x0 = o.op("Cast", ["inputs_embeds"], to=dt) if dt != TensorProto.FLOAT else "inputs_embeds"
    emb_shape = o.op("Shape", ["inputs_embeds"])
    seq = o.op("Gather", [emb_shape, I64_1], axis=0)  # scalar S
    buf = o.op("Add", [seq, "max_new_tokens"])  # cache positions per row: S + max_new_tokens
    # cos/sin [buf, head_dim / 2] (fp32 maths like decoder.onnx, then the model dtype)
    pos = o.op("Cast", [o.op("Range", [I64_0, buf, I64_1])], to=TensorProto.FLOAT)
    freqs = o.op("Mul", [o.op("Unsqueeze", [pos, AXM1]), INV_FREQ])
    cos, sin = o.op("Cos", [freqs]), o.op("Sin", [freqs])
    if dt != TensorProto.FLOAT:
        cos, sin = o.op("Cast", [cos], to=dt), o.op("Cast", [sin], to=dt)
    seq_plus_1 = o.op("Add", [seq, I64_1])
    seqlens0 = o.op("Cast", [o.op("Sub", ["prompt_lengths", I64_1])], to=TensorProto.INT32)
    total0 = o.op("Cast", [seq], to=TensorProto.INT32)
    normed0, presents0 = decoder(o, x0, seqlens0, total0, cos, sin, None)
    last_idx = o.op("Unsqueeze", [o.op("Sub", ["prompt_lengths", I64_1]), AXM1])  # [B, 1]
    last0 = o.op("GatherND", [normed0, last_idx], batch_dims=1)  # [B, hidden]
    logits0 = logits_of(o, last0, "P_logits")
    first = o.op("ArgMax", [logits0], axis=-1, keepdims=0, outputs=["first_token"])
    # the prefill's cache [B, kv, S, D] -> the loop's fixed buffer [B, kv, S + max_new_tokens, D]
    pads = o.op("Concat", [const("c_pads_head", [0, 0, 0, 0, 0, 0], np.int64),
                           o.op("Unsqueeze", ["max_new_tokens", AX0]), const("c_pads_tail", [0], np.int64)], axis=0)
    caches0 = [o.op("Pad", [p_, pads]) for p_ in presents0]
    done0 = o.op("Equal", [first, "eos_id"])
    cond0 = o.op("Equal", [o.op("ReduceMin", [o.op("Cast", [done0], to=TensorProto.INT64)], keepdims=0), I64_0])
    trip = o.op("Sub", ["max_new_tokens", I64_1])
    b_shape = o.op("Shape", [first])
    pad_b = o.op("Expand", ["pad_id", b_shape])
    # the n-gram rule's index tables, fixed for the whole run (see ngram_tables)
    recent0, tables = ngram_tables(o, first, (I64_0, I64_1, AX0, AX1))

    # ---------------- loop body: one token for every row
    b = _Nodes("L_")
    past = [f"L_past_{kind}_{i}" for i in range(layers) for kind in ("key", "value")]
    xe = b.op("Gather", ["embed_table", "tok_in"], axis=0)  # [B, hidden]
    if ONNX_DTYPES[emb["dtype"]] != dt:
        xe = b.op("Cast", [xe], to=dt)
    xe = b.op("Unsqueeze", [xe, AX1])  # [B, 1, hidden]
    seqlens = b.op("Cast", ["len_in"], to=TensorProto.INT32)  # the new token's position = cached length
    # total_sequence_length (a CPU input of the kernel) from the iteration number, which the Loop keeps on the
    # CPU: S + iter + 1 >= every row's length + 1 (rows advance together), and <= the buffer; computing it
    # from len_in (on the GPU) would cost a device-to-host copy, i.e. a stream sync, every step
    total = b.op("Cast", [b.op("Add", ["iter", seq_plus_1])], to=TensorProto.INT32)
    normed, presents = decoder(b, xe, seqlens, total, cos, sin, past, [f"L_present_out_{i}" for i in range(len(past))])
    logits = logits_of(b, b.op("Squeeze", [normed, AX1]), "L_logits")  # [B, vocab]
    raw_next = ngram_choice(b, logits, "recent_in", tables, (I64_0, AX1, AX2, NEG_INF))
    b.op("Where", ["done_in", pad_b, raw_next], outputs=["tok_out"])
    b.op("Or", ["done_in", b.op("Equal", ["tok_out", "eos_id"])], outputs=["done_out"])
    b.op("Add", ["len_in", I64_1], outputs=["len_out"])
    shifted = b.op("Slice", ["recent_in", const("c_slice_1", [1], np.int64), const("c_slice_end", [2 ** 62], np.int64), AX1])
    b.op("Concat", [shifted, b.op("Unsqueeze", ["tok_out", AX1])], axis=1, outputs=["recent_out"])
    all_done = b.op("ReduceMin", [b.op("Cast", ["done_out"], to=TensorProto.INT64)], keepdims=0)
    b.op("Equal", [all_done, I64_0], outputs=["cond_out"])
    b.op("Identity", ["tok_out"], outputs=["scan_tok"])

    B = "batch"
    cache_shape = [B, kv_heads, "buf", head_dim]
    body_inputs = [
        helper.make_tensor_value_info("iter", TensorProto.INT64, []),
        helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
        helper.make_tensor_value_info("tok_in", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("len_in", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("done_in", TensorProto.BOOL, [B]),
        helper.make_tensor_value_info("recent_in", TensorProto.INT64, [B, "window"]),
    ] + [helper.make_tensor_value_info(n, dt, cache_shape) for n in past]
    body_outputs = [
        helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
        helper.make_tensor_value_info("tok_out", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("len_out", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("done_out", TensorProto.BOOL, [B]),
        helper.make_tensor_value_info("recent_out", TensorProto.INT64, [B, "window"]),
    ] + [helper.make_tensor_value_info(f"L_present_out_{i}", dt, cache_shape) for i in range(len(past))] + [
        helper.make_tensor_value_info("scan_tok", TensorProto.INT64, [B])]
    body = helper.make_graph(b.nodes, "greedy_step", body_inputs, body_outputs)

    loop_in = [trip, cond0, first, "prompt_lengths", done0, recent0] + caches0
    loop_out = ["f_tok", "f_len", "f_done", "f_recent"] + [f"f_cache_{i}" for i in range(len(past))] + ["next_tokens"]
    o.op("Loop", loop_in, outputs=loop_out, body=body)

    inputs = [
        helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, [B, "seq", hidden]),
        helper.make_tensor_value_info("prompt_lengths", TensorProto.INT64, [B]),
        helper.make_tensor_value_info("max_new_tokens", TensorProto.INT64, []),
        helper.make_tensor_value_info("eos_id", TensorProto.INT64, []),
        helper.make_tensor_value_info("pad_id", TensorProto.INT64, []),
        helper.make_tensor_value_info("ngram_size", TensorProto.INT64, []),
        helper.make_tensor_value_info("ngram_window", TensorProto.INT64, []),
        helper.make_tensor_value_info("ngram_whitelist", TensorProto.INT64, ["whitelist"]),
    ]
    outputs = [helper.make_tensor_value_info("first_token", TensorProto.INT64, [B]),
               helper.make_tensor_value_info("next_tokens", TensorProto.INT64, ["steps", B])]
    graph = helper.make_graph(o.nodes, "deepseek_ocr_generate", inputs, outputs,
                              initializer=[inits[n] for n in sorted(used)] + consts + [embed_table(emb)])
    return _write(model_dir, out_name, src, FORMAT, graph)


def embed_table(emb: dict) -> onnx.TensorProto:
    """The embedding table, read in place from embed_tokens.bin (external data: nothing copied)."""
    table = TensorProto()
    table.name = "embed_table"
    table.data_type = ONNX_DTYPES[emb["dtype"]]
    table.dims.extend([emb["rows"], emb["cols"]])
    table.data_location = TensorProto.EXTERNAL
    nbytes = emb["rows"] * emb["cols"] * {"float32": 4}.get(emb["dtype"], 2)
    for key, value in (("location", emb["file"]), ("offset", "0"), ("length", str(nbytes))):
        e = table.external_data.add()
        e.key, e.value = key, value
    return table


def _referenced(g: onnx.GraphProto) -> set[str]:
    """Every value name a node of g or of its subgraphs reads."""
    names = set()
    for n in g.node:
        names.update(n.input)
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                names |= _referenced(a.g)
    return names


def _write(model_dir: Path, out_name: str, src: onnx.ModelProto, fmt: str, graph: onnx.GraphProto) -> Path:
    read = _referenced(graph)  # the constants one of the two graphs does not use are left out
    kept = [t for t in graph.initializer if t.name in read]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="grounded-ocr make_generate_graph.py")
    model.ir_version = src.ir_version
    helper.set_model_props(model, {"format": fmt})
    path = model_dir / out_name
    onnx.save_model(model, str(path))
    return path


def ngram_tables(nd: _Nodes, first: str, c):
    """The rule's constant-shape state, made once before the loop (every shape in the loop is then fixed,
    so nothing in a step waits for a value from the device).

    The loop carries ``recent`` [B, Wb], the last Wb = max(window, 1) ids (-1 before the first): with L ids
    generated, recent[p] is id L - Wb + p. Candidate c (0 <= c < C, C = window - n + 1, 0 when n == 0)
    is the start i = L - window + c; its n - 1 ids are recent[c .. c + n - 2], the id after them
    recent[c + n - 1], the prefix recent[Wb - n + 1 ..]. A start before the first id covers a -1, which
    never equals a real prefix, so it cannot match (n == 1 has no prefix: its -1 "follower" bans nothing).
    """
    I64_0, I64_1, AX0, AX1 = c
    n, window = "ngram_size", "ngram_window"
    wb = nd.op("Max", [window, I64_1])
    count = nd.op("Where", [nd.op("Greater", [n, I64_0]),
                            nd.op("Max", [nd.op("Add", [nd.op("Sub", [window, n]), I64_1]), I64_0]), I64_0])
    last = nd.op("Sub", [wb, I64_1])
    cand = nd.op("Range", [I64_0, count, I64_1])  # [C]
    k = nd.op("Range", [I64_0, nd.op("Max", [nd.op("Sub", [n, I64_1]), I64_0]), I64_1])  # [n - 1]
    widx = nd.op("Clip", [nd.op("Add", [nd.op("Unsqueeze", [cand, AX1]), nd.op("Unsqueeze", [k, AX0])]), I64_0, last],
                 outputs=["ng_window_idx"])  # [C, n-1]
    nd.op("Clip", [nd.op("Add", [k, nd.op("Add", [nd.op("Sub", [wb, n]), I64_1])]), I64_0, last],
          outputs=["ng_prefix_idx"])  # [n-1]
    nd.op("Clip", [nd.op("Add", [cand, nd.op("Sub", [n, I64_1])]), I64_0, last], outputs=["ng_follow_idx"])  # [C]
    nd.op("Unsqueeze", [nd.op("Add", [count, I64_1]), AX0], outputs=["ng_topk"])  # [1] = C + 1
    fill_shape = nd.op("Concat", [nd.op("Shape", [first]), nd.op("Unsqueeze", [last, AX0])], axis=0)
    fill = nd.op("Expand", [nd.op("Neg", [I64_1]), fill_shape])  # [B, Wb - 1] of -1
    recent0 = nd.op("Concat", [fill, nd.op("Unsqueeze", [first, AX1])], axis=1)
    return recent0, ("ng_window_idx", "ng_prefix_idx", "ng_follow_idx", "ng_topk")


def ngram_choice(nd: _Nodes, logits: str, recent: str, tables, c) -> str:
    """The greedy id after the no-repeat n-gram rule (see the module doc and ngram_tables)."""
    I64_0, AX1, AX2, NEG_INF = c
    widx, pidx, fidx, topk = tables
    windows = nd.op("Gather", [recent, widx], axis=1)  # [B, C, n-1]
    prefix = nd.op("Unsqueeze", [nd.op("Gather", [recent, pidx], axis=1), AX1])  # [B, 1, n-1]
    differ = nd.op("Cast", [nd.op("Not", [nd.op("Equal", [windows, prefix])])], to=TensorProto.INT64)
    # (keepdims=1 + Squeeze: ORT's CUDA reductions refuse an empty axis without kept dims, e.g. n == 1)
    match = nd.op("Equal", [nd.op("Squeeze", [nd.op("ReduceSum", [differ, AX2], keepdims=1), AX2]), I64_0])  # [B, C]
    follow = nd.op("Gather", [recent, fidx], axis=1)  # [B, C]
    listed = nd.op("Cast", [nd.op("Equal", [nd.op("Unsqueeze", [follow, AX2]), "ngram_whitelist"])], to=TensorProto.INT64)
    whitelisted = nd.op("Greater", [nd.op("Squeeze", [nd.op("ReduceSum", [listed, AX2], keepdims=1), AX2]), I64_0])
    banned = nd.op("And", [match, nd.op("Not", [whitelisted])])  # [B, C]
    vals, idx = nd.op("TopK", [logits, topk], n_out=2, axis=-1, largest=1, sorted=1)  # [B, C + 1]
    hit = nd.op("And", [nd.op("Equal", [nd.op("Unsqueeze", [idx, AX2]), nd.op("Unsqueeze", [follow, AX1])]),
                        nd.op("Unsqueeze", [banned, AX1])])  # [B, C+1, C]
    hit_any = nd.op("Greater", [nd.op("Squeeze", [nd.op("ReduceSum", [nd.op("Cast", [hit], to=TensorProto.INT64), AX2],
                                                        keepdims=1), AX2]), I64_0])
    masked = nd.op("Where", [hit_any, NEG_INF, vals])
    pick = nd.op("ArgMax", [masked], axis=1, keepdims=1)  # first best unbanned (TopK is sorted, ties by lower id)
    return nd.op("Squeeze", [nd.op("GatherElements", [idx, pick], axis=1), AX1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--skip-generate", action="store_true", help="write decode_step.onnx only")
    args = ap.parse_args(argv)
    # the engines find them by name; manifest.json is left as exported
    if not args.skip_generate:
        print(f"wrote {build(Path(args.model_dir))}", file=sys.stderr)
    path = build(Path(args.model_dir), "decode_step.onnx", step=True)
    print(f"wrote {path}", file=sys.stderr)
    print(f"wrote {build(Path(args.model_dir), 'decode_graph.onnx', step=True, static=True)}", file=sys.stderr)


if __name__ == "__main__":
    main()
