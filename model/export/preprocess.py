"""Reference image preprocessing of DeepSeek-OCR and DeepSeek-OCR 2, written from the project's
specification (docs/deepseek-ocr-spec.md §1, §2.2, §7) and the official code it cites
(``process/image_process.py`` of deepseek-ai/DeepSeek-OCR and deepseek-ai/DeepSeek-OCR-2).

Only Pillow and numpy: the official code's torchvision ``ToTensor`` + ``Normalize`` is float32
``x / 255`` then ``(x - 0.5) / 0.5``, reproduced here with numpy float32 in the same order
(make_preprocess_fixtures.py checks it against torch when torch is installed).

This is the oracle of the Java port (``org.groundedocr.deepseek.preprocess``) and of the fixtures
in ``model/deepseek/src/test/resources/deepseek/preprocess``.

Differences from other implementations, on purpose:

* transformers' ``DeepseekOcr2ImageProcessorPil`` (5.18) centres the global view with
  ``(size - w) // 2`` where Pillow's ``ImageOps.pad`` (used by the official code, and here) uses
  ``round((size - w) * 0.5)`` (half to even); for 1500x400 the content starts at row 375 there and
  376 here (spec §1.6). make_preprocess_fixtures.py --check-transformers measures this.
* DeepSeek-OCR's Hugging Face ``infer`` tiles with at most 9 tiles, the official vLLM scripts with
  6; ``max_tiles`` selects (default 6).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageOps

PATCH_SIZE = 16
DOWNSAMPLE_RATIO = 4
MEAN = (0.5, 0.5, 0.5)
STD = (0.5, 0.5, 0.5)
# tuple(int(x * 255) for x in image_transform.mean)
PAD_COLOR = tuple(int(x * 255) for x in MEAN)

# family -> hard-coded "no tiles" threshold: `if image.size[0] <= 640 and image.size[1] <= 640`
TILING_THRESHOLD = {"deepseek-ocr": 640, "deepseek-ocr2": 768}

# family -> mode -> (base_size, image_size, crop_mode)
MODES = {
    "deepseek-ocr": {
        "tiny": (512, 512, False),
        "small": (640, 640, False),
        "base": (1024, 1024, False),
        "large": (1280, 1280, False),
        "gundam": (1024, 640, True),
    },
    "deepseek-ocr2": {
        "default": (1024, 768, True),
    },
}


def candidate_grids(min_num: int, max_num: int) -> list[tuple[int, int]]:
    """The reference's candidate (columns, rows) grids, in its order (a set sorted by area)."""
    target_ratios = set(
        (i, j) for n in range(min_num, max_num + 1) for i in range(1, n + 1) for j in range(1, n + 1)
        if i * j <= max_num and i * j >= min_num)
    return sorted(target_ratios, key=lambda x: x[0] * x[1])


def find_closest_aspect_ratio(aspect_ratio, target_ratios, width, height, image_size):
    best_ratio_diff = float("inf")
    best_ratio = (1, 1)
    area = width * height
    for ratio in target_ratios:
        target_aspect_ratio = ratio[0] / ratio[1]
        ratio_diff = abs(aspect_ratio - target_aspect_ratio)
        if ratio_diff < best_ratio_diff:
            best_ratio_diff = ratio_diff
            best_ratio = ratio
        elif ratio_diff == best_ratio_diff:
            if area > 0.5 * image_size * image_size * ratio[0] * ratio[1]:
                best_ratio = ratio
    return best_ratio


def tile_grid(width: int, height: int, image_size: int, min_num: int = 2, max_num: int = 6):
    return find_closest_aspect_ratio(width / height, candidate_grids(min_num, max_num), width, height, image_size)


def dynamic_preprocess(image: Image.Image, min_num: int, max_num: int, image_size: int):
    """Resize the whole image to the chosen grid and cut it row-major into image_size tiles."""
    orig_width, orig_height = image.size
    grid = tile_grid(orig_width, orig_height, image_size, min_num, max_num)
    target_width = image_size * grid[0]
    target_height = image_size * grid[1]
    resized = image.resize((target_width, target_height))  # default filter: BICUBIC
    cols = target_width // image_size
    tiles = []
    for i in range(grid[0] * grid[1]):
        box = ((i % cols) * image_size, (i // cols) * image_size,
               ((i % cols) + 1) * image_size, ((i // cols) + 1) * image_size)
        tiles.append(resized.crop(box))
    return tiles, grid


def to_tensor(image: Image.Image) -> np.ndarray:
    """torchvision ToTensor + Normalize(MEAN, STD): float32 [3, H, W]."""
    x = np.asarray(image.convert("RGB"), dtype=np.uint8).astype(np.float32) / np.float32(255)
    x = (x - np.asarray(MEAN, dtype=np.float32)) / np.asarray(STD, dtype=np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1))


def feature_side(side: int) -> int:
    return math.ceil((side // PATCH_SIZE) / DOWNSAMPLE_RATIO)


def token_counts(family: str, base_size: int, image_size: int, grid: tuple[int, int],
                 global_feature_side: int | None = None, tile_feature_side: int | None = None):
    """(global, tiles) image-token counts (spec §2.2, §7.2); the separator adds 1."""
    q = global_feature_side or feature_side(base_size)
    qt = tile_feature_side or feature_side(image_size)
    cols, rows = grid
    tiled = cols > 1 or rows > 1
    if family == "deepseek-ocr":
        glob = (q + 1) * q
        tiles = (qt * cols + 1) * (qt * rows) if tiled else 0
    else:
        glob = q * q
        tiles = qt * cols * qt * rows if tiled else 0
    return glob, tiles


@dataclass
class Prepared:
    family: str
    mode: str
    max_tiles: int
    grid: tuple[int, int]
    global_view: Image.Image
    tiles: list[Image.Image] = field(default_factory=list)
    global_tokens: int = 0
    tile_tokens: int = 0
    tile_size: int = 0

    @property
    def image_tokens(self) -> int:
        return self.global_tokens + self.tile_tokens + 1

    def global_tensor(self) -> np.ndarray:
        return to_tensor(self.global_view)[None]

    def tiles_tensor(self) -> np.ndarray:
        if not self.tiles:
            return np.zeros((0, 3, self.tile_size, self.tile_size), dtype=np.float32)
        return np.stack([to_tensor(t) for t in self.tiles])


def prepare(image: Image.Image, family: str = "deepseek-ocr", mode: str = "gundam",
            max_tiles: int = 6, min_tiles: int = 2, *, base_size: int | None = None,
            image_size: int | None = None, tiling_threshold: int | None = None,
            global_feature_side: int | None = None, tile_feature_side: int | None = None) -> Prepared:
    """The views of one RGB image, following tokenize_with_images of the official processors.

    The keyword arguments override the official geometry for scaled-down test models (the Java
    side: ``ViewSpec.withGeometry``); left out, the mode's official values apply.
    """
    if family == "deepseek-ocr2" and mode == "gundam":
        mode = "default"
    official_base, official_tile, cropping = MODES[family][mode]
    base_size = base_size or official_base
    image_size = image_size or official_tile
    threshold = TILING_THRESHOLD[family] if tiling_threshold is None else tiling_threshold
    image = image.convert("RGB")
    tiles: list[Image.Image] = []
    if image.size[0] <= threshold and image.size[1] <= threshold:
        grid = (1, 1)
    elif cropping:
        tiles, grid = dynamic_preprocess(image, min_tiles, max_tiles, image_size)
    else:
        grid = (1, 1)
    if image_size <= threshold and not cropping:
        image = image.resize((image_size, image_size))
    global_view = ImageOps.pad(image, (base_size, base_size), color=PAD_COLOR)
    if not (grid[0] > 1 or grid[1] > 1):
        tiles = []
    glob, tile_tokens = token_counts(family, base_size, image_size, grid, global_feature_side, tile_feature_side)
    return Prepared(family, mode, max_tiles, tuple(grid), global_view, tiles, glob, tile_tokens, image_size)


if __name__ == "__main__":
    import argparse
    import json

    ap = argparse.ArgumentParser(description="print the views DeepSeek-OCR makes of an image")
    ap.add_argument("image")
    ap.add_argument("--family", default="deepseek-ocr", choices=sorted(MODES))
    ap.add_argument("--mode", default="gundam")
    ap.add_argument("--max-tiles", type=int, default=6)
    ap.add_argument("--save-views", metavar="DIR", help="write the views as PNG files")
    a = ap.parse_args()
    p = prepare(ImageOps.exif_transpose(Image.open(a.image)), a.family, a.mode, a.max_tiles)
    if a.save_views:
        import os
        os.makedirs(a.save_views, exist_ok=True)
        p.global_view.save(os.path.join(a.save_views, "global.png"))
        for k, t in enumerate(p.tiles):
            t.save(os.path.join(a.save_views, f"tile_{k}.png"))
    print(json.dumps({"grid": p.grid, "global_tokens": p.global_tokens, "tile_tokens": p.tile_tokens,
                      "image_tokens": p.image_tokens}))
