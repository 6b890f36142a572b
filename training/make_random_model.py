"""Random-weight BERT token classifiers of realistic size, for benchmarks.

    /usr/bin/python3 training/make_random_model.py --out bench/.models/small --preset small
    /usr/bin/python3 training/make_random_model.py --out bench/.models/base --preset base

Presets:
  small  the bundled model's architecture: 4 layers, 4 heads, hidden 256,
         intermediate 1024, 512 positions, ~8,000-token cased WordPiece vocabulary
  base   bert-base-cased sized: 12 layers, 12 heads, hidden 768, intermediate
         3072, 512 positions, ~30,000-token cased WordPiece vocabulary

The vocabulary is built from a Gutenberg corpus (text between the "*** START
OF" and "*** END OF" lines): the most frequent words, each in the form seen
and capitalised, plus every printable ASCII character and "##" pieces for
letters and digits. Real English text therefore tokenizes into real word
pieces with few [UNK]s, so sequence lengths and post-processing work look
like a trained model's. Weights are random (seeded; the classifier is biased
so that about 85% of tokens are O, as in news text), the graph is exported
with logits only (the engine adds attention outputs by graph edit), and the
tokenizer is cased. The labels are the 9 CoNLL-2003 tags.

Deterministic for a given corpus and torch/onnx version.
"""
import argparse
import collections
import os
import re
import shutil
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_model import BertConfig, BertForTokenClassification  # noqa: E402
from export_onnx import export  # noqa: E402
from tokenizer_files import BERT_SPECIALS, write_wordpiece  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
PRESETS = {
    # o_bias: the classifier's head start for "O", tuned so that ~85% of the tokens of English prose come out O.
    "small": dict(layers=4, heads=4, hidden=256, intermediate=1024, positions=512, vocab=8000, o_bias=1.5),
    "base": dict(layers=12, heads=12, hidden=768, intermediate=3072, positions=512, vocab=30000, o_bias=1.0),
}
DEFAULT_CORPUS = "/work/shared/data/text/gutenberg"
WORD = re.compile(r"[A-Za-z]+")


def gutenberg_body(text: str) -> str:
    """The book between the Project Gutenberg header and footer (the whole text when the markers are missing)."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("*** START OF")), -1)
    end = next((i for i, l in enumerate(lines) if l.startswith("*** END OF")), len(lines))
    return "\n".join(lines[start + 1:end])


def corpus_words(corpus: str) -> collections.Counter:
    files = [corpus] if os.path.isfile(corpus) else sorted(
        os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".txt"))
    if not files:
        raise SystemExit(f"no .txt files in {corpus}")
    counts: collections.Counter = collections.Counter()
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            counts.update(WORD.findall(gutenberg_body(fh.read())))
    return counts


def build_vocab(counts: collections.Counter, size: int):
    """BERT specials, ASCII characters, ## letter/digit pieces, then frequent words (as seen and capitalised)."""
    base = [chr(c) for c in range(33, 127)]
    pieces = ["##" + c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]
    seen, out = set(), []

    def add(t):
        if t not in seen:
            seen.add(t)
            out.append(t)

    for t in BERT_SPECIALS + base + pieces:
        add(t)
    # Fold case variants together so "The" and "the" rank as one word; ties alphabetically.
    folded: collections.Counter = collections.Counter()
    forms = collections.defaultdict(collections.Counter)
    for w, c in counts.items():
        folded[w.lower()] += c
        forms[w.lower()][w] += c
    for lw, _ in sorted(folded.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(out) >= size:
            break
        top = forms[lw].most_common(1)[0][0]
        for t in (top, lw, lw[:1].upper() + lw[1:]):
            if len(out) < size:
                add(t)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output folder (replaced)")
    p.add_argument("--preset", choices=sorted(PRESETS), default="small")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="a Gutenberg .txt file or a folder of them, for the vocabulary")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    spec = PRESETS[a.preset]
    t0 = time.time()

    tokens = build_vocab(corpus_words(a.corpus), spec["vocab"])
    cfg = BertConfig(vocab_size=len(tokens), hidden_size=spec["hidden"], num_hidden_layers=spec["layers"],
                     num_attention_heads=spec["heads"], intermediate_size=spec["intermediate"],
                     max_position_embeddings=spec["positions"], id2label=dict(enumerate(LABELS)))
    torch.manual_seed(a.seed)
    model = BertForTokenClassification(cfg)
    # Logits of about unit scale with a head start for "O": about 85% of tokens come out O and
    # the rest as entities of every type, roughly as in news text, so the post-processing
    # (aggregation into spans) does a realistic amount of work.
    model.classifier.weight.data.normal_(0.0, spec["hidden"] ** -0.5)
    model.classifier.bias.data.zero_()
    model.classifier.bias.data[LABELS.index("O")] = spec["o_bias"]
    model.eval()

    # Write into a temporary folder first, so that an interrupted run leaves no half model behind.
    tmp = a.out.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    write_wordpiece(tmp, tokens, lowercase=False, model_max_length=spec["positions"])
    path = export(model, tmp, ("logits",))
    shutil.rmtree(a.out, ignore_errors=True)
    os.replace(tmp, a.out)
    size = os.path.getsize(os.path.join(a.out, os.path.basename(path)))
    print(f"{a.out}: preset {a.preset}, {len(tokens)} tokens, {size / 2**20:.0f} MB, {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
