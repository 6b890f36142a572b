"""Regenerates the random-weight test fixtures in test/fixtures/ (see its README).

    /usr/bin/python3 training/make_fixtures.py test/fixtures

Deterministic: seeded, and every file is written in a fixed order, so a rerun
with the same torch/onnx versions reproduces the same bytes.
"""
import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_model import BertConfig, BertForTokenClassification  # noqa: E402
from export_onnx import export, reference_outputs  # noqa: E402
from tokenizer_files import BERT_SPECIALS, write_byte_bpe, write_wordpiece  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
WORDS = ("the of and in to is was at for on with by from a an hello world john smith mary paris london new york "
         "city apple google university president obama barack said visited cafe works berlin germany france "
         "microsoft company river street").split()
CJK = list("中国人日本東京")
SUFFIXES = ["##ing", "##ed", "##s", "##er", "##ly", "##ment", "##ion"]
HIDDEN, LAYERS, HEADS, MAX_POS = 32, 2, 2, 64


def wordpiece_vocab():
    chars = [chr(c) for c in range(33, 127) if not chr(c).isupper()]
    pieces = ["##" + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    seen, out = set(), []
    for t in BERT_SPECIALS + chars + pieces + SUFFIXES + WORDS + CJK:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def make_model(cfg: BertConfig, seed: int) -> BertForTokenClassification:
    torch.manual_seed(seed)
    m = BertForTokenClassification(cfg)
    # Random but decisive predictions, so that tests see entities and varied scores.
    m.classifier.weight.data.normal_(0.0, 1.0)
    return m.eval()


def reference_batches(vocab_size: int, pad: int, first: int, cls: int, sep: int, seed: int):
    g = np.random.RandomState(seed)
    def seq(n):
        return [cls] + [int(x) for x in g.randint(first, vocab_size, n - 2)] + [sep]
    a, b = seq(20), seq(13)
    return [
        {"input_ids": [seq(12)], "attention_mask": [[1] * 12]},
        {"input_ids": [a, b + [pad] * 7], "attention_mask": [[1] * 20, [1] * 13 + [0] * 7]},
    ]


def write_reference(model, out_dir, batches):
    """PyTorch outputs for `batches`, plus the embedding tables the engine reads from the .onnx file."""
    emb = model.base.embeddings
    ref = {
        "batches": reference_outputs(model, batches),
        "position_embeddings": {
            "dims": list(emb.position_embeddings.weight.shape),
            "data": [round(v, 8) for v in emb.position_embeddings.weight.detach().flatten().tolist()],
        },
        "word_embedding_rows": {str(i): [round(v, 8) for v in emb.word_embeddings.weight[i].tolist()] for i in (0, 5, 10)},
    }
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(ref, f)


def fused_attention_model(src: BertForTokenClassification, path: str):
    """A graph with com.microsoft:Attention (what ORT's transformers optimizer
    produces): one fused layer, so there is no Softmax to expose."""
    w = {k: v.detach().numpy() for k, v in src.state_dict().items()}
    p = "bert.encoder.layer.0.attention.self."
    qkv_w = np.concatenate([w[p + n + ".weight"].T for n in ("query", "key", "value")], axis=1)
    qkv_b = np.concatenate([w[p + n + ".bias"] for n in ("query", "key", "value")])
    inits = [
        numpy_helper.from_array(w["bert.embeddings.word_embeddings.weight"], "bert.embeddings.word_embeddings.weight"),
        numpy_helper.from_array(w["bert.embeddings.position_embeddings.weight"], "bert.embeddings.position_embeddings.weight"),
        numpy_helper.from_array(qkv_w.astype(np.float32), "qkv_weight"),
        numpy_helper.from_array(qkv_b.astype(np.float32), "qkv_bias"),
        numpy_helper.from_array(w["classifier.weight"].T.copy(), "classifier_weight"),
        numpy_helper.from_array(w["classifier.bias"], "classifier_bias"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "one_idx"),
        numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
    ]
    nodes = [
        helper.make_node("Gather", ["bert.embeddings.word_embeddings.weight", "input_ids"], ["words"]),
        helper.make_node("Shape", ["input_ids"], ["shape"]),
        helper.make_node("Gather", ["shape", "one_idx"], ["seq_1"]),
        helper.make_node("Squeeze", ["seq_1"], ["seq"]),
        helper.make_node("Range", ["zero", "seq", "one"], ["positions"]),
        helper.make_node("Gather", ["bert.embeddings.position_embeddings.weight", "positions"], ["pos"]),
        helper.make_node("Add", ["words", "pos"], ["emb"]),
        helper.make_node("Cast", ["attention_mask"], ["mask32"], to=TensorProto.INT32),
        helper.make_node("Attention", ["emb", "qkv_weight", "qkv_bias", "mask32"], ["attn"],
                         domain="com.microsoft", num_heads=src.cfg.num_attention_heads),
        helper.make_node("MatMul", ["attn", "classifier_weight"], ["proj"]),
        helper.make_node("Add", ["proj", "classifier_bias"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "fused_attention",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", len(LABELS)])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14), helper.make_opsetid("com.microsoft", 1)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def sentence_classifier(src_path: str, path: str):
    """A valid ONNX model that is not a token classifier: the token graph's
    logits at [CLS] only, [batch, labels], as a sequence classifier outputs."""
    m = onnx.load(src_path)
    for node in m.graph.node:
        node.output[:] = ["token_logits" if o == "logits" else o for o in node.output]
    m.graph.initializer.append(numpy_helper.from_array(np.array(0, dtype=np.int64), "cls_index"))
    m.graph.node.append(helper.make_node("Gather", ["token_logits", "cls_index"], ["logits"], axis=1))
    del m.graph.output[:]
    m.graph.output.append(helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", len(LABELS)]))
    onnx.checker.check_model(m)
    onnx.save(m, path)


FIXTURES = ("tiny-bert", "tiny-bert-logits-only", "tiny-bert-external", "tiny-bert-fused", "tiny-bert-seqcls", "tiny-roberta")


def main(root: str):
    # Start clean: onnx appends to an existing external data file instead of replacing it.
    for name in FIXTURES:
        shutil.rmtree(os.path.join(root, name), ignore_errors=True)
    id2label = dict(enumerate(LABELS))
    tokens = wordpiece_vocab()

    # tiny-bert: logits + attentions + hidden states exported natively.
    cfg = BertConfig(vocab_size=len(tokens), hidden_size=HIDDEN, num_hidden_layers=LAYERS,
                     num_attention_heads=HEADS, intermediate_size=2 * HIDDEN, max_position_embeddings=MAX_POS,
                     id2label=id2label)
    bert = make_model(cfg, seed=1)
    d = os.path.join(root, "tiny-bert")
    write_wordpiece(d, tokens, lowercase=True, model_max_length=MAX_POS)
    export(bert, d, ("logits", "attentions", "hidden_states"))
    batches = reference_batches(len(tokens), 0, len(BERT_SPECIALS), tokens.index("[CLS]"), tokens.index("[SEP]"), 7)
    write_reference(bert, d, batches)

    # tiny-bert-logits-only: the same weights, logits only (the engine must edit the graph).
    d2 = os.path.join(root, "tiny-bert-logits-only")
    write_wordpiece(d2, tokens, lowercase=True, model_max_length=MAX_POS)
    export(bert, d2, ("logits",))
    write_reference(bert, d2, batches)

    # tiny-bert-external: the logits-only graph with its weights in an external data file.
    d3 = os.path.join(root, "tiny-bert-external")
    write_wordpiece(d3, tokens, lowercase=True, model_max_length=MAX_POS)
    shutil.copy(os.path.join(d2, "config.json"), d3)
    m = onnx.load(os.path.join(d2, "model.onnx"))
    onnx.save_model(m, os.path.join(d3, "model.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="model.onnx_data", size_threshold=1024)
    write_reference(bert, d3, batches)

    # tiny-bert-fused: com.microsoft:Attention, no Softmax to expose.
    d4 = os.path.join(root, "tiny-bert-fused")
    write_wordpiece(d4, tokens, lowercase=True, model_max_length=MAX_POS)
    shutil.copy(os.path.join(d2, "config.json"), d4)
    fused_attention_model(bert, os.path.join(d4, "model.onnx"))

    # tiny-bert-seqcls: valid ONNX, but one label row per sentence instead of per token.
    d6 = os.path.join(root, "tiny-bert-seqcls")
    write_wordpiece(d6, tokens, lowercase=True, model_max_length=MAX_POS)
    shutil.copy(os.path.join(d2, "config.json"), d6)
    sentence_classifier(os.path.join(d2, "model.onnx"), os.path.join(d6, "model.onnx"))

    # tiny-roberta: byte-level BPE, positions from padding_idx + 1, no token types.
    d5 = os.path.join(root, "tiny-roberta")
    vocab = write_byte_bpe(d5, WORDS, model_max_length=MAX_POS)
    rcfg = BertConfig(vocab_size=len(vocab), hidden_size=HIDDEN, num_hidden_layers=LAYERS,
                      num_attention_heads=HEADS, intermediate_size=2 * HIDDEN, max_position_embeddings=MAX_POS + 2,
                      type_vocab_size=1, pad_token_id=1, model_type="roberta", layer_norm_eps=1e-5, id2label=id2label)
    roberta = make_model(rcfg, seed=2)
    export(roberta, d5, ("logits", "attentions"))
    write_reference(roberta, d5, reference_batches(len(vocab), 1, 5, 0, 2, 8))

    for name in sorted(os.listdir(root)):
        p = os.path.join(root, name)
        if os.path.isdir(p):
            size = sum(os.path.getsize(os.path.join(p, f)) for f in os.listdir(p))
            print(f"{name}: {size / 1024:.0f} KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures")
