"""Builds decoder.onnx, the DeepSeek-MoE language model of DeepSeek-OCR / DeepSeek-OCR 2, by hand.

Why by hand (onnx.helper) instead of torch.onnx.export: the graph is small and regular (RMSNorm, MHA
with RoPE and a KV cache, dense MLP, MoE), and writing it directly lets us

* route the MoE layers through ONNX Runtime's ``com.microsoft.MoE`` operator, which computes only the
  top-k experts of each token (softmax router, no renormalisation, interleaved SwiGLU with
  alpha = 1, beta = 0 = ``silu(gate) * up``) instead of all 64;
* fix the I/O contract exactly (one graph for prefill and decode; logits of the last position only);
* stream multi-GB weights straight into an external data file without tracing a 3B model.

The graph is checked against the PyTorch model (transformers' ``DeepseekOcr2TextModel``) by the
exporter after every export.

I/O (B = batch, S = new tokens, P = cached tokens, T = P + S):
  inputs_embeds   float32 [B, S, hidden]
  position_ids    int64   [B, S]
  attention_mask  int64   [B, T]          1 = attend, 0 = padding
  past_key_{i}    dtype   [B, kv_heads, P, head_dim]   (i = 0 .. layers-1), likewise past_value_{i}
  -> logits       float32 [B, vocab]      (last position)
  -> present_key_{i} / present_value_{i}  dtype [B, kv_heads, T, head_dim]
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT_MIN = float(np.finfo(np.float32).min)


def as_numpy(x) -> np.ndarray:
    """torch tensors (any dtype) or arrays to a float32/int numpy array, one tensor at a time."""
    if hasattr(x, "detach"):
        x = x.detach()
        if x.is_floating_point():
            x = x.float()
        x = x.cpu().numpy()
    return np.asarray(x)


class GraphBuilder:
    """A tiny helper around onnx.helper that names nodes and values uniquely.

    With ``data_file`` set, every initializer of 1 KiB or more is appended to that file as soon as it
    is made (4 KiB aligned, so ONNX Runtime can map it) and the graph only references it: a 3B-parameter
    decoder is written without ever holding its weights twice in memory.
    """

    EXTERNAL_MIN_BYTES = 1024
    ALIGN = 4096

    def __init__(self, dtype: np.dtype, data_file=None):
        self.data_file = data_file
        self._data = open(data_file, "wb") if data_file is not None else None
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.counter = 0
        self.dtype = np.dtype(dtype)
        self.onnx_dtype = helper.np_dtype_to_tensor_dtype(self.dtype)
        self._const_cache: dict = {}

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def op(self, op_type: str, inputs: list[str], n_out: int = 1, domain: str = "", prefix=None, **attrs):
        outs = [self.name(prefix or op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name("n_" + op_type), domain=domain, **attrs))
        return outs[0] if n_out == 1 else outs

    def weight(self, name: str, array, dtype=None) -> str:
        arr = np.array(as_numpy(array), dtype=dtype or self.dtype, order="C")  # (ascontiguousarray makes scalars 1-d)
        if self._data is None or arr.nbytes < self.EXTERNAL_MIN_BYTES:
            self.initializers.append(numpy_helper.from_array(arr, name))
            return name
        offset = self._data.tell()
        pad = (-offset) % self.ALIGN
        if pad:
            self._data.write(b"\0" * pad)
            offset += pad
        self._data.write(arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes())
        t = TensorProto()
        t.name = name
        t.data_type = helper.np_dtype_to_tensor_dtype(arr.dtype)
        t.dims.extend(arr.shape)
        t.data_location = TensorProto.EXTERNAL
        for key, value in (("location", self.data_file.name), ("offset", str(offset)), ("length", str(arr.nbytes))):
            entry = t.external_data.add()
            entry.key = key
            entry.value = value
        self.initializers.append(t)
        return name

    def close(self):
        if self._data is not None:
            self._data.close()
            self._data = None

    def const(self, value, dtype) -> str:
        arr = np.asarray(value, dtype=dtype)
        key = (arr.dtype.str, arr.shape, arr.tobytes())
        if key not in self._const_cache:
            self._const_cache[key] = self.weight(self.name("c"), arr, dtype=arr.dtype)
        return self._const_cache[key]

    def i64(self, *values) -> str:
        return self.const(list(values), np.int64)


def _linear(g: GraphBuilder, x: str, weight: np.ndarray, name: str) -> str:
    """x @ weight.T for a torch Linear weight [out, in]; stored transposed so MatMul needs no Transpose."""
    return g.op("MatMul", [x, g.weight(name, as_numpy(weight).T)])


def _rms_norm(g: GraphBuilder, x: str, weight: np.ndarray, eps: float, name: str) -> str:
    # transformers: w * (x.float() * rsqrt(mean(x.float()^2) + eps)).to(dtype)
    xf = g.op("Cast", [x], to=TensorProto.FLOAT) if g.dtype != np.float32 else x
    var = g.op("ReduceMean", [g.op("Mul", [xf, xf]), g.i64(-1)], keepdims=1)
    inv = g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [var, g.const(eps, np.float32)])])])
    normed = g.op("Mul", [xf, inv])
    if g.dtype != np.float32:
        normed = g.op("Cast", [normed], to=g.onnx_dtype)
    return g.op("Mul", [g.weight(name, weight), normed])


def _gated_mlp(g: GraphBuilder, x: str, gate: np.ndarray, up: np.ndarray, down: np.ndarray, name: str) -> str:
    gx = _linear(g, x, gate, name + ".gate_proj")
    ux = _linear(g, x, up, name + ".up_proj")
    act = g.op("Mul", [gx, g.op("Sigmoid", [gx])])  # SiLU
    return _linear(g, g.op("Mul", [act, ux]), down, name + ".down_proj")


def _rotate_half(g: GraphBuilder, x: str, half: int) -> str:
    x1, x2 = g.op("Split", [x, g.i64(half, half)], n_out=2, axis=-1)
    return g.op("Concat", [g.op("Neg", [x2]), x1], axis=-1)


def build_decoder(weights: dict, cfg: dict, dtype=np.float32, data_file=None) -> onnx.ModelProto:
    """weights: transformers DeepseekOcr2TextModel + lm_head names (``layers.{i}...``, ``norm.weight``,
    ``lm_head.weight``; MoE experts fused as ``mlp.experts.gate_up_proj [E, 2I, H]`` /
    ``mlp.experts.down_proj [E, H, I]``), torch tensors or numpy arrays, converted one at a time.
    ``data_file``: a path for the weights as external data (see GraphBuilder); the caller saves the
    returned model next to it."""
    g = GraphBuilder(dtype, data_file)
    hidden = cfg["hidden_size"]
    n_heads = cfg["num_attention_heads"]
    n_kv = cfg["num_key_value_heads"]
    head_dim = cfg["head_dim"]
    n_layers = cfg["num_hidden_layers"]
    vocab = cfg["vocab_size"]
    eps = cfg["rms_norm_eps"]
    top_k = cfg["num_experts_per_tok"]
    if n_kv != n_heads:
        raise ValueError("the DeepSeek-OCR decoder is MHA (kv heads == heads); GQA is not exported")
    kv_type = g.onnx_dtype

    inputs = [
        helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "seq", hidden]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "seq"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total"]),
    ]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", vocab])]
    for i in range(n_layers):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_{kind}_{i}", kv_type, ["batch", n_kv, "past", head_dim]))
            outputs.append(helper.make_tensor_value_info(f"present_{kind}_{i}", kv_type, ["batch", n_kv, "total", head_dim]))

    x = "inputs_embeds" if dtype == np.float32 else g.op("Cast", ["inputs_embeds"], to=kv_type)

    # Shapes.
    emb_shape = g.op("Shape", ["inputs_embeds"])
    batch = g.op("Gather", [emb_shape, g.const(0, np.int64)], axis=0)  # scalars
    seq = g.op("Gather", [emb_shape, g.const(1, np.int64)], axis=0)
    past = g.op("Gather", [g.op("Shape", ["past_key_0"]), g.const(2, np.int64)], axis=0)
    total = g.op("Add", [past, seq])

    # RoPE tables [B, 1, S, D] (fp32 maths, like the reference, then cast).
    theta = cfg["rope_theta"]
    inv_freq = (1.0 / (theta ** (np.arange(0, head_dim, 2, dtype=np.int64).astype(np.float32) / head_dim))).astype(np.float32)
    if "inv_freq" in cfg:
        inv_freq = np.asarray(cfg["inv_freq"], dtype=np.float32)
    pos = g.op("Unsqueeze", [g.op("Cast", ["position_ids"], to=TensorProto.FLOAT), g.i64(-1)])
    freqs = g.op("Mul", [pos, g.const(inv_freq, np.float32)])
    emb = g.op("Concat", [freqs, freqs], axis=-1)
    cos = g.op("Unsqueeze", [g.op("Cos", [emb]), g.i64(1)])
    sin = g.op("Unsqueeze", [g.op("Sin", [emb]), g.i64(1)])
    if dtype != np.float32:
        cos = g.op("Cast", [cos], to=kv_type)
        sin = g.op("Cast", [sin], to=kv_type)

    # Additive mask [B, 1, S, T]: causal over cache positions, and padding from attention_mask.
    zero = g.const(0, np.int64)
    one = g.const(1, np.int64)
    key_pos = g.op("Range", [zero, total, one])  # [T]
    query_pos = g.op("Range", [past, total, one])  # [S]
    causal = g.op("LessOrEqual", [g.op("Unsqueeze", [key_pos, g.i64(0)]), g.op("Unsqueeze", [query_pos, g.i64(1)])])  # [S,T]
    keep = g.op("Equal", ["attention_mask", one])  # [B,T]
    keep = g.op("Unsqueeze", [keep, g.i64(1, 2)])  # [B,1,1,T]
    allowed = g.op("And", [g.op("Unsqueeze", [causal, g.i64(0, 1)]), keep])  # [B,1,S,T]
    mask = g.op("Where", [allowed, g.const(0.0, np.float32), g.const(FLOAT_MIN, np.float32)])

    scaling = head_dim ** -0.5
    half = head_dim // 2
    head_shape = g.op("Concat", [g.op("Unsqueeze", [batch, g.i64(0)]), g.op("Unsqueeze", [seq, g.i64(0)]), g.i64(n_heads, head_dim)], axis=0)
    flat_shape = g.op("Concat", [g.op("Unsqueeze", [batch, g.i64(0)]), g.op("Unsqueeze", [seq, g.i64(0)]), g.i64(hidden)], axis=0)

    for i in range(n_layers):
        p = f"layers.{i}."
        residual = x
        h = _rms_norm(g, x, weights[p + "input_layernorm.weight"], eps, p + "input_layernorm.weight")

        def heads(t):  # [B,S,H*D] -> [B,H,S,D]
            return g.op("Transpose", [g.op("Reshape", [t, head_shape])], perm=[0, 2, 1, 3])

        q = heads(_linear(g, h, weights[p + "self_attn.q_proj.weight"], p + "self_attn.q_proj.weight"))
        k = heads(_linear(g, h, weights[p + "self_attn.k_proj.weight"], p + "self_attn.k_proj.weight"))
        v = heads(_linear(g, h, weights[p + "self_attn.v_proj.weight"], p + "self_attn.v_proj.weight"))
        q = g.op("Add", [g.op("Mul", [q, cos]), g.op("Mul", [_rotate_half(g, q, half), sin])])
        k = g.op("Add", [g.op("Mul", [k, cos]), g.op("Mul", [_rotate_half(g, k, half), sin])])
        g.nodes.append(helper.make_node("Concat", [f"past_key_{i}", k], [f"present_key_{i}"], axis=2, name=g.name("n_cat_k")))
        g.nodes.append(helper.make_node("Concat", [f"past_value_{i}", v], [f"present_value_{i}"], axis=2, name=g.name("n_cat_v")))
        scores = g.op("Mul", [g.op("MatMul", [q, g.op("Transpose", [f"present_key_{i}"], perm=[0, 1, 3, 2])]), g.const(scaling, dtype)])
        if dtype != np.float32:
            scores = g.op("Cast", [scores], to=TensorProto.FLOAT)
        probs = g.op("Softmax", [g.op("Add", [scores, mask])], axis=-1)
        if dtype != np.float32:
            probs = g.op("Cast", [probs], to=kv_type)
        attn = g.op("MatMul", [probs, f"present_value_{i}"])  # [B,H,S,D]
        attn = g.op("Reshape", [g.op("Transpose", [attn], perm=[0, 2, 1, 3]), flat_shape])
        attn = _linear(g, attn, weights[p + "self_attn.o_proj.weight"], p + "self_attn.o_proj.weight")
        x = g.op("Add", [residual, attn])

        residual = x
        h = _rms_norm(g, x, weights[p + "post_attention_layernorm.weight"], eps, p + "post_attention_layernorm.weight")
        if cfg["mlp_layer_types"][i] == "dense":
            mlp = _gated_mlp(g, h, weights[p + "mlp.gate_proj.weight"], weights[p + "mlp.up_proj.weight"],
                             weights[p + "mlp.down_proj.weight"], p + "mlp")
        else:
            mlp = _moe(g, h, weights, p + "mlp.", cfg, top_k, hidden)
        x = g.op("Add", [residual, mlp])

    x = _rms_norm(g, x, weights["norm.weight"], eps, "norm.weight")
    last = g.op("Gather", [x, g.op("Sub", [seq, one])], axis=1)  # [B, hidden]
    logits = _linear(g, last, weights["lm_head.weight"], "lm_head.weight")
    g.nodes.append(helper.make_node("Cast", [logits], ["logits"], to=TensorProto.FLOAT, name=g.name("n_logits")))

    g.close()
    graph = helper.make_graph(g.nodes, "deepseek_ocr_decoder", inputs, outputs, initializer=g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="grounded-ocr export_onnx.py")
    model.ir_version = 8
    return model


def _moe(g: GraphBuilder, h: str, weights, p: str, cfg, top_k: int, hidden: int) -> str:
    """Routed experts through com.microsoft.MoE + the always-on shared experts."""
    gate_up = as_numpy(weights[p + "experts.gate_up_proj"])  # [E, 2I, H]: rows 0..I-1 gate, I..2I-1 up
    down = weights[p + "experts.down_proj"]  # [E, H, I]
    n_exp, two_i, _ = gate_up.shape
    inter = two_i // 2
    # interleave rows: gate_0, up_0, gate_1, up_1, ... (ORT's CPU kernel reads gate at even, linear at odd)
    fc1 = np.empty_like(gate_up)
    fc1[:, 0::2, :] = gate_up[:, :inter, :]
    fc1[:, 1::2, :] = gate_up[:, inter:, :]
    flat = g.op("Reshape", [h, g.i64(-1, hidden)])
    hf = g.op("Cast", [flat], to=TensorProto.FLOAT) if g.dtype != np.float32 else flat
    router_logits = g.op("MatMul", [hf, g.weight(p + "gate.weight", as_numpy(weights[p + "gate.weight"]).T, dtype=np.float32)])
    if g.dtype != np.float32:
        router_logits = g.op("Cast", [router_logits], to=g.onnx_dtype)
    routed = g.op("MoE", [flat, router_logits, g.weight(p + "experts.fc1", fc1), "", g.weight(p + "experts.fc2", down)],
                  domain="com.microsoft", k=top_k, activation_type="swiglu", swiglu_fusion=1,
                  activation_alpha=1.0, activation_beta=0.0, swiglu_limit=float("inf"), normalize_routing_weights=0)
    routed = g.op("Reshape", [routed, g.op("Shape", [h])])
    shared = _gated_mlp(g, h, weights[p + "shared_experts.gate_proj.weight"], weights[p + "shared_experts.up_proj.weight"],
                        weights[p + "shared_experts.down_proj.weight"], p + "shared_experts")
    return g.op("Add", [routed, shared])
