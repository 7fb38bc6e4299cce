#!/usr/bin/env python3
"""Saves a random-weight DeepSeek-OCR (v1) model in the official checkpoint layout (deepseek-ai/DeepSeek-OCR
weight names, per-expert tensors, config.json with language_config), to test ``export_onnx.py --checkpoint``
without the 6.7 GB download:

  python model/export/save_official_layout.py --seed N --out DIR   # then export_onnx.py --family deepseek-ocr --checkpoint DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
from safetensors.torch import save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ds_models  # noqa: E402
import ds_tiny_tokenizer  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = ds_tiny_tokenizer.build()
    tok.save(str(out / "tokenizer.json"))
    vocab = ((tok.get_vocab_size() + 1 + 31) // 32) * 32
    m = ds_models.build_random("deepseek-ocr", "tiny", vocab, args.seed)
    tensors = {}
    for k, v in m.encoder.state_dict().items():
        tensors["model." + k] = v
    cfg = ds_models.tiny_text_config(vocab)
    for k, v in m.text_model.state_dict().items():
        if ".mlp.experts.gate_up_proj" in k:
            layer = k.split(".mlp.")[0]
            inter = v.shape[1] // 2
            for e in range(v.shape[0]):
                tensors[f"model.{layer}.mlp.experts.{e}.gate_proj.weight"] = v[e, :inter]
                tensors[f"model.{layer}.mlp.experts.{e}.up_proj.weight"] = v[e, inter:]
        elif ".mlp.experts.down_proj" in k:
            layer = k.split(".mlp.")[0]
            for e in range(v.shape[0]):
                tensors[f"model.{layer}.mlp.experts.{e}.down_proj.weight"] = v[e]
        else:
            tensors["model." + k] = v
    tensors["lm_head.weight"] = m.lm_head.weight
    save_file({k: t.detach().contiguous().clone() for k, t in tensors.items()}, str(out / "model-00001-of-000001.safetensors"))
    lang = {k: cfg[k] for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                                 "num_attention_heads", "num_key_value_heads", "max_position_embeddings",
                                 "n_routed_experts", "n_shared_experts", "moe_intermediate_size",
                                 "num_experts_per_tok", "rms_norm_eps")}
    lang["first_k_dense_replace"] = 1
    config = {"model_type": "deepseek_vl_v2", "language_config": lang,
              "grounded_ocr_deepencoder": m.encoder.cfg.to_dict()}
    (out / "config.json").write_text(json.dumps(config, indent=1))


if __name__ == "__main__":
    main()
