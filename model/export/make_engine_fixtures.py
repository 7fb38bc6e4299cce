#!/usr/bin/env python3
"""Regenerates the DeepSeek engine parity fixtures in model/deepseek/src/test/resources/deepseek/engine/:

* ``<family>/model/``: a tiny random-weight export (fp32) made by export_onnx.py;
* ``images/*.png``: three synthetic pages (one tiled by Gundam, one small enough to skip tiling, one
  with an odd aspect ratio);
* ``<family>/cases.json``: for each case (image, mode/options, token limit), the token ids that
  reference.py (PyTorch fp32) generates. DeepSeekOcrEnginesParityTest requires the Java engine to
  produce exactly these ids.

  python model/export/make_engine_fixtures.py [--out model/deepseek/src/test/resources/deepseek/engine]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import export_onnx  # noqa: E402
import reference  # noqa: E402

SEED = 20251121
IMAGES = {
    "page_900x1200.png": (900, 1200, 1),  # Gundam tiles (2x3 for DeepSeek-OCR, 3x4 -> limited for OCR 2)
    "small_500x400.png": (500, 400, 2),  # <= 640 and <= 768: global view only
    "wide_1500x430.png": (1500, 430, 3),  # odd aspect ratio
}
FAMILIES = {
    "deepseek-ocr": dict(modes="gundam,small", cases=[
        dict(image="page_900x1200.png", mode="gundam", max_new_tokens=64),
        dict(image="small_500x400.png", mode="gundam", max_new_tokens=40),
        dict(image="wide_1500x430.png", mode="gundam", max_new_tokens=40),
        dict(image="page_900x1200.png", mode="small", max_new_tokens=40),
        dict(image="wide_1500x430.png", mode="small", max_new_tokens=60, ngram_size=3, ngram_window=24,
             expect_ngram=True),
    ]),
    "deepseek-ocr2": dict(modes="gundam", cases=[
        dict(image="page_900x1200.png", mode="gundam", max_new_tokens=64),
        dict(image="small_500x400.png", mode="gundam", max_new_tokens=40),
        dict(image="wide_1500x430.png", mode="gundam", max_new_tokens=40),
        dict(image="page_900x1200.png", mode="gundam", max_tiles=2, max_new_tokens=40),
        dict(image="small_500x400.png", mode="gundam", max_new_tokens=60, ngram_size=3, ngram_window=24,
             task="free", expect_ngram=True),
    ]),
}


def draw_page(w: int, h: int, seed: int, path: Path):
    from PIL import Image, ImageDraw
    r = random.Random(seed)
    im = Image.new("RGB", (w, h), (250, 250, 246))
    d = ImageDraw.Draw(im)
    d.rectangle([w * 0.1, h * 0.05, w * 0.7, h * 0.1], fill=(20, 20, 20))
    y = h * 0.15
    while y < h * 0.9:
        x = w * 0.1
        while x < w * 0.88:
            ww = r.randint(10, 60) * w / 900
            d.rectangle([x, y, x + ww, y + h * 0.012], fill=(40, 40, 60))
            x += ww + w * 0.015
        y += h * 0.03
    d.rectangle([w * 0.55, h * 0.5, w * 0.88, h * 0.7], outline=(200, 30, 30), width=3)
    im.save(path, optimize=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[1] / "deepseek/src/test/resources/deepseek/engine"
    ap.add_argument("--out", default=str(root))
    ap.add_argument("--families", default=",".join(FAMILIES))
    args = ap.parse_args(argv)
    out = Path(args.out)
    images = out / "images"
    images.mkdir(parents=True, exist_ok=True)
    for name, (w, h, seed) in IMAGES.items():
        draw_page(w, h, seed, images / name)
    for family in args.families.split(","):
        spec = FAMILIES[family]
        model_dir = out / family / "model"
        export_onnx.main(["--family", family, "--random-tiny", "--seed", str(SEED), "--modes", spec["modes"],
                          "--out", str(model_dir)])
        cases = []
        for case in spec["cases"]:
            argv_ref = ["--model-dir", str(model_dir), "--image", str(images / case["image"]), "--mode", case["mode"],
                        "--max-new-tokens", str(case["max_new_tokens"]), "--task", case.get("task", "markdown"),
                        "--verbose"]
            for key in ("ngram_size", "ngram_window", "max_tiles"):
                if key in case:
                    argv_ref += ["--" + key.replace("_", "-"), str(case[key])]
            ref_args = reference_args(argv_ref)
            result = reference.run(ref_args)
            if case.get("expect_ngram") and result["ngram_changes"] == 0:
                raise SystemExit(f"{family} {case}: the n-gram rule never changed a choice; pick other settings")
            entry = {k: v for k, v in case.items() if k != "expect_ngram"}
            entry.update(token_ids=result["token_ids"], finished=result["finished"], grid=result["grid"],
                         image_tokens=result["image_tokens"], prompt_tokens=result["prompt_tokens"],
                         ngram_changes=result["ngram_changes"])
            cases.append(entry)
            print(f"{family} {case['image']} {case['mode']}: {len(result['token_ids'])} ids, grid {result['grid']}, "
                  f"n-gram changes {result['ngram_changes']}", file=sys.stderr)
        (out / family / "cases.json").write_text(json.dumps({"family": family, "seed": SEED, "cases": cases}, indent=1) + "\n")


def reference_args(argv):
    args = reference.build_parser().parse_args(argv)
    return args


if __name__ == "__main__":
    main()
