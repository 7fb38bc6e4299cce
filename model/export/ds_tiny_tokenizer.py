"""A small byte-level BPE tokenizer.json for the tiny random-weight models.

Same kind of tokenizer as DeepSeek-OCR's (byte-level BPE, HF ``tokenizers`` format, a BOS-adding post
processor that encode-without-special-tokens must skip) with the DeepSeek-OCR special tokens under
their real names, so the engine looks every id up by name exactly as it does for the real
``tokenizer.json``; only the ids differ (they are written to manifest.json). Trained on a built-in
corpus, deterministic.
"""

from __future__ import annotations

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

BOS = "<｜begin▁of▁sentence｜>"
EOS = "<｜end▁of▁sentence｜>"
PAD = "<｜▁pad▁｜>"
# DeepSeek-OCR ids 128815..128826 (spec §2.1), appended in this order
OCR_SPECIALS = ["<image>", "<|ref|>", "<|/ref|>", "<|det|>", "<|/det|>", "<|grounding|>", "<td>", "</td>",
                "<tr>", "</tr>", "<|User|>", "<|Assistant|>"]

_CORPUS = """
# Annual Report 2024
## 1. Introduction
The committee met on 12 March 2024 to review the budget. Revenue grew by 12.5% to EUR 3,400,000.
<|ref|>title<|/ref|><|det|>[[330, 198, 559, 230]]<|/det|>
<|ref|>text<|/ref|><|det|>[[120, 250, 880, 400]]<|/det|>
<table><tr><td>Item</td><td>Quantity</td><td>Price</td></tr><tr><td>Paper</td><td>500</td><td>4.99</td></tr></table>
\\[ E = mc^2 \\quad \\frac{a}{b} + \\sqrt{x^2 + y^2} = \\sum_{i=1}^{n} x_i \\]
Convert the document to markdown. Free OCR. Parse the figure. Describe this image in detail.
Locate the title in the image. OCR this image.
- first item of the list
- second item, with a footnote[^1]
The quick brown fox jumps over the lazy dog. Lorem ipsum dolor sit amet, consectetur adipiscing elit.
深度求索 光学字符识别 文档 表格 图片 标题 正文 页码
Page 3 of 12 — footer text · © 2024 Example Corp.
![](images/0_0.jpg)
"""


def build(vocab_size: int = 480) -> Tokenizer:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[BOS, EOS, PAD], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator([line for line in _CORPUS.splitlines() if line] * 4, trainer=trainer)
    tok.add_special_tokens(OCR_SPECIALS)
    tok.post_processor = processors.TemplateProcessing(single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B",
                                                       special_tokens=[(BOS, tok.token_to_id(BOS))])
    return tok
