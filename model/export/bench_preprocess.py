"""Wall time of the reference preprocessing (preprocess.py: Pillow + numpy) for A4 pages, the
Python counterpart of the Java PreprocessBenchmark. Prints a Markdown table (docs/BENCHMARKS.md).

    python model/export/bench_preprocess.py
"""

import os
import statistics
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import preprocess  # noqa: E402


def page(w: int, h: int) -> Image.Image:
    """White with dark text-like noise strokes, like the Java benchmark's page."""
    rng = np.random.default_rng(42)
    a = np.full((h, w, 3), (250, 250, 248), dtype=np.uint8)
    for y in range(40, h - 40 - 14, 24):
        band = a[y:y + 14, 60:w - 60]
        mask = rng.integers(0, 4, size=band.shape[:2]) == 0
        band[mask] = rng.integers(0, 80, size=(int(mask.sum()), 1), dtype=np.uint8)
    return Image.fromarray(a, "RGB")


def main() -> None:
    print("| page | family/mode | grid | image tokens | median ms | min ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for w, h in [(1240, 1754), (2480, 3508)]:
        img = page(w, h)
        for family, mode in [("deepseek-ocr", "gundam"), ("deepseek-ocr", "base"), ("deepseek-ocr2", "default")]:
            times = []
            for i in range(20):
                t = time.perf_counter()
                p = preprocess.prepare(img, family, mode)
                p.global_tensor()
                p.tiles_tensor()
                if i >= 5:
                    times.append((time.perf_counter() - t) * 1000)
            print(f"| {w}x{h} | {family}/{mode} | {p.grid[0]}x{p.grid[1]} | {p.image_tokens} | "
                  f"{statistics.median(times):.1f} | {min(times):.1f} |")


if __name__ == "__main__":
    main()
