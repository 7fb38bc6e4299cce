"""PyTorch port of DeepSeek-OCR (v1)'s DeepEncoder, written from docs/deepseek-ocr-spec.md §3.

SAM ViT-B (windowed + global attention with decomposed relative positions) -> neck -> 16x conv
compressor -> CLIP-L transformer fed with the SAM features instead of its own patch embedding ->
concat(CLIP without CLS, SAM) -> Linear projector; plus the learned ``image_newline`` and
``view_seperator`` (sic) vectors. Module and parameter names follow the official checkpoint
(``model.sam_model.*``, ``model.vision_model.*``, ``model.projector.layers.*``, ``model.image_newline``,
``model.view_seperator``) so that its safetensors load with ``load_state_dict``.

Every size is a constructor argument, so the same code builds the real encoder and the tiny
random-weight one used for the test fixtures.

Two ways to get the size-dependent tables (SAM absolute positions, SAM relative positions of the
global blocks, CLIP positions): computed at run time from the view size, exactly like the reference
(``F.interpolate`` bicubic antialiased / linear), or baked for one view size with :meth:`bake`, which
is what the ONNX export uses (a static graph per view size, no antialiased resize op in it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class DeepEncoderConfig:
    sam_width: int = 768
    sam_depth: int = 12
    sam_heads: int = 12
    sam_global_attn_indexes: tuple = (2, 5, 8, 11)
    sam_window: int = 14
    sam_out_chans: int = 256
    sam_img_size: int = 1024
    patch_size: int = 16
    compressor_channels: tuple = (512, 1024)  # net_2, net_3 (net_3 == clip_width)
    clip_width: int = 1024
    clip_layers: int = 24
    clip_heads: int = 16
    clip_ffn: int = 4096
    clip_image_size: int = 224
    clip_patch_size: int = 14
    projector_out: int = 1280

    def to_dict(self):
        d = dict(self.__dict__)
        d["sam_global_attn_indexes"] = list(self.sam_global_attn_indexes)
        d["compressor_channels"] = list(self.compressor_channels)
        return d


# ----------------------------------------------------------------------------------------- SAM


class LayerNorm2d(nn.Module):
    def __init__(self, channels: int, eps: float = 1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        u = x.mean(1, keepdim=True)
        s = (x - u).pow(2).mean(1, keepdim=True)
        x = (x - u) / torch.sqrt(s + self.eps)
        return self.weight[:, None, None] * x + self.bias[:, None, None]


class PatchEmbed(nn.Module):
    def __init__(self, width: int, patch: int):
        super().__init__()
        self.proj = nn.Conv2d(3, width, kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).permute(0, 2, 3, 1)


class SamMlp(nn.Module):
    def __init__(self, width: int, hidden: int):
        super().__init__()
        self.lin1 = nn.Linear(width, hidden)
        self.lin2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.lin2(F.gelu(self.lin1(x)))  # exact (erf) GELU, nn.GELU default


def resize_rel_pos(rel_pos: torch.Tensor, length: int) -> torch.Tensor:
    """rel_pos [L, C] linearly resized to ``length`` rows (identity when already that long)."""
    if rel_pos.shape[0] == length:
        return rel_pos
    resized = F.interpolate(rel_pos.to(torch.float32).reshape(1, rel_pos.shape[0], -1).permute(0, 2, 1),
                            size=length, mode="linear").to(rel_pos.dtype)
    return resized.reshape(-1, length).permute(1, 0)


def rel_pos_table(q_size: int, k_size: int, rel_pos: torch.Tensor) -> torch.Tensor:
    """The [q, k, C] table of the decomposed relative position bias (SAM get_rel_pos)."""
    resized = resize_rel_pos(rel_pos, int(2 * max(q_size, k_size) - 1))
    q_coords = torch.arange(q_size)[:, None] * max(k_size / q_size, 1.0)
    k_coords = torch.arange(k_size)[None, :] * max(q_size / k_size, 1.0)
    relative = (q_coords - k_coords) + (k_size - 1) * max(q_size / k_size, 1.0)
    return resized[relative.long()]


class SamAttention(nn.Module):
    def __init__(self, width: int, heads: int, rel_size: int):
        super().__init__()
        self.num_heads = heads
        head_dim = width // heads
        self.scale = head_dim ** -0.5
        self.qkv = nn.Linear(width, width * 3)
        self.proj = nn.Linear(width, width)
        self.rel_pos_h = nn.Parameter(torch.zeros(2 * rel_size - 1, head_dim))
        self.rel_pos_w = nn.Parameter(torch.zeros(2 * rel_size - 1, head_dim))
        self.baked_rh = None
        self.baked_rw = None

    def forward(self, x):
        b, h, w, _ = x.shape
        qkv = self.qkv(x).reshape(b, h * w, 3, self.num_heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.reshape(3, b * self.num_heads, h * w, -1).unbind(0)
        if self.baked_rh is not None:
            rh, rw = self.baked_rh, self.baked_rw
        else:
            rh = rel_pos_table(h, h, self.rel_pos_h)
            rw = rel_pos_table(w, w, self.rel_pos_w)
        dim = q.shape[-1]
        r_q = q.reshape(b * self.num_heads, h, w, dim)
        rel_h = torch.einsum("bhwc,hkc->bhwk", r_q, rh)
        rel_w = torch.einsum("bhwc,wkc->bhwk", r_q, rw)
        bias = (rel_h[:, :, :, :, None] + rel_w[:, :, :, None, :]).reshape(b * self.num_heads, h * w, h * w)
        # softmax(q k^T * scale + bias) v: the reference's SDPA with an additive mask
        attn = torch.softmax((q * self.scale) @ k.transpose(-2, -1) + bias, dim=-1)
        out = (attn @ v).reshape(b, self.num_heads, h, w, -1).permute(0, 2, 3, 1, 4).reshape(b, h, w, -1)
        return self.proj(out)


class SamBlock(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig, window: int):
        super().__init__()
        grid = cfg.sam_img_size // cfg.patch_size
        self.norm1 = nn.LayerNorm(cfg.sam_width, eps=1e-6)
        self.attn = SamAttention(cfg.sam_width, cfg.sam_heads, window if window > 0 else grid)
        self.norm2 = nn.LayerNorm(cfg.sam_width, eps=1e-6)
        self.mlp = SamMlp(cfg.sam_width, cfg.sam_width * 4)
        self.window = window

    def forward(self, x):
        shortcut = x
        x = self.norm1(x)
        if self.window > 0:
            h, w = x.shape[1], x.shape[2]
            x, padded = _window_partition(x, self.window)
        x = self.attn(x)
        if self.window > 0:
            x = _window_unpartition(x, self.window, padded, (h, w))
        x = shortcut + x
        return x + self.mlp(self.norm2(x))


def _window_partition(x, ws):
    b, h, w, c = x.shape
    pad_h = (ws - h % ws) % ws
    pad_w = (ws - w % ws) % ws
    if pad_h or pad_w:
        x = F.pad(x, (0, 0, 0, pad_w, 0, pad_h))
    hp, wp = h + pad_h, w + pad_w
    x = x.view(b, hp // ws, ws, wp // ws, ws, c)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, ws, ws, c), (hp, wp)


def _window_unpartition(windows, ws, padded, hw):
    hp, wp = padded
    h, w = hw
    b = windows.shape[0] // (hp * wp // ws // ws)
    x = windows.view(b, hp // ws, wp // ws, ws, ws, -1)
    x = x.permute(0, 1, 3, 2, 4, 5).contiguous().view(b, hp, wp, -1)
    return x[:, :h, :w, :].contiguous()


class SamEncoder(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        grid = cfg.sam_img_size // cfg.patch_size
        self.patch_embed = PatchEmbed(cfg.sam_width, cfg.patch_size)
        self.pos_embed = nn.Parameter(torch.zeros(1, grid, grid, cfg.sam_width))
        self.blocks = nn.ModuleList(
            SamBlock(cfg, 0 if i in cfg.sam_global_attn_indexes else cfg.sam_window) for i in range(cfg.sam_depth))
        self.neck = nn.Sequential(
            nn.Conv2d(cfg.sam_width, cfg.sam_out_chans, kernel_size=1, bias=False),
            LayerNorm2d(cfg.sam_out_chans),
            nn.Conv2d(cfg.sam_out_chans, cfg.sam_out_chans, kernel_size=3, padding=1, bias=False),
            LayerNorm2d(cfg.sam_out_chans),
        )
        c2, c3 = cfg.compressor_channels
        self.net_2 = nn.Conv2d(cfg.sam_out_chans, c2, kernel_size=3, stride=2, padding=1, bias=False)
        self.net_3 = nn.Conv2d(c2, c3, kernel_size=3, stride=2, padding=1, bias=False)
        self.baked_pos = None

    def abs_pos(self, grid: int) -> torch.Tensor:
        if self.baked_pos is not None:
            return self.baked_pos
        if self.pos_embed.shape[1] == grid:
            return self.pos_embed
        pos = F.interpolate(self.pos_embed.permute(0, 3, 1, 2).to(torch.float32), size=(grid, grid),
                            mode="bicubic", antialias=True, align_corners=False).to(self.pos_embed.dtype)
        return pos.permute(0, 2, 3, 1)

    def forward(self, x):
        x = self.patch_embed(x)
        x = x + self.abs_pos(x.shape[1])
        for blk in self.blocks:
            x = blk(x)
        x = self.neck(x.permute(0, 3, 1, 2))
        return self.net_3(self.net_2(x))


# ----------------------------------------------------------------------------------------- CLIP


class ClipEmbeddings(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        self.class_embedding = nn.Parameter(torch.zeros(cfg.clip_width))
        # unused (the SAM features replace it) but present in the checkpoint
        self.patch_embedding = nn.Conv2d(3, cfg.clip_width, kernel_size=cfg.clip_patch_size,
                                         stride=cfg.clip_patch_size, bias=False)
        positions = (cfg.clip_image_size // cfg.clip_patch_size) ** 2 + 1
        self.position_embedding = nn.Embedding(positions, cfg.clip_width)
        self.baked_pos = None

    def positions(self, tokens: int) -> torch.Tensor:
        """[tokens, C] position table for CLS + g*g patches (g*g = tokens - 1)."""
        if self.baked_pos is not None:
            return self.baked_pos
        table = self.position_embedding.weight
        src = int(math.sqrt(table.shape[0] - 1))
        tgt = int(math.sqrt(tokens))
        if src == tgt:
            return table
        dim = table.shape[-1]
        old = table[1:].view(1, src, src, dim).permute(0, 3, 1, 2).contiguous().to(torch.float32)
        new = F.interpolate(old, size=(tgt, tgt), mode="bicubic", antialias=True, align_corners=False).to(table.dtype)
        new = new.permute(0, 2, 3, 1).reshape(tgt * tgt, dim)
        return torch.cat([table[:1], new], dim=0)

    def forward(self, sam_features):
        patches = sam_features.flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(patches.shape[0], 1, -1)
        x = torch.cat([cls, patches], dim=1)
        return x + self.positions(x.shape[1])[None]


class ClipAttention(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv_proj = nn.Linear(width, width * 3)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x):
        b, t, c = x.shape
        qkv = self.qkv_proj(x).view(b, t, 3, self.heads, c // self.heads)
        q, k, v = (qkv[:, :, i].permute(0, 2, 1, 3) for i in range(3))
        scale = (c // self.heads) ** -0.5
        attn = torch.softmax((q * scale) @ k.transpose(-2, -1), dim=-1)
        return self.out_proj((attn @ v).permute(0, 2, 1, 3).reshape(b, t, c))


class ClipMlp(nn.Module):
    def __init__(self, width: int, ffn: int):
        super().__init__()
        self.fc1 = nn.Linear(width, ffn)
        self.fc2 = nn.Linear(ffn, width)

    def forward(self, x):
        h = self.fc1(x)
        return self.fc2(h * torch.sigmoid(1.702 * h))  # quick_gelu


class ClipBlock(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        self.self_attn = ClipAttention(cfg.clip_width, cfg.clip_heads)
        self.mlp = ClipMlp(cfg.clip_width, cfg.clip_ffn)
        self.layer_norm1 = nn.LayerNorm(cfg.clip_width, eps=1e-5)
        self.layer_norm2 = nn.LayerNorm(cfg.clip_width, eps=1e-5)

    def forward(self, x):
        h = x + self.self_attn(self.layer_norm1(x))
        return h + self.mlp(self.layer_norm2(h))


class ClipTransformer(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        self.layers = nn.ModuleList(ClipBlock(cfg) for _ in range(cfg.clip_layers))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class ClipVision(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        self.embeddings = ClipEmbeddings(cfg)
        self.transformer = ClipTransformer(cfg)
        self.pre_layrnorm = nn.LayerNorm(cfg.clip_width, eps=1e-5)

    def forward(self, sam_features):
        return self.transformer(self.pre_layrnorm(self.embeddings(sam_features)))


class Projector(nn.Module):
    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        self.layers = nn.Linear(cfg.clip_width + cfg.compressor_channels[1], cfg.projector_out)

    def forward(self, x):
        return self.layers(x)


class DeepEncoder(nn.Module):
    """The v1 vision side. ``forward(pixels)`` gives the projected tokens of each view [N, g*g, hidden]."""

    def __init__(self, cfg: DeepEncoderConfig):
        super().__init__()
        if cfg.compressor_channels[1] != cfg.clip_width:
            raise ValueError("net_3 output channels must equal the CLIP width")
        self.cfg = cfg
        self.sam_model = SamEncoder(cfg)
        self.vision_model = ClipVision(cfg)
        self.projector = Projector(cfg)
        self.image_newline = nn.Parameter(torch.zeros(cfg.projector_out))
        self.view_seperator = nn.Parameter(torch.zeros(cfg.projector_out))

    def forward(self, pixels):
        sam = self.sam_model(pixels)  # [N, C, g, g]
        clip = self.vision_model(sam)  # [N, 1 + g*g, C]
        features = torch.cat([clip[:, 1:], sam.flatten(2).permute(0, 2, 1)], dim=-1)
        return self.projector(features)

    @torch.no_grad()
    def bake(self, view_size: int):
        """Pre-computes the tables for one view size (for a static ONNX graph)."""
        grid = view_size // self.cfg.patch_size
        sam = self.sam_model
        sam.baked_pos = None
        sam.baked_pos = sam.abs_pos(grid).detach().clone()
        for blk in sam.blocks:
            size = blk.window if blk.window > 0 else grid
            blk.attn.baked_rh = rel_pos_table(size, size, blk.attn.rel_pos_h).detach().clone()
            blk.attn.baked_rw = rel_pos_table(size, size, blk.attn.rel_pos_w).detach().clone()
        out = grid // 4
        emb = self.vision_model.embeddings
        emb.baked_pos = None
        emb.baked_pos = emb.positions(out * out + 1).detach().clone()

    def unbake(self):
        self.sam_model.baked_pos = None
        self.vision_model.embeddings.baked_pos = None
        for blk in self.sam_model.blocks:
            blk.attn.baked_rh = blk.attn.baked_rw = None

    def assemble(self, global_tokens: torch.Tensor, tile_tokens: torch.Tensor | None, cols: int, rows: int):
        """The embedding rows that replace the <image> placeholders (spec §2.3): tiles stitched with a
        newline after each stitched row (if tiled), the global view with a newline after each row, the
        separator."""
        hidden = global_tokens.shape[-1]
        parts = []
        if tile_tokens is not None:
            t = int(math.isqrt(tile_tokens.shape[1]))
            local = tile_tokens.view(rows, cols, t, t, hidden).permute(0, 2, 1, 3, 4).reshape(rows * t, cols * t, hidden)
            local = torch.cat([local, self.image_newline[None, None, :].expand(rows * t, 1, hidden)], dim=1)
            parts.append(local.reshape(-1, hidden))
        g = int(math.isqrt(global_tokens.shape[1]))
        glob = global_tokens[0].view(g, g, hidden)
        glob = torch.cat([glob, self.image_newline[None, None, :].expand(g, 1, hidden)], dim=1)
        parts.append(glob.reshape(-1, hidden))
        parts.append(self.view_seperator[None, :])
        return torch.cat(parts, dim=0)
