"""The shared NER corpora, normalised to one tag set, with fixed splits.

Tag set: O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC (IOB2).

| corpus | source tags | mapping | MISC |
|---|---|---|---|
| wikigold | IO PER LOC ORG MISC | IO -> IOB2 | annotated |
| SEC filings | IO PER LOC ORG MISC | IO -> IOB2 | annotated |
| BTC | BIO PER LOC ORG | as is | not annotated: O may be MISC |
| WNUT-17 | BIO person location corporation group creative-work product | person->PER, location->LOC, corporation/group->ORG, creative-work/product->MISC | partly: its O covers nationalities, events... |

Where a corpus does not annotate MISC, an `O` token is "O or MISC": the
training loss accepts either (partial labels), so those corpora never teach
that a nationality or an event is not MISC.

Held out (never trained on): WNUT-17 test, SEC FIN3, BTC section h, and the
wikigold documents from WIKIGOLD_TEST_DOC on (about the last 20%). Model
selection uses WNUT-17 dev and wikigold documents WIKIGOLD_DEV_DOC to
WIKIGOLD_TEST_DOC.
"""
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
LABEL_ID = {l: i for i, l in enumerate(LABELS)}

WIKIGOLD_DOCS = 145
WIKIGOLD_DEV_DOC = 101
WIKIGOLD_TEST_DOC = 116
BTC_TEST_SECTIONS = ("h",)
BTC_TRAIN_SECTIONS = ("a", "b", "e", "f", "g")

WNUT_TYPES = {"person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG",
              "creative-work": "MISC", "product": "MISC"}

TAG_RE = re.compile(r"^(O|[BIESLU]-.+)$")


@dataclass
class Sentence:
    tokens: List[str]
    tags: List[str]  # IOB2 over LABELS
    corpus: str
    misc_annotated: bool
    doc: int = 0


@dataclass
class Split:
    train: List[Sentence] = field(default_factory=list)
    dev: List[Sentence] = field(default_factory=list)
    test: Dict[str, List[Sentence]] = field(default_factory=dict)


def read_conll(path: str) -> List[Tuple[List[str], List[str], int]]:
    """(tokens, tags, document index) per sentence. The same rules as the
    engine's reader (src/eval/conll.ts): token first, tag last, blank lines and
    -DOCSTART- end sentences; a line whose last column is not a tag is skipped
    as a comment."""
    out = []
    tokens: List[str] = []
    tags: List[str] = []
    doc = 0
    with open(path, encoding="utf-8-sig") as f:
        for raw in f:
            cols = raw.split()
            if not cols or cols[0] == "-DOCSTART-":
                if tokens:
                    out.append((tokens, tags, doc))
                    tokens, tags = [], []
                if cols and cols[0] == "-DOCSTART-":
                    doc += 1
                continue
            if len(cols) < 2 or not TAG_RE.match(cols[-1]):
                continue
            tokens.append(cols[0])
            tags.append(cols[-1])
    if tokens:
        out.append((tokens, tags, doc))
    return out


def to_iob2(tags: Sequence[str], type_map: Optional[Dict[str, str]] = None) -> List[str]:
    """IO/BIO tags (any type names) to IOB2 over LABELS; unmapped types become O."""
    out = []
    prev = "O"
    for t in tags:
        if t == "O":
            out.append("O")
            prev = "O"
            continue
        prefix, typ = t.split("-", 1)
        typ = type_map.get(typ, "O") if type_map is not None else typ
        if typ == "O":
            out.append("O")
            prev = "O"
            continue
        if prefix == "B" or prev != typ:
            out.append("B-" + typ)
        else:
            out.append("I-" + typ)
        prev = typ
    return out


def _sentences(path: str, corpus: str, misc: bool, type_map=None) -> List[Sentence]:
    return [Sentence(tok, to_iob2(tags, type_map), corpus, misc, doc) for tok, tags, doc in read_conll(path)]


def load(data_dir: str) -> Split:
    """data_dir: the shared data folder (the one holding ner/ and text/)."""
    ner = os.path.join(data_dir, "ner")
    s = Split()
    wiki = _sentences(os.path.join(ner, "wikigold", "wikigold.conll.txt"), "wikigold", True)
    # Documents are counted from 1 at each -DOCSTART-.
    s.train += [x for x in wiki if x.doc <= WIKIGOLD_DEV_DOC]
    s.dev += [x for x in wiki if WIKIGOLD_DEV_DOC < x.doc <= WIKIGOLD_TEST_DOC]
    s.test["wikigold"] = [x for x in wiki if x.doc > WIKIGOLD_TEST_DOC]

    s.train += _sentences(os.path.join(ner, "sec-filings", "FIN5.txt"), "sec", True)
    s.test["sec"] = _sentences(os.path.join(ner, "sec-filings", "FIN3.txt"), "sec", True)

    for sec in BTC_TRAIN_SECTIONS:
        s.train += _sentences(os.path.join(ner, "btc", f"{sec}.conll"), "btc", False)
    s.test["btc"] = [x for sec in BTC_TEST_SECTIONS for x in _sentences(os.path.join(ner, "btc", f"{sec}.conll"), "btc", False)]

    w = os.path.join(ner, "wnut17")
    s.train += _sentences(os.path.join(w, "wnut17train.conll"), "wnut17", False, WNUT_TYPES)
    s.dev += _sentences(os.path.join(w, "emerging.dev.conll"), "wnut17", False, WNUT_TYPES)
    s.test["wnut17"] = _sentences(os.path.join(w, "emerging.test.annotated"), "wnut17", False, WNUT_TYPES)
    return s


def wikigold_test_first_sentence(data_dir: str) -> int:
    """Index (0-based, in file order) of the first held-out wikigold sentence, for
    `bert-lens eval --sentences N:`."""
    wiki = read_conll(os.path.join(data_dir, "ner", "wikigold", "wikigold.conll.txt"))
    return next(i for i, (_, _, doc) in enumerate(wiki) if doc > WIKIGOLD_TEST_DOC)


def chunks(tags: Sequence[str]) -> List[Tuple[str, int, int]]:
    """Entities of an IOB2 sequence as (type, start, end)."""
    out = []
    start, typ = None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != typ):
            if typ is not None:
                out.append((typ, start, i))
            start, typ = (i, t[2:]) if t != "O" else (None, None)
    return out


def entity_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], types=("PER", "LOC", "ORG")) -> float:
    """Micro entity F1 over `types` (CoNLL rules), for model selection."""
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred):
        gs = {c for c in chunks(g) if c[0] in types}
        ps = {c for c in chunks(p) if c[0] in types}
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    return 0.0 if n_gold + n_pred == 0 else 2 * tp / (n_gold + n_pred)


def gutenberg_text(data_dir: str) -> List[str]:
    """Paragraphs of the public-domain books, Project Gutenberg header and footer stripped."""
    root = os.path.join(data_dir, "text", "gutenberg")
    paragraphs = []
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        start = re.search(r"^\*\*\* ?START OF.*$", text, re.M)
        end = re.search(r"^\*\*\* ?END OF.*$", text, re.M)
        body = text[start.end() if start else 0: end.start() if end else len(text)]
        for p in re.split(r"\n\s*\n", body):
            p = " ".join(p.split())
            if len(p) > 40:
                paragraphs.append(p)
    return paragraphs
