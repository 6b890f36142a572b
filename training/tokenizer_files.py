"""Writes tokenizer files in the Hugging Face layout without the Python
`tokenizers` package (not installable offline here): the JSON format is
plain data, loaded by the engine through the `tokenizers` npm package.
"""
import json
import os
from typing import Dict, List, Sequence, Tuple

BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _added(vocab: Dict[str, int], specials: Sequence[str]) -> List[dict]:
    return [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True} for t in specials]


def write_wordpiece(out_dir: str, tokens: Sequence[str], lowercase: bool, model_max_length: int) -> Dict[str, int]:
    """tokens: the vocabulary in id order, starting with BERT_SPECIALS."""
    assert list(tokens[:len(BERT_SPECIALS)]) == BERT_SPECIALS, "vocabulary must start with the BERT specials"
    vocab = {t: i for i, t in enumerate(tokens)}
    assert len(vocab) == len(tokens), "duplicate tokens in vocabulary"
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in tokens))
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": _added(vocab, BERT_SPECIALS),
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": lowercase},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizerFast", "do_lower_case": lowercase, "strip_accents": None,
                   "tokenize_chinese_chars": True, "model_max_length": model_max_length,
                   "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                   "mask_token": "[MASK]"}, f, indent=2)
    return vocab


def bytes_to_unicode() -> Dict[int, str]:
    """GPT-2's reversible byte -> printable character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def write_byte_bpe(out_dir: str, words: Sequence[str], model_max_length: int) -> Dict[str, int]:
    """A byte-level BPE (RoBERTa) tokenizer whose merges spell out `words` (each
    also with the leading-space marker), on top of the 256 byte symbols."""
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    vocab: Dict[str, int] = {t: i for i, t in enumerate(specials)}
    for ch in bytes_to_unicode().values():
        vocab.setdefault(ch, len(vocab))
    merges: List[Tuple[str, str]] = []
    table = bytes_to_unicode()
    def merge(a: str, b: str):
        if a + b not in vocab:
            merges.append((a, b))
            vocab[a + b] = len(vocab)

    spelled = []
    for w in words:
        symbols = [table[b] for b in w.encode("utf-8")]
        cur = symbols[0]
        for s in symbols[1:]:
            merge(cur, s)
            cur = cur + s
        spelled.append(cur)
    # Word-initial forms last, so that " the" becomes "Ġ" + "the" -> "Ġthe".
    for w in spelled:
        merge(table[ord(" ")], w)
    os.makedirs(out_dir, exist_ok=True)
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": _added(vocab, specials),
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
                           "trim_offsets": True, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "RobertaTokenizerFast", "model_max_length": model_max_length,
                   "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                   "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"}, f, indent=2)
    return vocab
