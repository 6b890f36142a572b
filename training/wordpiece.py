"""A pure-Python BERT WordPiece tokenizer (cased) that tokenizes exactly like
the Hugging Face `tokenizers` pipeline the engine runs (BertNormalizer with
clean_text and handle_chinese_chars, no lowercasing or accent stripping;
BertPreTokenizer; WordPiece, greedy longest match, `##` continuation,
max 100 characters a word), plus the vocabulary trainer.

The engine's tests run `python3 training/wordpiece.py encode VOCAB` on
thousands of corpus sentences and compare ids with the engine: a mismatch
would silently ruin training.

    python3 training/wordpiece.py encode models/bert-lens-ner/vocab.txt < lines.jsonl
"""
import heapq
import json
import sys
import unicodedata
from collections import Counter
from typing import Dict, Iterable, List, Sequence, Tuple

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_CHARS_PER_WORD = 100

_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
        (0x2B920, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _is_cjk(cp: int) -> bool:
    return any(a <= cp <= b for a, b in _CJK)


def _is_whitespace(c: str) -> bool:
    # Rust's char::is_whitespace (White_Space) on what clean_text leaves: the
    # other White_Space characters (VT, FF, NEL) are controls, already removed.
    return c in "\t\n\r" or unicodedata.category(c) in ("Zs", "Zl", "Zp")


def _is_control(c: str) -> bool:
    # tokenizers' is_other(): Cc, Cf, Co, Cs (unassigned characters are kept).
    return c not in "\t\n\r" and unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs")


def _is_punctuation(c: str) -> bool:
    return (c.isascii() and not c.isalnum() and c.isprintable() and c != " ") or unicodedata.category(c).startswith("P")


def normalize(text: str) -> str:
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or _is_control(c):
            continue
        if _is_whitespace(c):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(" " + c + " ")
        else:
            out.append(c)
    return "".join(out)


def pre_tokenize(text: str) -> List[str]:
    """Words of normalised text: whitespace splits, punctuation stands alone."""
    words: List[str] = []
    cur: List[str] = []
    for c in text:
        if _is_whitespace(c):
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punctuation(c):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(c)
        else:
            cur.append(c)
    if cur:
        words.append("".join(cur))
    return words


class WordPiece:
    def __init__(self, vocab: Sequence[str]):
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self.pad = self.vocab["[PAD]"]
        self.mask = self.vocab["[MASK]"]

    @staticmethod
    def from_file(path: str) -> "WordPiece":
        with open(path, encoding="utf-8") as f:
            return WordPiece([line.rstrip("\n") for line in f])

    def word_ids(self, word: str) -> List[int]:
        if len(word) > MAX_CHARS_PER_WORD:
            return [self.unk]
        ids = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str) -> List[int]:
        """Content ids of a text, no special tokens (as the engine's encode)."""
        return [i for w in pre_tokenize(normalize(text)) for i in self.word_ids(w)]


def train_vocab(texts: Iterable[str], size: int, min_frequency: int = 2, alphabet_min: int = 20) -> List[str]:
    """Learns a WordPiece vocabulary by byte-pair-style merges (as Hugging Face's
    WordPieceTrainer): start from characters, word-initial ones bare and the
    rest with `##`, and repeatedly merge the most frequent adjacent pair.
    Deterministic: ties go to the lexicographically smaller pair."""
    counts: Counter = Counter()
    for t in texts:
        counts.update(pre_tokenize(normalize(t)))
    chars: Counter = Counter()
    for w, n in counts.items():
        for c in w:
            chars[c] += n
    alphabet = sorted(c for c, n in chars.items() if n >= alphabet_min)
    allowed = set(alphabet)
    vocab: List[str] = list(SPECIALS) + alphabet + ["##" + c for c in alphabet]
    known = set(vocab)

    words: List[List[str]] = []
    freqs: List[int] = []
    for w, n in sorted(counts.items()):
        if n < min_frequency or len(w) > MAX_CHARS_PER_WORD or any(c not in allowed for c in w):
            continue
        words.append([w[0]] + ["##" + c for c in w[1:]])
        freqs.append(n)

    pair_count: Counter = Counter()
    where: Dict[Tuple[str, str], set] = {}
    for i, syms in enumerate(words):
        for a, b in zip(syms, syms[1:]):
            pair_count[(a, b)] += freqs[i]
            where.setdefault((a, b), set()).add(i)
    heap = [(-n, p) for p, n in pair_count.items()]
    heapq.heapify(heap)

    def merged(a: str, b: str) -> str:
        return a + b[2:]

    while len(vocab) < size and heap:
        neg, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -neg or -neg <= 0:
            continue  # stale entry
        new = merged(*pair)
        if new not in known:
            vocab.append(new)
            known.add(new)
        changed: Counter = Counter()
        for i in sorted(where.pop(pair, ())):
            syms = words[i]
            n = freqs[i]
            j = 0
            out: List[str] = []
            # Remove this word's pairs, merge, add its new pairs.
            for a, b in zip(syms, syms[1:]):
                pair_count[(a, b)] -= n
                changed[(a, b)] += 0
            while j < len(syms):
                if j + 1 < len(syms) and syms[j] == pair[0] and syms[j + 1] == pair[1]:
                    out.append(new)
                    j += 2
                else:
                    out.append(syms[j])
                    j += 1
            words[i] = out
            for a, b in zip(out, out[1:]):
                pair_count[(a, b)] += n
                where.setdefault((a, b), set()).add(i)
                changed[(a, b)] += 0
        pair_count.pop(pair, None)
        for p in changed:
            n = pair_count.get(p, 0)
            if n > 0:
                heapq.heappush(heap, (-n, p))
            else:
                pair_count.pop(p, None)
    return vocab


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "encode":
        wp = WordPiece.from_file(sys.argv[2])
        for line in sys.stdin:
            print(json.dumps(wp.encode(json.loads(line))))
        return
    print(__doc__)
    sys.exit(2)


if __name__ == "__main__":
    main()
