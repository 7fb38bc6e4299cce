#!/usr/bin/env python3
"""GPU benchmark of the Python reference (transformers' DeepseekOcr2ForConditionalGeneration, bf16,
``generate``) on a random-weight model directory, for docs/BENCHMARKS.md "DeepSeek-OCR on the GPU".

  python model/export/bench_reference.py --model-dir DIR --pages DIR [--make-pages 64]
      [--batches 1,8] [--new-tokens 1000] [--divergence-pages 20 --divergence-tokens 200] --out FILE.json

* ``--make-pages N`` writes N synthetic Gundam pages (1000x1400, 2x3 tiles) into --pages (PNG);
  the Java benchmark (org.groundedocr.deepseek.bench.DeepSeekGpuBench) reads the same files.
* Throughput: per batch size B, B pages through the vision tower (ms/page), then ``generate`` on the
  left-padded prompt embeddings with ``min_new_tokens = max_new_tokens = N`` (EOS ignored, as on the
  Java side), greedy; prefill is timed as ``generate`` with one new token; decode tokens/s =
  B * (N - 1) / (t_N - t_1); peak memory = torch.cuda.max_memory_allocated.
* Divergence: the first pages decoded greedily in fp32 (weights = the export's fp16 values), no EOS,
  no n-gram rule; the ids go to the output file for the Java side's fp16 run to compare against.

With ``--export-first ARGS`` the random model is built once and exported (export_onnx.py with those
arguments) before the benchmark, so the device builds the 3B random weights only once.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ds_models  # noqa: E402
import preprocess  # noqa: E402


def make_pages(folder: Path, count: int):
    from PIL import Image, ImageDraw
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        rs = np.random.RandomState(1000 + i)
        img = Image.new("RGB", (1000, 1400), "white")
        d = ImageDraw.Draw(img)
        y = 60
        while y < 1340:
            x = 60
            h = int(rs.randint(10, 22))
            while x < 940:
                w = int(rs.randint(20, 120))
                d.rectangle([x, y, min(x + w, 940), y + h], fill=(int(rs.randint(0, 80)),) * 3)
                x += w + int(rs.randint(8, 20))
            y += h + int(rs.randint(10, 30))
        img.save(folder / f"page_{i:03d}.png")


def page_embeddings(model, manifest, image_path, device, dtype):
    from PIL import Image
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(Path(manifest["_dir"]) / "tokenizer.json"))
    ids_of = manifest["tokens"]
    image = Image.open(image_path).convert("RGB")
    prep = preprocess.prepare(image, manifest["family"], "gundam", manifest["vision"]["max_tiles"])
    cols, rows = prep.grid
    glob = torch.from_numpy(prep.global_tensor()).to(device, dtype)
    tiles = torch.from_numpy(prep.tiles_tensor()).to(device, dtype) if prep.tiles else None
    sync()
    t0 = time.perf_counter()
    feats = model.image_embeddings(glob, tiles, cols, rows)
    sync()
    vision_ms = (time.perf_counter() - t0) * 1000
    before, _, after = manifest["default_prompt"].partition("<image>")
    ids = [ids_of["bos"]] + tok.encode(before, add_special_tokens=False).ids
    start = len(ids)
    ids += [ids_of["image"]] * prep.image_tokens + tok.encode(after, add_special_tokens=False).ids
    emb = model.text_model.embed_tokens(torch.tensor([ids], device=device))
    emb[0, start:start + prep.image_tokens] = feats.to(emb.dtype)
    return emb[0], vision_ms


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def left_pad(embs):
    s = max(e.shape[0] for e in embs)
    b = len(embs)
    x = torch.zeros(b, s, embs[0].shape[1], dtype=embs[0].dtype, device=embs[0].device)
    m = torch.zeros(b, s, dtype=torch.long, device=embs[0].device)
    for i, e in enumerate(embs):
        x[i, s - e.shape[0]:] = e
        m[i, s - e.shape[0]:] = 1
    return x, m


@torch.no_grad()
def generate(hf, x, m, n, force):
    kw = dict(inputs_embeds=x, attention_mask=m, max_new_tokens=n, do_sample=False, pad_token_id=2)
    if force:
        kw["min_new_tokens"] = n
    else:
        kw["eos_token_id"] = None
    out = hf.generate(**kw)
    return out[:, -n:] if out.shape[1] >= n else out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--pages", required=True)
    ap.add_argument("--make-pages", type=int, default=0)
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--new-tokens", type=int, default=1000)
    ap.add_argument("--divergence-pages", type=int, default=20)
    ap.add_argument("--divergence-tokens", type=int, default=200)
    ap.add_argument("--export-first", help="export_onnx.py arguments; the built model is reused here")
    ap.add_argument("--out", required=True)
    ap.add_argument("--wait-for", help="after the export, write MODEL_DIR/exported and wait until this file exists "
                                       "(the GPU is free meanwhile: the Java side can check the export first)")
    args = ap.parse_args(argv)

    built = {}
    if args.export_first:
        real = ds_models.build_random

        def keep(*a, **k):
            built["m"] = real(*a, **k)
            return built["m"]
        ds_models.build_random = keep
        import export_onnx
        t0 = time.time()
        export_onnx.main(shlex.split(args.export_first))
        print(f"export: {time.time() - t0:.1f}s", file=sys.stderr, flush=True)
        import make_generate_graph
        make_generate_graph.build(Path(args.model_dir))
    if args.wait_for:
        (Path(args.model_dir) / "exported").write_text("ok\n")
        while not Path(args.wait_for).exists():
            time.sleep(1)
    pages = Path(args.pages)
    if args.make_pages:
        make_pages(pages, args.make_pages)
    files = sorted(pages.glob("*.png"))
    manifest = json.loads((Path(args.model_dir) / "manifest.json").read_text())
    manifest["_dir"] = args.model_dir
    if "m" in built:
        model = built["m"]
    else:
        src = manifest["source"]
        model = ds_models.build_random(manifest["family"], src["kind"].removeprefix("random-"), src["vocab_size"],
                                       src["seed"], torch.float16)
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    results = {"gpu": torch.cuda.get_device_name(0) if dev == "cuda" else "cpu", "torch": torch.__version__}
    import transformers
    results["transformers"] = transformers.__version__

    # divergence reference first (fp32: the export's fp16 weights upcast, so only ORT's fp16 maths differs)
    hf = model.model.to(dev, torch.float32)
    n_div = min(args.divergence_pages, len(files))
    embs = [page_embeddings(model, manifest, f, dev, torch.float32)[0] for f in files[:n_div]]
    ids = []
    for s in range(0, n_div, 10):
        x, m = left_pad(embs[s:s + 10])
        ids += generate(hf, x, m, args.divergence_tokens, force=False).tolist()
    results["divergence_reference"] = {"pages": [f.name for f in files[:n_div]], "token_ids": ids}
    del embs
    print(f"divergence reference: {n_div} pages x {args.divergence_tokens} tokens", file=sys.stderr, flush=True)

    hf = model.model.to(dev, torch.bfloat16)
    rows = []
    for b in [int(v) for v in args.batches.split(",")]:
        if dev == "cuda":
            torch.cuda.reset_peak_memory_stats()
        chosen = [files[i % len(files)] for i in range(b)]
        page_embeddings(model, manifest, chosen[0], dev, torch.bfloat16)  # warm-up
        got = [page_embeddings(model, manifest, f, dev, torch.bfloat16) for f in chosen]
        vision_ms = sum(v for _, v in got) / b
        x, m = left_pad([e for e, _ in got])
        generate(hf, x, m, 2, force=True)  # warm-up
        sync()
        t0 = time.perf_counter()
        generate(hf, x, m, 1, force=True)
        sync()
        t1 = time.perf_counter()
        out = generate(hf, x, m, args.new_tokens, force=True)
        sync()
        t2 = time.perf_counter()
        prefill_ms = (t1 - t0) * 1000
        decode_s = (t2 - t1) - (t1 - t0)
        row = dict(batch=b, prompt_tokens=int(x.shape[1]), vision_ms_per_page=round(vision_ms, 1),
                   prefill_ms=round(prefill_ms, 1), new_tokens=int(out.shape[1]),
                   decode_tokens_per_s=round(b * (args.new_tokens - 1) / decode_s, 1),
                   pages_per_s=round(b / (vision_ms * b / 1000 + (t2 - t1)), 3),
                   peak_gib=round(torch.cuda.max_memory_allocated() / 2 ** 30, 2) if dev == "cuda" else None)
        rows.append(row)
        print("reference", json.dumps(row), file=sys.stderr, flush=True)
    results["throughput"] = rows
    Path(args.out).write_text(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
