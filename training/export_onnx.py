"""Export a `BertForTokenClassification` (training/bert_model.py) to a Hugging
Face style folder: model.onnx, config.json, and optionally reference outputs.

    /usr/bin/python3 training/export_onnx.py --help

The ONNX graph has dynamic batch and sequence axes, opset 14, inputs
`input_ids`, `attention_mask` (+ `token_type_ids` for BERT) and outputs
`logits`, optionally `attentions` [batch, layers, heads, seq, seq] and
`hidden_states` [batch, layers + 1, seq, hidden].
"""
import json
import os
from typing import Dict, List, Optional, Sequence

import torch

from bert_model import BertForTokenClassification

OPSET = 14


def input_names(model: BertForTokenClassification) -> List[str]:
    names = ["input_ids", "attention_mask"]
    if model.cfg.model_type == "bert":
        names.append("token_type_ids")
    return names


def export(model: BertForTokenClassification, out_dir: str, outputs: Sequence[str] = ("logits", "attentions"),
           file_name: str = "model.onnx", float16: bool = False) -> str:
    """Writes out_dir/file_name and out_dir/config.json; returns the model path.
    `float16` stores the weight matrices in half precision (see store_float16)."""
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    names = input_names(model)
    ids = torch.full((1, 8), 5, dtype=torch.long)
    args = [ids, torch.ones_like(ids)] + ([torch.zeros_like(ids)] if "token_type_ids" in names else [])
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["logits"] = {0: "batch", 1: "sequence"}
    axes["attentions"] = {0: "batch", 3: "sequence", 4: "sequence"}
    axes["hidden_states"] = {0: "batch", 2: "sequence"}
    path = os.path.join(out_dir, file_name)
    model.outputs = tuple(outputs)
    with torch.no_grad():
        torch.onnx.export(
            model, tuple(args), path,
            input_names=names, output_names=list(outputs),
            dynamic_axes={k: v for k, v in axes.items() if k in names or k in outputs},
            opset_version=OPSET, do_constant_folding=True,
        )
    model.outputs = model.ALL_OUTPUTS
    if float16:
        store_float16(path)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(model.cfg.to_hf_json(), f, indent=2)
    return path


def store_float16(path: str, min_elements: int = 1024) -> None:
    """Rewrites the ONNX file at `path` with its weight matrices stored as
    float16, each followed by a Cast back to float32 (ONNX Runtime folds the
    casts when it loads the model: it computes in float32, the file is half
    the size). Initializer names stay as exported, so the position and word
    embedding tables are still found by name."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load(path)
    g = m.graph
    casts = []
    renamed = {}
    for init in g.initializer:
        if init.data_type != TensorProto.FLOAT or int(np.prod(init.dims)) < min_elements:
            continue
        half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name)
        init.CopyFrom(half)
        renamed[init.name] = init.name + "/float32"
        casts.append(helper.make_node("Cast", [init.name], [renamed[init.name]], to=TensorProto.FLOAT,
                                      name=init.name + "/Cast"))
    for node in g.node:
        for i, name in enumerate(node.input):
            if name in renamed:
                node.input[i] = renamed[name]
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path)


def reference_outputs(model: BertForTokenClassification, batches: List[Dict[str, List[List[int]]]]) -> List[dict]:
    """Runs PyTorch on the given id batches; the engine's tests compare against these."""
    model.eval()
    out = []
    with torch.no_grad():
        for b in batches:
            ids = torch.tensor(b["input_ids"], dtype=torch.long)
            mask = torch.tensor(b["attention_mask"], dtype=torch.long)
            logits, attentions, _ = model(ids, mask)  # outputs is ALL_OUTPUTS outside export()
            out.append({
                "input_ids": b["input_ids"],
                "attention_mask": b["attention_mask"],
                "logits_shape": list(logits.shape),
                "logits": [round(v, 7) for v in logits.flatten().tolist()],
                "attentions_shape": list(attentions.shape),
                "attentions": [round(v, 7) for v in attentions.flatten().tolist()],
            })
    return out


def main():
    import argparse
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="a torch.save'd dict with 'config' (BertConfig fields) and 'state_dict'")
    p.add_argument("out_dir")
    p.add_argument("--outputs", default="logits,attentions", help="comma list of logits, attentions, hidden_states")
    a = p.parse_args()
    from bert_model import BertConfig
    ck = torch.load(a.checkpoint)
    cfg = BertConfig(**ck["config"])
    m = BertForTokenClassification(cfg)
    m.load_state_dict(ck["state_dict"])
    print(export(m, a.out_dir, a.outputs.split(",")))


if __name__ == "__main__":
    main()
