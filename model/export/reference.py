#!/usr/bin/env python3
"""Reference DeepSeek-OCR run in PyTorch (fp32): the oracle of the Java engine's parity tests.

  python model/export/reference.py --model-dir DIR --image FILE --mode MODE --max-new-tokens N

prints ``{"token_ids": [...]}``: the generated ids (the EOS included when the model stops by itself).

The PyTorch model is the one the export in DIR was made from (manifest.json ``source``): the checkpoint
directory, or the random-weight model rebuilt from its seed (checked against DIR's embed_tokens.bin,
so a rebuild that differs fails instead of giving other ids). Nothing of the ONNX export is used:
vision runs transformers' (OCR 2) or our port's (v1) modules with run-time interpolation, the decoder
is transformers' DeepseekOcr2TextModel with its own KV cache.

Decoding follows spec §5: prompt ``[BOS] + encode(text before <image>) + [<image>] * N +
encode(text after <image>)``, greedy (argmax, first index on ties), stop on EOS, at most
``--max-new-tokens`` new tokens and at most ``max_total_tokens`` (8192) in all, and the n-gram rule
(n = 30, window 90, whitelist <td> </td>) over the generated ids only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ds_models  # noqa: E402
import preprocess  # noqa: E402


def banned_tokens(ids: list[int], n: int, window: int, whitelist: set[int]) -> set[int]:
    """The no-repeat n-gram rule of the official vLLM logits processor (spec §5)."""
    length = len(ids)
    if n <= 0 or length < n:
        return set()
    prefix = ids[length - (n - 1):length] if n > 1 else []
    banned = set()
    for i in range(max(0, length - window), length - n + 1):
        if ids[i:i + n - 1] == prefix:
            banned.add(ids[i + n - 1])
    return banned - whitelist


def load_model(model_dir: Path, manifest: dict, checkpoint: str | None):
    src = manifest["source"]
    family = manifest["family"]
    if checkpoint or src["kind"] == "checkpoint":
        return ds_models.load_checkpoint(family, checkpoint or src["path"])
    size = src["kind"].removeprefix("random-")
    model = ds_models.build_random(family, size, src["vocab_size"], src["seed"])
    emb = manifest["embeddings"]
    raw = (model_dir / emb["file"]).read_bytes()
    table = model.embedding_table().float()
    if emb["dtype"] == "float32":
        expect = table.numpy().astype("<f4").tobytes()
    elif emb["dtype"] == "float16":
        expect = table.numpy().astype("<f2").tobytes()
    else:
        expect = table.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()
    if raw != expect:
        raise SystemExit("the rebuilt random model does not match this export's embed_tokens.bin "
                         "(other seed, or other torch/transformers versions): re-export first")
    return model


def prompt_text(manifest: dict, task: str, query: str | None, prompt: str | None) -> str:
    if prompt is not None:
        return prompt
    text = manifest["prompts"][task]
    if "{query}" in text:
        if not query:
            raise SystemExit(f"task {task} needs --query")
        text = text.replace("{query}", query)
    return text


@torch.no_grad()
def run(args) -> dict:
    model_dir = Path(args.model_dir)
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    family = manifest["family"]
    model = load_model(model_dir, manifest, args.checkpoint)

    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    ids_of = manifest["tokens"]

    image = ImageOps.exif_transpose(Image.open(args.image)).convert("RGB")
    max_tiles = args.max_tiles or manifest["vision"]["max_tiles"]
    prep = preprocess.prepare(image, family, args.mode, max_tiles)
    cols, rows = prep.grid
    glob = torch.from_numpy(prep.global_tensor())
    tiles = torch.from_numpy(prep.tiles_tensor()) if prep.tiles else None
    features = model.image_embeddings(glob, tiles, cols, rows)
    if features.shape[0] != prep.image_tokens:
        raise SystemExit(f"vision gave {features.shape[0]} embeddings, the prompt has {prep.image_tokens} placeholders")

    text = prompt_text(manifest, args.task, args.query, args.prompt)
    before, _, after = text.partition("<image>")
    ids = [ids_of["bos"]] + tok.encode(before, add_special_tokens=False).ids
    start = len(ids)
    ids += [ids_of["image"]] * prep.image_tokens + tok.encode(after, add_special_tokens=False).ids

    embeds = model.text_model.embed_tokens(torch.tensor([ids]))
    embeds[0, start:start + prep.image_tokens] = features.to(embeds.dtype)

    from transformers import DynamicCache
    cache = DynamicCache(config=model.text_model.config)
    eos = ids_of["eos"]
    whitelist = set(args.ngram_whitelist if args.ngram_whitelist is not None else manifest["ngram"]["whitelist"])
    max_total = manifest.get("max_total_tokens", 8192)
    budget = min(args.max_new_tokens, max_total - len(ids))
    generated: list[int] = []
    ngram_changes = 0  # steps where the n-gram rule changed the choice (fixtures must exercise it)
    pos = 0
    step_in = embeds
    finished = False
    while len(generated) < budget:
        n = step_in.shape[1]
        out = model.text_model(inputs_embeds=step_in, past_key_values=cache, use_cache=True,
                               position_ids=torch.arange(pos, pos + n)[None])
        pos += n
        logits = model.lm_head(out.last_hidden_state[:, -1]).float()[0]
        unbanned = int(torch.argmax(logits))
        for t in banned_tokens(generated, args.ngram_size, args.ngram_window, whitelist):
            logits[t] = float("-inf")
        nxt = int(torch.argmax(logits))
        ngram_changes += nxt != unbanned
        generated.append(nxt)
        if nxt == eos:
            finished = True
            break
        step_in = model.text_model.embed_tokens(torch.tensor([[nxt]]))
    result = {"token_ids": generated}
    if args.verbose:
        result.update(prompt_tokens=len(ids), image_tokens=prep.image_tokens, grid=[cols, rows], finished=finished,
                      ngram_changes=ngram_changes,
                      text=tok.decode(generated, skip_special_tokens=False))
    return result


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--mode", default=None, help="view mode (default: the manifest's)")
    ap.add_argument("--max-new-tokens", type=int, default=8192)
    ap.add_argument("--task", default="markdown", help="markdown, ocr, free, figure, describe, locate")
    ap.add_argument("--query", help="what to locate (task locate)")
    ap.add_argument("--prompt", help="a prompt of your own, with <image>")
    ap.add_argument("--max-tiles", type=int)
    ap.add_argument("--ngram-size", type=int, default=30)
    ap.add_argument("--ngram-window", type=int, default=90)
    ap.add_argument("--ngram-whitelist", type=lambda s: [int(x) for x in s.split(",") if x], default=None,
                    help="comma-separated token ids exempt from the n-gram rule (default: <td>, </td>)")
    ap.add_argument("--checkpoint", help="PyTorch checkpoint to use instead of the manifest's source")
    ap.add_argument("--verbose", action="store_true", help="also print prompt length, grid and decoded text")
    return ap


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.mode is None:
        args.mode = json.loads((Path(args.model_dir) / "manifest.json").read_text())["default_mode"]
    print(json.dumps(run(args), ensure_ascii=False))


if __name__ == "__main__":
    main()
