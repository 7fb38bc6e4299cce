"""Writes the preprocessing parity fixtures of the Java port to
model/deepseek/src/test/resources/deepseek/preprocess/ (see the README there).

    python model/export/make_preprocess_fixtures.py [--out DIR] [--check-transformers]

Everything is deterministic: the input images are generated here from fixed seeds (gradients,
hard-edged boxes and a block of noise, so that resampling, clipping and rounding are exercised
while the PNGs stay small), and the expected values come from preprocess.py (Pillow + numpy).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import sys

import numpy as np
import PIL
from PIL import Image, ImageCms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import preprocess  # noqa: E402

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deepseek", "src", "test", "resources",
                           "deepseek", "preprocess")

# (width, height): the spec's tie-break cases, tiny/odd sizes, portrait and landscape, A4 at 72 dpi,
# an image > 100x taller than wide (Pillow resizes those vertically first), the tiling thresholds.
SIZES = [(1, 1), (3, 7), (17, 1000), (3, 2000), (64, 48), (500, 700), (640, 640), (641, 300),
         (768, 769), (800, 600), (1000, 800), (1280, 1024), (1500, 400), (595, 842), (1920, 1080)]

# (family, mode, max_tiles)
MODES = [("deepseek-ocr", "tiny", 6), ("deepseek-ocr", "small", 6), ("deepseek-ocr", "base", 6),
         ("deepseek-ocr", "large", 6), ("deepseek-ocr", "gundam", 6), ("deepseek-ocr", "gundam", 9),
         ("deepseek-ocr2", "default", 6)]

# scaled-down geometries (base, tile, threshold, global features, tile features) as small test models use
GEOMETRIES = [("deepseek-ocr", "gundam", (128, 64, 64, 4, 2)), ("deepseek-ocr", "tiny", (64, 64, 640, 4, 4)),
              ("deepseek-ocr", "base", (96, 96, 640, 6, 6)), ("deepseek-ocr2", "default", (128, 96, 96, 16, 12))]
GEOMETRY_IMAGES = ["3x7", "17x1000", "64x48", "800x600", "1280x1024", "1500x400"]

# views of these (image, family, mode, max_tiles) are stored whole as PNG (the rest as digests)
FULL_VIEWS = {("1x1", "deepseek-ocr", "tiny", 6), ("3x7", "deepseek-ocr", "small", 6),
              ("500x700", "deepseek-ocr", "tiny", 6), ("1500x400", "deepseek-ocr", "base", 6),
              ("1280x1024", "deepseek-ocr", "gundam", 6), ("1500x400", "deepseek-ocr2", "default", 6)}


def make_image(width: int, height: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / max(width - 1, 1)
    g = 255 * y / max(height - 1, 1)
    b = 127.5 + 127.5 * np.sin((x + 2 * y) / 9.0)
    img = np.stack([r, g, b], axis=-1)
    for _ in range(6):  # hard edges: ringing and clipping of the bicubic kernel
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(1, max(2, width // 3))), y0 + int(rng.integers(1, max(2, height // 3)))
        img[y0:y1, x0:x1] = rng.choice([0, 255], size=3)
    bw, bh = min(width, 48), min(height, 48)  # a block of noise
    bx, by = int(rng.integers(0, width - bw + 1)), int(rng.integers(0, height - bh + 1))
    img[by:by + bh, bx:bx + bw] = rng.integers(0, 256, size=(bh, bw, 3))
    return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB")


def make_noise(width: int, height: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8), "RGB")


def write_png16(path: str, rgb: np.ndarray) -> None:
    """A 16-bit RGB PNG (Pillow cannot write one): signature, IHDR, one IDAT, IEND."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].astype(">u2").tobytes() for y in range(h))
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                 + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def f32_bits(a: np.ndarray) -> list[int]:
    return a.astype("<f4").view("<u4").astype(np.int64).tolist()


def check_normalisation(table: np.ndarray) -> None:
    """ToTensor + Normalize done by torch, when installed, gives the numpy values bit for bit."""
    try:
        import torch
    except ImportError:
        print("torch not installed: normalisation not cross-checked against torch", file=sys.stderr)
        return
    x = torch.arange(256, dtype=torch.uint8).reshape(1, 16, 16).expand(3, 16, 16).contiguous()
    t = x.to(dtype=torch.get_default_dtype()).div(255)  # torchvision.transforms.functional.to_tensor
    mean = torch.as_tensor(preprocess.MEAN, dtype=t.dtype).view(-1, 1, 1)
    std = torch.as_tensor(preprocess.STD, dtype=t.dtype).view(-1, 1, 1)
    t = t.sub_(mean).div_(std)  # torchvision.transforms.functional.normalize
    if not np.array_equal(t[0].reshape(-1).numpy().view(np.uint32), table.view(np.uint32)):
        raise SystemExit("numpy normalisation differs from torch's")
    print("normalisation: numpy == torch bit for bit", file=sys.stderr)


def check_transformers(images: dict[str, Image.Image]) -> dict:
    """Compares preprocess.py's DeepSeek-OCR 2 path with transformers' DeepseekOcr2ImageProcessorPil."""
    try:
        import transformers
        from transformers import DeepseekOcr2ImageProcessorPil
    except ImportError as e:
        print(f"transformers check skipped: {e}", file=sys.stderr)
        return {}
    proc = DeepseekOcr2ImageProcessorPil()
    out = {"transformers": transformers.__version__, "cases": []}
    for name, img in images.items():
        ours = preprocess.prepare(img, "deepseek-ocr2", "default")
        theirs = proc(images=img, return_tensors="np")
        keys = sorted(theirs.keys())
        g = np.asarray(theirs["pixel_values"]).reshape(-1, 3, 1024, 1024)[0]
        d_global = float(np.max(np.abs(g - ours.global_tensor()[0])))
        case = {"image": name, "keys": keys, "global_max_abs_diff": d_global}
        if "pixel_values_local" in theirs or "local_pixel_values" in theirs:
            loc = np.asarray(theirs.get("pixel_values_local", theirs.get("local_pixel_values")))
            loc = loc.reshape(-1, 3, 768, 768)
            mine = ours.tiles_tensor()
            case["tiles"] = [int(loc.shape[0]), int(mine.shape[0])]
            if loc.shape[0] == mine.shape[0] and mine.shape[0] > 0:
                case["tiles_max_abs_diff"] = float(np.max(np.abs(loc - mine)))
        for k in keys:
            if "spatial" in k or "crop" in k or "num" in k:
                case[k] = np.asarray(theirs[k]).tolist()
        case["ours_grid"] = list(ours.grid)
        out["cases"].append(case)
        print(json.dumps(case), file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check-transformers", action="store_true",
                    help="also compare the DeepSeek-OCR 2 path with transformers (report only)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    os.makedirs(os.path.join(out, "views"), exist_ok=True)

    table = (np.arange(256, dtype=np.float32) / np.float32(255) - np.float32(0.5)) / np.float32(0.5)
    check_normalisation(table)

    index = {
        "generator": "model/export/make_preprocess_fixtures.py",
        "pillow": PIL.__version__, "numpy": np.__version__, "python": platform.python_version(),
        "machine": platform.machine(),
        "normalisation_f32_bits": f32_bits(table),
        "images": [], "resize": [], "convert": [], "cases": [], "candidates": [], "grids": [],
    }

    images = {}
    for seed, (w, h) in enumerate(SIZES):
        name = f"{w}x{h}"
        img = make_image(w, h, seed)
        images[name] = img
        img.save(os.path.join(out, "images", name + ".png"), optimize=True)
        index["images"].append({"name": name, "file": f"images/{name}.png", "width": w, "height": h})
    noise = {"noise_97x61": make_noise(97, 61, 101), "noise_5x700": make_noise(5, 700, 102)}
    for name, img in noise.items():
        img.save(os.path.join(out, "images", name + ".png"))
        index["images"].append({"name": name, "file": f"images/{name}.png",
                                "width": img.width, "height": img.height})
    everything = {**images, **noise}

    # Plain resizes: up, down, mixed, degenerate, and >100x-tall images shrunk vertically.
    rng = random.Random(7)
    targets = {name: [] for name in everything}
    for name, img in everything.items():
        w, h = img.size
        fixed = [(1, 1), (max(1, w // 3), max(1, h // 3)), (w * 2 + 1, h * 3), (max(1, w // 2), h * 2 + 3),
                 (w + 1, max(1, h - 1)), (640, 640)]
        targets[name] += [t for t in fixed if t != (w, h) and t[0] * t[1] <= 2_000_000]
    for _ in range(40):
        targets["noise_97x61"].append((rng.randint(1, 400), rng.randint(1, 400)))
    for t in [(5, 699), (5, 7), (3, 350), (9, 100), (2, 1)]:
        targets["noise_5x700"].append(t)
    for name, ts in targets.items():
        for (tw, th) in ts:
            r = everything[name].resize((tw, th))
            index["resize"].append({"image": name, "width": tw, "height": th, "sha256": sha256(r.tobytes())})

    # Image.convert("RGB") of other PNG flavours (what RgbImage.from must reproduce).
    base = images["64x48"]
    flavours = {"gray": base.convert("L"), "gray_alpha": base.convert("LA"),
                "rgba": Image.merge("RGBA", (*base.split(), base.convert("L"))),
                "palette": base.convert("P", palette=Image.Palette.ADAPTIVE, colors=37)}
    srgb = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    srgb[24:36] = bytes([0x07, 0xEA, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # fixed creation date: reproducible file
    srgb = bytes(srgb)
    for flavour, img in flavours.items():
        f = f"images/convert_{flavour}.png"
        img.save(os.path.join(out, f))
    base.save(os.path.join(out, "images/convert_rgb_icc.png"), icc_profile=srgb)
    flavours["rgb_icc"] = base
    rng16 = np.random.default_rng(5)
    write_png16(os.path.join(out, "images/convert_rgb16.png"), rng16.integers(0, 65536, size=(23, 31, 3)))
    flavours["rgb16"] = None
    for flavour in flavours:
        f = f"images/convert_{flavour}.png"
        reread = Image.open(os.path.join(out, f))
        index["convert"].append({"file": f, "pil_mode": reread.mode,
                                 "sha256": sha256(reread.convert("RGB").tobytes())})

    # Views and tensors per image and mode.
    stored = 0
    for name, img in images.items():
        for family, mode, max_tiles in MODES:
            if max_tiles != 6 and preprocess.prepare(img, family, mode).grid == preprocess.prepare(
                    img, family, mode, max_tiles).grid:
                continue  # same views as with 6 tiles
            p = preprocess.prepare(img, family, mode, max_tiles)
            case = {"image": name, "family": family, "mode": mode, "max_tiles": max_tiles,
                    "grid": list(p.grid), "global_tokens": p.global_tokens, "tile_tokens": p.tile_tokens,
                    "image_tokens": p.image_tokens, "views": []}
            g, t = p.global_tensor(), p.tiles_tensor()
            full = (name, family, mode, max_tiles) in FULL_VIEWS
            views = [("global", p.global_view, g[0])] + [(f"tile{k}", v, t[k]) for k, v in enumerate(p.tiles)]
            for kind, view, tensor in views:
                rgb = np.asarray(view, dtype=np.uint8)
                # The stored 8-bit view plus the normalisation table is exactly the tensor.
                assert np.array_equal(table[rgb].transpose(2, 0, 1).view(np.uint32), tensor.view(np.uint32))
                v = {"kind": kind, "width": view.width, "height": view.height,
                     "sha256_rgb": sha256(view.tobytes()),
                     "sha256_f32": sha256(np.ascontiguousarray(tensor, dtype="<f4").tobytes())}
                if full:
                    f = f"views/{name}_{family}_{mode}{max_tiles}_{kind}.png"
                    view.save(os.path.join(out, f), optimize=True)
                    v["png"] = f
                    stored += 1
                case["views"].append(v)
            index["cases"].append(case)

    # Scaled-down geometries: every view stored whole (they are small).
    for name in GEOMETRY_IMAGES:
        for family, mode, (base, tile, threshold, gq, tq) in GEOMETRIES:
            p = preprocess.prepare(images[name], family, mode, 6, base_size=base, image_size=tile,
                                   tiling_threshold=threshold, global_feature_side=gq, tile_feature_side=tq)
            case = {"image": name, "family": family, "mode": mode, "max_tiles": 6,
                    "geometry": [base, tile, threshold, gq, tq], "grid": list(p.grid),
                    "global_tokens": p.global_tokens, "tile_tokens": p.tile_tokens,
                    "image_tokens": p.image_tokens, "views": []}
            g, t = p.global_tensor(), p.tiles_tensor()
            views = [("global", p.global_view, g[0])] + [(f"tile{k}", v, t[k]) for k, v in enumerate(p.tiles)]
            for kind, view, tensor in views:
                rgb = np.asarray(view, dtype=np.uint8)
                assert np.array_equal(table[rgb].transpose(2, 0, 1).view(np.uint32), tensor.view(np.uint32))
                f = f"views/{name}_{family}_{mode}_g{base}-{tile}_{kind}.png"
                view.save(os.path.join(out, f), optimize=True)
                stored += 1
                case["views"].append({"kind": kind, "width": view.width, "height": view.height, "png": f,
                                      "sha256_rgb": sha256(view.tobytes()),
                                      "sha256_f32": sha256(np.ascontiguousarray(tensor, dtype="<f4").tobytes())})
            index["cases"].append(case)

    # Candidate order (CPython set order) and tiling decisions, including exact ties.
    for mn in range(1, 4):
        for mx in range(mn, 31):
            index["candidates"].append({"min": mn, "max": mx,
                                        "grids": [list(c) for c in preprocess.candidate_grids(mn, mx)]})
    sizes = {(1280, 1024), (1000, 800), (1500, 400), (1300, 1200), (1250, 1000), (2000, 1600),
             (1920, 1080), (595, 842), (641, 300), (1, 3000), (3000, 1), (1024, 1280), (800, 1000)}
    rng = random.Random(11)
    while len(sizes) < 400:
        sizes.add((rng.randint(1, 5000), rng.randint(1, 5000)))
    for k in range(1, 40):  # aspect ratios exactly midway between candidates: the tie rule decides
        for (a, b) in [(5, 4), (9, 8), (7, 4), (5, 2), (13, 12), (17, 12), (25, 12), (7, 2)]:
            sizes.add((a * 32 * k, b * 32 * k))
    ties = 0
    for (w, h) in sorted(sizes):
        for tile, mn, mx in [(640, 2, 6), (640, 2, 9), (768, 2, 6), (640, 1, 3), (640, 2, 3), (768, 2, 12)]:
            grid = preprocess.tile_grid(w, h, tile, mn, mx)
            index["grids"].append([w, h, tile, mn, mx, grid[0], grid[1]])
            cands = preprocess.candidate_grids(mn, mx)
            diffs = sorted(abs(w / h - i / j) for i, j in cands)
            ties += len(diffs) > 1 and diffs[0] == diffs[1]
    print(f"tiling decisions: {len(index['grids'])}, with an exact tie: {ties}", file=sys.stderr)

    if args.check_transformers:
        index["transformers_check"] = check_transformers(images)

    with open(os.path.join(out, "fixtures.json"), "w") as fh:
        json.dump(index, fh, separators=(",", ":"))
        fh.write("\n")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    print(f"{len(index['cases'])} cases, {len(index['resize'])} resizes, {stored} stored views, "
          f"{total / 1e6:.2f} MB in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
