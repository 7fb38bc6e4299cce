#!/usr/bin/env python3
"""Exports DeepSeek-OCR / DeepSeek-OCR 2 to the model directory the Java engine reads (model/README.md).

  python model/export/export_onnx.py --family deepseek-ocr|deepseek-ocr2 \
      (--checkpoint DIR | --random-tiny --seed N | --random-full --seed N) --out DIR [--dtype fp16|fp32]

Writes manifest.json, decoder.onnx (KV cache, MoE through com.microsoft.MoE), vision_{S}.onnx per view
size, embed_tokens.bin, image_newline.bin (v1), view_separator.bin and tokenizer.json, then runs every
graph in ONNX Runtime against the PyTorch model and fails if they disagree.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ds_models  # noqa: E402
import ds_tiny_tokenizer  # noqa: E402
from ds_decoder_onnx import build_decoder  # noqa: E402

FORMAT = "grounded-ocr-deepseek/1"
PROMPTS = {
    "markdown": "<image>\n<|grounding|>Convert the document to markdown.",
    "ocr": "<image>\n<|grounding|>OCR this image.",
    "free": "<image>\nFree OCR.",
    "figure": "<image>\nParse the figure.",
    "describe": "<image>\nDescribe this image in detail.",
    "locate": "<image>\nLocate <|ref|>{query}<|/ref|> in the image.",
}
TOKEN_NAMES = {
    "bos": ds_tiny_tokenizer.BOS, "eos": ds_tiny_tokenizer.EOS, "pad": ds_tiny_tokenizer.PAD,
    "image": "<image>", "ref_open": "<|ref|>", "ref_close": "<|/ref|>", "det_open": "<|det|>",
    "det_close": "<|/det|>", "grounding": "<|grounding|>", "td_open": "<td>", "td_close": "</td>",
    "tr_open": "<tr>", "tr_close": "</tr>",
}
NP_DTYPES = {"fp32": np.float32, "fp16": np.float16}
EXTERNAL_DATA_THRESHOLD = 1 << 30  # graphs with more weight bytes than this keep them in a .onnx.data file


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", required=True, choices=ds_models.FAMILIES)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="directory of the Hugging Face checkpoint (config.json, *.safetensors, tokenizer.json)")
    src.add_argument("--random-tiny", action="store_true", help="the real architecture at tiny size, random weights")
    src.add_argument("--random-full", action="store_true", help="the real architecture at full size, random weights")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random weights")
    ap.add_argument("--out", required=True, help="model directory to write")
    ap.add_argument("--dtype", choices=sorted(NP_DTYPES), default="fp32", help="weights and KV cache (default fp32)")
    ap.add_argument("--embed-dtype", choices=["fp32", "fp16", "bf16"], help="embed_tokens.bin (default: --dtype)")
    ap.add_argument("--modes", help="comma-separated modes to export vision graphs for (default: all of the family)")
    ap.add_argument("--tokenizer", help="tokenizer.json to use for random models (default: a tiny BPE)")
    ap.add_argument("--max-tiles", type=int, help="default maximum number of Gundam tiles (default 6)")
    ap.add_argument("--skip-check", action="store_true", help="do not compare ONNX Runtime against PyTorch")
    args = ap.parse_args(argv)
    if (args.random_tiny or args.random_full) and args.seed is None:
        ap.error("--seed is required with --random-tiny / --random-full")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in list(out.glob("vision_*.onnx")) + list(out.glob("vision_*.onnx.data")):
        stale.unlink()  # a re-export with other --modes must not leave graphs the manifest does not list
    t0 = time.time()
    torch.manual_seed(args.seed)

    # tokenizer first: a random model's vocabulary follows it
    from tokenizers import Tokenizer
    if args.checkpoint:
        tok_path = Path(args.checkpoint) / "tokenizer.json"
        if not tok_path.exists():
            ap.error(f"{tok_path} not found")
        tokenizer = Tokenizer.from_file(str(tok_path))
        shutil.copyfile(tok_path, out / "tokenizer.json")
    elif args.tokenizer:
        tokenizer = Tokenizer.from_file(args.tokenizer)
        shutil.copyfile(args.tokenizer, out / "tokenizer.json")
    else:
        tokenizer = ds_tiny_tokenizer.build()
        tokenizer.save(str(out / "tokenizer.json"))

    if args.checkpoint:
        model = ds_models.load_checkpoint(args.family, args.checkpoint)
        source = {"kind": "checkpoint", "path": str(Path(args.checkpoint).resolve())}
    else:
        size = "tiny" if args.random_tiny else "full"
        n = tokenizer.get_vocab_size(with_added_tokens=True)
        # like the real 129,280 rows for 128,827 tokens: a few padding rows no token maps to
        vocab = max(129280, n) if size == "full" else ((n + 1 + 31) // 32) * 32
        # a full-size fp16 export builds the PyTorch model in fp16 (7 GB instead of 14 GB of RAM)
        build_dtype = torch.float16 if (size == "full" and args.dtype == "fp16") else torch.float32
        model = ds_models.build_random(args.family, size, vocab, args.seed, build_dtype)
        source = {"kind": "random-" + size, "seed": args.seed, "vocab_size": vocab}
    print(f"model ready in {time.time() - t0:.1f}s", file=sys.stderr)

    fam = ds_models.FAMILY_VISION[args.family]
    modes = args.modes.split(",") if args.modes else list(fam["modes"])
    for m in modes:
        if m not in fam["modes"]:
            ap.error(f"--modes: {m} is not a mode of {args.family} ({', '.join(fam['modes'])})")
    dtype = NP_DTYPES[args.dtype]

    cfg = model.text_config()
    export_decoder(model, cfg, out, dtype)
    print(f"decoder.onnx written ({time.time() - t0:.1f}s)", file=sys.stderr)

    views = {}
    for size in ds_models.view_sizes(args.family, modes):
        export_vision(model, size, out / f"vision_{size}.onnx", dtype)
        views[str(size)] = {"file": f"vision_{size}.onnx", "tokens": ds_models.view_tokens(args.family, size),
                            "grid": int(np.sqrt(ds_models.view_tokens(args.family, size)))}
        print(f"vision_{size}.onnx written ({time.time() - t0:.1f}s)", file=sys.stderr)

    embed_dtype = args.embed_dtype or args.dtype
    write_raw(model.embedding_table(), out / "embed_tokens.bin", embed_dtype)
    write_raw(model.view_separator, out / "view_separator.bin", "fp32")
    if model.image_newline is not None:
        write_raw(model.image_newline, out / "image_newline.bin", "fp32")

    token_ids = {}
    for key, name in TOKEN_NAMES.items():
        tid = tokenizer.token_to_id(name)
        if tid is None:
            raise SystemExit(f"tokenizer.json has no token {name!r}")
        token_ids[key] = tid

    manifest = {
        "format": FORMAT,
        "family": args.family,
        "dtype": "float32" if args.dtype == "fp32" else "float16",
        "source": source,
        "decoder": {
            "file": "decoder.onnx",
            "hidden_size": cfg["hidden_size"],
            "num_layers": cfg["num_hidden_layers"],
            "num_attention_heads": cfg["num_attention_heads"],
            "num_key_value_heads": cfg["num_key_value_heads"],
            "head_dim": cfg["head_dim"],
            "vocab_size": cfg["vocab_size"],
            "max_position_embeddings": cfg["max_position_embeddings"],
            "kv_dtype": "float32" if args.dtype == "fp32" else "float16",
            "moe": {"operator": "com.microsoft.MoE", "experts": cfg["n_routed_experts"],
                    "experts_per_token": cfg["num_experts_per_tok"]},
        },
        "embeddings": {"file": "embed_tokens.bin", "dtype": {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}[embed_dtype],
                       "rows": cfg["vocab_size"], "cols": cfg["hidden_size"], "byte_order": "little"},
        "image_newline": {"file": "image_newline.bin", "dtype": "float32"} if model.image_newline is not None else None,
        "view_separator": {"file": "view_separator.bin", "dtype": "float32"},
        "tokens": token_ids,
        "vision": {
            "views": views,
            "newline_after_rows": fam["newline"],
            "base_size": fam["base_size"],
            "tile_size": fam["tile_size"],
            "min_tiles": fam["min_tiles"],
            "max_tiles": args.max_tiles or fam["max_tiles"],
            "skip_tiling_max_side": fam["skip_tiling_max_side"],
            "order": "tiles,global,separator",
        },
        "modes": {m: mode_entry(args.family, fam["modes"][m]) for m in modes},
        "default_mode": fam["default_mode"] if fam["default_mode"] in modes else modes[0],
        "prompts": PROMPTS,
        "default_prompt": PROMPTS["markdown"],
        "max_total_tokens": 8192,
        "ngram": {"size": 30, "window": 90, "whitelist": [token_ids["td_open"], token_ids["td_close"]]},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    if not args.skip_check:
        check(model, out, manifest, dtype)
    print(f"export done in {time.time() - t0:.1f}s -> {out}", file=sys.stderr)


def mode_entry(family: str, spec: dict) -> dict:
    entry = {"global_size": spec["global_size"], "resize": spec["resize"], "tiles": spec["tiles"],
             "global_tokens": ds_models.view_tokens(family, spec["global_size"])}
    if spec["tiles"]:
        entry["tile_size"] = spec["tile_size"]
        entry["tile_tokens"] = ds_models.view_tokens(family, spec["tile_size"])
    return entry


def write_raw(t: torch.Tensor, path: Path, dtype: str):
    t = t.detach().float().contiguous()
    if dtype == "bf16":
        data = (t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2")).tobytes()
    else:
        data = t.numpy().astype("<f4" if dtype == "fp32" else "<f2").tobytes()
    path.write_bytes(data)


def save_model(model: onnx.ModelProto, path: Path):
    size = sum(len(t.raw_data) for t in model.graph.initializer)
    data = path.with_name(path.name + ".data")
    if data.exists():
        data.unlink()
    if size > EXTERNAL_DATA_THRESHOLD:
        onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data.name, size_threshold=1024)
    else:
        onnx.save_model(model, str(path))


def export_decoder(model, cfg: dict, out: Path, dtype):
    weights = model.decoder_weights()
    nbytes = sum(t.numel() for t in weights.values()) * np.dtype(dtype).itemsize
    path = out / "decoder.onnx"
    data = path.with_name(path.name + ".data")
    if data.exists():
        data.unlink()
    if nbytes > EXTERNAL_DATA_THRESHOLD:
        graph = build_decoder(weights, cfg, dtype, data_file=data)  # weights stream into decoder.onnx.data
        onnx.save_model(graph, str(path))
    else:
        save_model(build_decoder(weights, cfg, dtype), path)


class _Fp16Io(torch.nn.Module):
    """fp16 weights inside, float32 pixels in and features out (the Java side speaks float32)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, pixel_values):
        return self.inner(pixel_values.to(torch.float16)).to(torch.float32)


def export_vision(model, size: int, path: Path, dtype):
    if model.family == "deepseek-ocr":
        model.encoder.bake(size)
    module = model.export_module(size).eval()
    original_dtype = next(module.parameters()).dtype
    try:
        if dtype == np.float16:
            module = _Fp16Io(module.half()).eval()
        example = torch.zeros(2, 3, size, size)  # not 1: torch.export would specialise it
        batch = torch.export.Dim("batch", min=1, max=64)
        with torch.no_grad():
            program = torch.onnx.export(module, (example,), dynamo=True, opset_version=18,
                                        input_names=["pixel_values"], output_names=["image_features"],
                                        dynamic_shapes={"pixel_values": {0: batch}}, verbose=False)
        nbytes = sum(t.numel() * t.element_size() for t in list(module.parameters()) + list(module.buffers()))
        data = path.with_name(path.name + ".data")
        if data.exists():
            data.unlink()
        # large towers (OCR 2's SAM + Qwen2 encoder is 2.4 GB in fp32) keep their weights in vision_{S}.onnx.data
        program.save(str(path), external_data=nbytes > EXTERNAL_DATA_THRESHOLD)
    finally:
        if dtype == np.float16:
            module.inner.to(original_dtype)  # the shared PyTorch model goes back to how it was built
        if model.family == "deepseek-ocr":
            model.encoder.unbake()


def check(model, out: Path, manifest: dict, dtype):
    """ONNX Runtime against PyTorch (run-time interpolation, transformers' own modules)."""
    import onnxruntime as ort

    tol = 2e-4 if dtype == np.float32 else 5e-2
    so = ort.SessionOptions()
    so.log_severity_level = 3
    rs = np.random.RandomState(0)
    worst = {}
    pdtype = next(model.text_model.parameters()).dtype  # a full fp16 build runs the check in fp16
    for size, view in manifest["vision"]["views"].items():
        s = int(size)
        sess = ort.InferenceSession(str(out / view["file"]), so, providers=["CPUExecutionProvider"])
        x = rs.uniform(-1, 1, size=(2, 3, s, s)).astype(np.float32)
        got = sess.run(None, {"pixel_values": x})[0]
        want = model.view_features(torch.from_numpy(x).to(pdtype)).float().numpy()
        worst[view["file"]] = rel_err(got, want)

    sess = ort.InferenceSession(str(out / "decoder.onnx"), so, providers=["CPUExecutionProvider"])
    d = manifest["decoder"]
    hidden, layers, heads, hd = d["hidden_size"], d["num_layers"], d["num_key_value_heads"], d["head_dim"]
    kv_np = np.float32 if dtype == np.float32 else np.float16
    seq = 23
    emb = rs.standard_normal((1, seq, hidden)).astype(np.float32)
    feeds = {"inputs_embeds": emb, "position_ids": np.arange(seq, dtype=np.int64)[None],
             "attention_mask": np.ones((1, seq), dtype=np.int64)}
    for i in range(layers):
        feeds[f"past_key_{i}"] = np.zeros((1, heads, 0, hd), dtype=kv_np)
        feeds[f"past_value_{i}"] = np.zeros((1, heads, 0, hd), dtype=kv_np)
    names = [o.name for o in sess.get_outputs()]
    res = dict(zip(names, sess.run(None, feeds)))
    from transformers import DynamicCache
    with torch.no_grad():
        cache = DynamicCache(config=model.text_model.config)
        h = model.text_model(inputs_embeds=torch.from_numpy(emb).to(pdtype), past_key_values=cache, use_cache=True).last_hidden_state
        want = model.lm_head(h[:, -1]).float().numpy()
        worst["decoder prefill"] = rel_err(res["logits"], want)
        nxt = rs.standard_normal((1, 1, hidden)).astype(np.float32)
        feeds2 = {"inputs_embeds": nxt, "position_ids": np.array([[seq]], dtype=np.int64),
                  "attention_mask": np.ones((1, seq + 1), dtype=np.int64)}
        for i in range(layers):
            feeds2[f"past_key_{i}"] = res[f"present_key_{i}"]
            feeds2[f"past_value_{i}"] = res[f"present_value_{i}"]
        res2 = dict(zip(names, sess.run(None, feeds2)))
        h2 = model.text_model(inputs_embeds=torch.from_numpy(nxt).to(pdtype), past_key_values=cache, use_cache=True,
                              position_ids=torch.tensor([[seq]])).last_hidden_state
        worst["decoder decode"] = rel_err(res2["logits"], model.lm_head(h2[:, -1]).float().numpy())
    for k, v in worst.items():
        print(f"check {k}: max |onnx - torch| / max |torch| = {v:.2e}", file=sys.stderr)
    bad = {k: v for k, v in worst.items() if not v <= tol}
    if bad:
        raise SystemExit(f"ONNX Runtime disagrees with PyTorch beyond {tol}: {bad}")


def rel_err(got, want) -> float:
    return float(np.abs(got.astype(np.float64) - want).max() / max(np.abs(want).max(), 1e-12))


if __name__ == "__main__":
    main()
