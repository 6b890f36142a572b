"""Whole-word pieces for names, chosen with GloVe.

A 10,000-piece WordPiece vocabulary splits three quarters of the names in
Wikipedia text into several pieces, and GloVe's knowledge of a name (that
"merkel" sits among politicians, "seattle" among cities) only reaches the
model through whole-word pieces. So the vocabulary gets, on top of its learnt
pieces, the capitalised form of the most frequent GloVe words that look like
names:

1. edited prose (Wikigold and SEC training text, books, speeches) says which
   words are names (capitalised inside sentences more often than not), and
   the annotated entities of every training corpus add theirs;
2. a logistic regression on the GloVe vectors of those words, against words
   the prose writes in lower case, scores every GloVe word, so names our
   texts never mention ("microsoft", "merkel") are found too;
3. the `count` most frequent GloVe words scored as names (and not mostly
   lower case in the prose), capitalised, join the vocabulary, each
   initialised with its GloVe vector.
"""
import re
from collections import Counter
from typing import Iterable, List, Set

import numpy as np

WORD = re.compile(r"[A-Za-z]+")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"'()\[\]]\s*)$")
GLOVE_SCAN = 200_000  # how deep into GloVe's frequency order names are looked for
STEPS = 2000
LEARNING_RATE = 2.0


def case_counts(texts: Iterable[str]):
    """(capitalised inside a sentence, lower case) counts per lowercased word."""
    cap: Counter = Counter()
    low: Counter = Counter()
    for t in texts:
        for m in WORD.finditer(t):
            w = m.group()
            if w.islower():
                low[w] += 1
            elif w[0].isupper() and w[1:].islower() and len(w) > 1 and not SENTENCE_START.search(t[max(0, m.start() - 3): m.start()]):
                cap[w.lower()] += 1
    return cap, low


def name_words(prose: Iterable[str], entity_words: Set[str], words: List[str], vectors: np.ndarray, count: int,
               exclude: Set[str]) -> List[str]:
    """The capitalised forms of the `count` most frequent GloVe words (in
    `words` order, with `vectors`) that a GloVe-vector classifier scores as
    names; none of `exclude`, and none that the edited `prose` mostly writes
    in lower case. The classifier learns names from the words `prose`
    capitalises inside sentences and from `entity_words` (lowercased tokens
    of annotated entities), against words `prose` writes in lower case."""
    cap, low = case_counts(prose)
    index = {w: i for i, w in enumerate(words)}
    pos = sorted({w for w, n in cap.items() if n >= 3 and n > 2 * low[w]} | entity_words)
    pos = [w for w in pos if w in index]
    positive = set(pos)
    neg = sorted(w for w, n in low.items() if n >= 3 and n > 4 * cap[w] and w in index and w not in positive)
    x = vectors[[index[w] for w in pos + neg]].astype(np.float64)
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    mean, std = x.mean(0), x.std(0) + 1e-6
    x = (x - mean) / std
    # Balanced logistic regression by plain gradient descent: deterministic, no extra packages.
    weight = np.where(y == 1, 0.5 / len(pos), 0.5 / len(neg))
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = weight * (p - y)
        w -= LEARNING_RATE * (x.T @ g + 1e-4 * w)
        b -= LEARNING_RATE * g.sum()
    scan = min(GLOVE_SCAN, len(words))
    score = ((vectors[:scan].astype(np.float64) - mean) / std) @ w + b
    out: List[str] = []
    for i in np.nonzero(score > 0)[0]:
        piece = words[i].capitalize()
        if piece not in exclude and low[words[i]] <= cap[words[i]]:
            out.append(piece)
            if len(out) == count:
                break
    return out
