"""The PyTorch models behind an export: DeepSeek-OCR 2 (transformers' DeepseekOcr2ForConditionalGeneration)
and DeepSeek-OCR v1 (our DeepEncoder port + the same DeepSeek-MoE decoder), built from a checkpoint,
or with random weights at tiny or full size.

Both families expose the same small interface (:class:`OcrModel`) to the exporter and the reference
runner: the decoder (``text_model`` + ``lm_head``), per-view vision features, the assembly of the
placeholder embeddings, and an export module per view size with its size-dependent tables baked in.
"""

from __future__ import annotations

import json
import math
import os
import zlib
from pathlib import Path

import numpy as np
import torch
from torch import nn

from transformers import DeepseekOcr2Config, DeepseekOcr2ForConditionalGeneration
from transformers.models.deepseek_ocr2.modeling_deepseek_ocr2 import DeepseekOcr2TextModel
from transformers.models.deepseek_ocr2.configuration_deepseek_ocr2 import DeepseekOcr2TextConfig

from ds_deepencoder_v1 import DeepEncoder, DeepEncoderConfig

FAMILIES = ("deepseek-ocr", "deepseek-ocr2")

# ------------------------------------------------------------------------------------------ configs


def full_text_config(vocab_size: int = 129280) -> dict:
    """DeepSeek3B-MoE-A570M (spec §4), identical in both families."""
    return dict(vocab_size=vocab_size, hidden_size=1280, intermediate_size=6848, num_hidden_layers=12,
                num_attention_heads=10, num_key_value_heads=10, max_position_embeddings=8192,
                n_routed_experts=64, n_shared_experts=2, moe_intermediate_size=896, num_experts_per_tok=6,
                mlp_layer_types=["dense"] + ["sparse"] * 11, topk_method="greedy", n_group=1, topk_group=1,
                routed_scaling_factor=1.0, rms_norm_eps=1e-6, hidden_act="silu", attention_bias=False,
                rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                bos_token_id=0, eos_token_id=1, pad_token_id=2)


def tiny_text_config(vocab_size: int) -> dict:
    """The same architecture, tiny: 3 layers (dense, MoE, MoE), 8 experts of which 3 per token."""
    # 3 heads of 16: ONNX Runtime's GroupQueryAttention (generate.onnx) needs head_dim % 8 == 0 for its rotary
    return dict(vocab_size=vocab_size, hidden_size=48, intermediate_size=64, num_hidden_layers=3,
                num_attention_heads=3, num_key_value_heads=3, max_position_embeddings=8192,
                n_routed_experts=8, n_shared_experts=2, moe_intermediate_size=16, num_experts_per_tok=3,
                mlp_layer_types=["dense", "sparse", "sparse"], topk_method="greedy", n_group=1, topk_group=1,
                routed_scaling_factor=1.0, rms_norm_eps=1e-6, hidden_act="silu", attention_bias=False,
                rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                bos_token_id=0, eos_token_id=1, pad_token_id=2)


def full_v2_vision_config() -> dict:
    sam = dict(hidden_size=768, output_channels=256, num_hidden_layers=12, num_attention_heads=12, image_size=1024,
               patch_size=16, window_size=14, global_attn_indexes=[2, 5, 8, 11], downsample_channels=[512, 896])
    enc = dict(hidden_size=896, intermediate_size=4864, num_hidden_layers=24, num_attention_heads=14,
               num_key_value_heads=2, rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
               vocab_size=1, max_position_embeddings=32768)
    return dict(sam_config=sam, encoder_config=enc)


def tiny_v2_vision_config() -> dict:
    # real grid geometry (1024 / 16 = 64 patches a side, 4x compression -> 16x16 / 12x12 queries), tiny widths
    sam = dict(hidden_size=8, output_channels=8, num_hidden_layers=2, num_attention_heads=2, image_size=1024,
               patch_size=16, window_size=14, global_attn_indexes=[1], downsample_channels=[16, 24])
    enc = dict(hidden_size=24, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
               num_key_value_heads=2, rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
               vocab_size=1, max_position_embeddings=1024)
    return dict(sam_config=sam, encoder_config=enc)


def full_v1_vision_config() -> DeepEncoderConfig:
    return DeepEncoderConfig()


def tiny_v1_vision_config(hidden: int) -> DeepEncoderConfig:
    return DeepEncoderConfig(sam_width=8, sam_depth=2, sam_heads=2, sam_global_attn_indexes=(1,), sam_out_chans=8,
                             compressor_channels=(16, 24), clip_width=24, clip_layers=2, clip_heads=2, clip_ffn=48,
                             projector_out=hidden)


# ------------------------------------------------------------------------------------------ family facts

FAMILY_VISION = {
    # view sizes, tiling and modes (spec §1.1, §1.4, §7.1)
    "deepseek-ocr": dict(
        newline=True,
        tile_size=640, base_size=1024, min_tiles=2, max_tiles=6, skip_tiling_max_side=640,
        modes={
            "tiny": dict(global_size=512, resize="stretch", tiles=False),
            "small": dict(global_size=640, resize="stretch", tiles=False),
            "base": dict(global_size=1024, resize="pad", tiles=False),
            "large": dict(global_size=1280, resize="pad", tiles=False),
            "gundam": dict(global_size=1024, resize="pad", tiles=True, tile_size=640),
        },
        default_mode="gundam"),
    "deepseek-ocr2": dict(
        newline=False,
        tile_size=768, base_size=1024, min_tiles=2, max_tiles=6, skip_tiling_max_side=768,
        # the only released configuration (V2 config.py); preprocess.py calls it "default"
        modes={
            "gundam": dict(global_size=1024, resize="pad", tiles=True, tile_size=768),
        },
        default_mode="gundam"),
}


def view_tokens(family: str, size: int) -> int:
    """Vision tokens one view of side ``size`` yields (before newlines / separator)."""
    if family == "deepseek-ocr":
        q = math.ceil((size // 16) / 4)
        return q * q
    return 144 if (size // 16 // 4) ** 2 <= 144 else 256


def view_sizes(family: str, modes) -> list[int]:
    fam = FAMILY_VISION[family]
    sizes = set()
    for m in modes:
        spec = fam["modes"][m]
        sizes.add(spec["global_size"])
        if spec["tiles"]:
            sizes.add(spec["tile_size"])
    return sorted(sizes)


# ------------------------------------------------------------------------------------------ random weights


@torch.no_grad()
def randomize(module: nn.Module, seed: int):
    """Fills every floating parameter from numpy's legacy RandomState, seeded per parameter name, so a
    seed gives the same weights whatever the torch/transformers version (their init code may change)."""
    for name, p in sorted(module.named_parameters(), key=lambda kv: kv[0]):
        rs = np.random.RandomState((seed * 1000003 + zlib.crc32(name.encode())) % (2 ** 32))
        shape = tuple(p.shape)
        leaf = name.rsplit(".", 1)[-1]
        if len(shape) == 1 and leaf == "weight":  # norms
            arr = 1.0 + 0.1 * rs.standard_normal(shape)
        elif len(shape) == 1 and leaf == "bias":
            arr = 0.02 * rs.standard_normal(shape)
        elif len(shape) == 1:  # class embedding, newline, separator
            arr = rs.standard_normal(shape)
        elif "pos" in leaf or "embed" in name and "patch" not in name or "query" in name:
            arr = 0.5 * rs.standard_normal(shape) if "pos" in leaf else rs.standard_normal(shape)
        else:
            fan_in = shape[-1] if len(shape) == 3 else int(np.prod(shape[1:]))
            arr = rs.standard_normal(shape) / math.sqrt(fan_in)
        p.copy_(torch.from_numpy(arr.astype(np.float32)).to(p.dtype))


# ------------------------------------------------------------------------------------------ the models


class OcrModel:
    """What the exporter and the reference runner need from either family."""

    family: str
    text_model: DeepseekOcr2TextModel
    lm_head: nn.Linear

    def text_config(self) -> dict:
        c = self.text_model.config
        return dict(vocab_size=c.vocab_size, hidden_size=c.hidden_size, num_hidden_layers=c.num_hidden_layers,
                    num_attention_heads=c.num_attention_heads, num_key_value_heads=c.num_key_value_heads,
                    head_dim=c.head_dim, rms_norm_eps=c.rms_norm_eps, num_experts_per_tok=c.num_experts_per_tok,
                    n_routed_experts=c.n_routed_experts, mlp_layer_types=list(c.mlp_layer_types),
                    rope_theta=float(c.rope_parameters["rope_theta"]),
                    max_position_embeddings=c.max_position_embeddings,
                    inv_freq=self.text_model.rotary_emb.inv_freq.detach().cpu().numpy().tolist())

    def decoder_weights(self) -> dict[str, torch.Tensor]:
        """The decoder's tensors by transformers name (no copies: the ONNX builder converts one at a time)."""
        w = dict(self.text_model.state_dict())
        w["lm_head.weight"] = self.lm_head.weight
        return w

    def embedding_table(self) -> torch.Tensor:
        return self.text_model.embed_tokens.weight.detach()


class OcrModelV2(OcrModel):
    family = "deepseek-ocr2"

    def __init__(self, model: DeepseekOcr2ForConditionalGeneration):
        self.model = model.eval()
        self.text_model = model.model.language_model
        self.lm_head = model.lm_head
        self.image_newline = None
        self.view_separator = model.model.view_separator.detach()

    @torch.no_grad()
    def image_embeddings(self, global_pixels: torch.Tensor, tile_pixels: torch.Tensor | None, cols: int, rows: int):
        """The placeholder rows, in transformers' own order (tiles, global, separator)."""
        n_local = [tile_pixels.shape[0]] if tile_pixels is not None else None
        out = self.model.model.get_image_features(global_pixels, tile_pixels, n_local, return_dict=True)
        return out.pooler_output[0]

    @torch.no_grad()
    def view_features(self, pixels: torch.Tensor) -> torch.Tensor:
        feats = self.model.model.vision_tower(pixels).last_hidden_state
        return self.model.model.multi_modal_projector(feats)

    def export_module(self, size: int) -> nn.Module:
        return _V2VisionExport(self.model, size)


class _V2VisionExport(nn.Module):
    """One view size of the OCR-2 vision tower + projector with every size-dependent table precomputed:
    SAM absolute positions (bicubic antialiased), SAM relative positions, the encoder's hybrid mask and
    its RoPE tables."""

    def __init__(self, model: DeepseekOcr2ForConditionalGeneration, size: int):
        super().__init__()
        vt = model.model.vision_tower
        self.sam = vt.sam_encoder
        self.encoder = vt.vision_encoder
        self.projector = model.model.multi_modal_projector
        sam_cfg = self.sam.config
        grid = size // sam_cfg.patch_size
        with torch.no_grad():
            self.register_buffer("pos", self.sam.interpolate_pos_encoding(grid, grid).detach().clone())
            self.rel = []
            for i, layer in enumerate(self.sam.layers):
                s = layer.window_size if layer.window_size > 0 else grid
                rh = layer.attn.get_rel_pos(s, s, layer.attn.rel_pos_h).detach().clone()
                rw = layer.attn.get_rel_pos(s, s, layer.attn.rel_pos_w).detach().clone()
                self.register_buffer(f"rel_h_{i}", rh)
                self.register_buffer(f"rel_w_{i}", rw)
            n = (grid // 4) ** 2
            self.n = n
            queries = vt.query_768_resolution.weight if n <= 144 else vt.query_1024_resolution.weight
            if queries.shape[0] != n:
                raise ValueError(f"view size {size} gives {n} patches; OCR 2 has queries for 144 and 256 only")
            self.queries = queries
            length = 2 * n
            pid = torch.arange(length)[None]
            cos, sin = self.encoder.rotary_emb(torch.zeros(1, length, 1), pid)
            self.register_buffer("cos", cos.detach().clone())
            self.register_buffer("sin", sin.detach().clone())

    def forward(self, pixel_values):
        x = self.sam.patch_embed(pixel_values) + self.pos
        for i, layer in enumerate(self.sam.layers):
            x = _sam_layer(layer, x, getattr(self, f"rel_h_{i}"), getattr(self, f"rel_w_{i}"))
        x = self.sam.proj(self.sam.neck(x))
        x = x.flatten(2).transpose(1, 2)
        b = x.shape[0]
        h = torch.cat([x, self.queries.unsqueeze(0).expand(b, -1, -1)], dim=1)
        # hybrid mask (spec §7.2): image tokens see all image tokens; query i sees the image and queries <= i.
        # Built from iotas rather than stored: a 2n x 2n float constant would dominate small exports.
        idx = torch.arange(2 * self.n, device=h.device)
        i, j = idx[:, None], idx[None, :]
        allowed = (j < self.n) | (j <= i)
        mask = torch.where(allowed, 0.0, torch.finfo(torch.float32).min).to(h.dtype)[None, None]
        for layer in self.encoder.layers:
            h = layer(h, attention_mask=mask, position_embeddings=(self.cos, self.sin))
        h = self.encoder.norm(h)
        return self.projector(h[:, self.n:, :])


def _sam_layer(layer, x, rel_h, rel_w):
    """DeepseekOcr2SamVisionLayer.forward with fixed relative-position tables (eager attention maths)."""
    residual = x
    h = layer.layer_norm1(x)
    if layer.window_size > 0:
        height, width = h.shape[1], h.shape[2]
        h, padding = layer.window_partition(h, layer.window_size)
    attn = layer.attn
    b, hh, ww, _ = h.shape
    qkv = attn.qkv(h).reshape(b, hh * ww, 3, attn.num_attention_heads, -1).permute(2, 0, 3, 1, 4)
    q, k, v = qkv.reshape(3, b * attn.num_attention_heads, hh * ww, -1).unbind(0)
    w = (q * attn.scale) @ k.transpose(-2, -1)
    dim = q.shape[-1]
    rq = q.reshape(b * attn.num_attention_heads, hh, ww, dim)
    rel = torch.einsum("bhwc,hkc->bhwk", rq, rel_h)[:, :, :, :, None] + torch.einsum("bhwc,wkc->bhwk", rq, rel_w)[:, :, :, None, :]
    w = w + rel.reshape_as(w)
    w = torch.softmax(w, dim=-1)
    out = (w @ v).reshape(b, attn.num_attention_heads, hh, ww, -1).permute(0, 2, 3, 1, 4).reshape(b, hh, ww, -1)
    h = attn.proj(out)
    if layer.window_size > 0:
        h = layer.window_unpartition(h, layer.window_size, padding, (height, width))
    x = residual + h
    return x + layer.mlp(layer.layer_norm2(x))


class OcrModelV1(OcrModel):
    family = "deepseek-ocr"

    def __init__(self, encoder: DeepEncoder, text_model: DeepseekOcr2TextModel, lm_head: nn.Linear):
        self.encoder = encoder.eval()
        self.text_model = text_model.eval()
        self.lm_head = lm_head
        self.image_newline = encoder.image_newline.detach()
        self.view_separator = encoder.view_seperator.detach()

    @torch.no_grad()
    def view_features(self, pixels: torch.Tensor) -> torch.Tensor:
        self.encoder.unbake()
        return self.encoder(pixels)

    @torch.no_grad()
    def image_embeddings(self, global_pixels, tile_pixels, cols, rows):
        g = self.view_features(global_pixels)
        t = self.view_features(tile_pixels) if tile_pixels is not None else None
        return self.encoder.assemble(g, t, cols, rows)

    def export_module(self, size: int) -> nn.Module:
        return _V1VisionExport(self.encoder, size)


class _V1VisionExport(nn.Module):
    def __init__(self, encoder: DeepEncoder, size: int):
        super().__init__()
        self.encoder = encoder
        self.size = size

    def forward(self, pixel_values):
        return self.encoder(pixel_values)


def _text_model(cfg: dict) -> tuple[DeepseekOcr2TextModel, nn.Linear]:
    config = DeepseekOcr2TextConfig(**cfg)
    config._attn_implementation = "eager"
    config.experts_implementation = "eager"
    tm = DeepseekOcr2TextModel(config)
    head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
    return tm, head


def build_random(family: str, size: str, vocab_size: int, seed: int, dtype: torch.dtype = torch.float32) -> OcrModel:
    """``size``: ``tiny`` or ``full``. ``dtype`` float16 halves the memory of a full-size build (the
    weights are drawn in float32 either way, so an fp16 export gets the same values as an fp32 one)."""
    from transformers.initialization import no_init_weights

    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        # skip torch's and transformers' own initialisation: randomize() overwrites every parameter
        with no_init_weights():
            return _build_random(family, size, vocab_size, seed)
    finally:
        torch.set_default_dtype(previous)


def _build_random(family: str, size: str, vocab_size: int, seed: int) -> OcrModel:
    text_cfg = tiny_text_config(vocab_size) if size == "tiny" else full_text_config(vocab_size)
    if family == "deepseek-ocr2":
        vision = tiny_v2_vision_config() if size == "tiny" else full_v2_vision_config()
        config = DeepseekOcr2Config(vision_config=vision, text_config=text_cfg, image_token_id=0)
        _eager(config)
        model = DeepseekOcr2ForConditionalGeneration(config)
        randomize(model, seed)
        return OcrModelV2(model)
    enc_cfg = tiny_v1_vision_config(text_cfg["hidden_size"]) if size == "tiny" else full_v1_vision_config()
    encoder = DeepEncoder(enc_cfg)
    tm, head = _text_model(text_cfg)
    holder = nn.ModuleDict({"encoder": encoder, "text": tm, "head": head})
    randomize(holder, seed)
    return OcrModelV1(encoder, tm, head)


def _eager(config: DeepseekOcr2Config):
    for c in (config, config.text_config, config.vision_config, config.vision_config.sam_config,
              config.vision_config.encoder_config):
        c._attn_implementation = "eager"
    config.text_config.experts_implementation = "eager"


# ------------------------------------------------------------------------------------------ checkpoints


def load_checkpoint(family: str, path: str | os.PathLike) -> OcrModel:
    """A real checkpoint directory: ``deepseek-ai/DeepSeek-OCR`` (v1), ``deepseek-ai/DeepSeek-OCR-2`` or its
    transformers conversion (``deepseek-community/DeepSeek-OCR-2``)."""
    path = Path(path)
    raw = json.loads((path / "config.json").read_text())
    if family == "deepseek-ocr2":
        if raw.get("model_type") == "deepseek_ocr2":
            config = DeepseekOcr2Config.from_pretrained(path)
        else:
            config = DeepseekOcr2Config(**_v2_config_from_original(raw))
        _eager(config)
        model = DeepseekOcr2ForConditionalGeneration.from_pretrained(path, config=config, dtype=torch.float32)
        return OcrModelV2(model)
    return _load_v1(path, raw)


def _v2_config_from_original(raw: dict) -> dict:
    """The original remote-code config.json of DeepSeek-OCR-2 as DeepseekOcr2Config arguments (the keys
    are renamed by transformers' own conversion mapping while loading)."""
    text = dict(raw["language_config"])
    first_dense = text.pop("first_k_dense_replace", 1)
    layers = text["num_hidden_layers"]
    keep = set(DeepseekOcr2TextConfig.__dataclass_fields__) if hasattr(DeepseekOcr2TextConfig, "__dataclass_fields__") else None
    text_cfg = full_text_config(text.get("vocab_size", 129280))
    for key in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                "num_key_value_heads", "max_position_embeddings", "n_routed_experts", "n_shared_experts",
                "moe_intermediate_size", "num_experts_per_tok", "rms_norm_eps", "routed_scaling_factor"):
        if key in text and text[key] is not None:
            text_cfg[key] = text[key]
    text_cfg["mlp_layer_types"] = ["dense"] * first_dense + ["sparse"] * (layers - first_dense)
    vision = full_v2_vision_config()
    del keep
    return dict(vision_config=vision, text_config=text_cfg, image_token_id=raw.get("image_token_id", 128815))


def _load_v1(path: Path, raw: dict) -> OcrModel:
    from safetensors import safe_open

    lang = raw.get("language_config", raw)
    text_cfg = full_text_config(lang.get("vocab_size", 129280))
    for key in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                "max_position_embeddings", "n_routed_experts", "n_shared_experts", "moe_intermediate_size",
                "num_experts_per_tok", "rms_norm_eps"):
        if lang.get(key) is not None:
            text_cfg[key] = lang[key]
    first_dense = lang.get("first_k_dense_replace", 1)
    text_cfg["mlp_layer_types"] = ["dense"] * first_dense + ["sparse"] * (text_cfg["num_hidden_layers"] - first_dense)
    # the released checkpoint is the full DeepEncoder; a config may carry other sizes (our tests save tiny
    # models in the official layout under "grounded_ocr_deepencoder" to exercise this loader)
    enc_sizes = raw.get("grounded_ocr_deepencoder")
    encoder = DeepEncoder(DeepEncoderConfig(**enc_sizes) if enc_sizes else full_v1_vision_config())
    tm, head = _text_model(text_cfg)
    tensors: dict[str, torch.Tensor] = {}
    for f in sorted(path.glob("*.safetensors")):
        with safe_open(str(f), framework="pt") as st:
            for k in st.keys():
                tensors[k] = st.get_tensor(k).float()
    enc_state = {k[len("model."):]: v for k, v in tensors.items()
                 if k.startswith(("model.sam_model.", "model.vision_model.", "model.projector.",
                                  "model.image_newline", "model.view_seperator"))}
    enc_state = {k: v for k, v in enc_state.items() if not k.endswith("position_ids")}
    missing, unexpected = encoder.load_state_dict(enc_state, strict=False)
    if missing or unexpected:
        raise ValueError(f"DeepEncoder weights do not match: missing {missing[:5]}, unexpected {unexpected[:5]}")
    text_state = {}
    n_exp = text_cfg["n_routed_experts"]
    for i, kind in enumerate(text_cfg["mlp_layer_types"]):
        p = f"model.layers.{i}."
        for k in ("input_layernorm.weight", "post_attention_layernorm.weight", "self_attn.q_proj.weight",
                  "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight"):
            text_state[f"layers.{i}.{k}"] = tensors[p + k]
        if kind == "dense":
            for k in ("gate_proj", "up_proj", "down_proj"):
                text_state[f"layers.{i}.mlp.{k}.weight"] = tensors[f"{p}mlp.{k}.weight"]
        else:
            text_state[f"layers.{i}.mlp.gate.weight"] = tensors[p + "mlp.gate.weight"]
            text_state[f"layers.{i}.mlp.experts.gate_up_proj"] = torch.stack([
                torch.cat([tensors[f"{p}mlp.experts.{e}.gate_proj.weight"], tensors[f"{p}mlp.experts.{e}.up_proj.weight"]], 0)
                for e in range(n_exp)])
            text_state[f"layers.{i}.mlp.experts.down_proj"] = torch.stack(
                [tensors[f"{p}mlp.experts.{e}.down_proj.weight"] for e in range(n_exp)])
            for k in ("gate_proj", "up_proj", "down_proj"):
                text_state[f"layers.{i}.mlp.shared_experts.{k}.weight"] = tensors[f"{p}mlp.shared_experts.{k}.weight"]
    text_state["embed_tokens.weight"] = tensors["model.embed_tokens.weight"]
    text_state["norm.weight"] = tensors["model.norm.weight"]
    tm.load_state_dict(text_state, strict=True)
    head.weight.data.copy_(tensors["lm_head.weight"])
    return OcrModelV1(encoder, tm, head)
