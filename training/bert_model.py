"""A BERT (and RoBERTa-style) token classifier whose parameter names mirror
Hugging Face `BertForTokenClassification` / `RobertaForTokenClassification`.

Mirroring the names matters: exported ONNX initializers and node scopes then
look exactly like a Hugging Face export (`bert.embeddings.position_embeddings.weight`,
`/bert/encoder/layer.0/attention/self/Softmax`), so the engine is tested on
the same shapes of graph that users bring.

Post-LN encoder, GELU (erf form), learned absolute position embeddings and
token-type embeddings, as in the original BERT.
"""
import math
from dataclasses import dataclass, field, asdict
from typing import Dict, List, Optional

import torch
from torch import nn


@dataclass
class BertConfig:
    vocab_size: int
    hidden_size: int = 256
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 1024
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    pad_token_id: int = 0
    model_type: str = "bert"
    id2label: Dict[int, str] = field(default_factory=dict)

    @property
    def position_offset(self) -> int:
        """RoBERTa numbers positions from padding_idx + 1; BERT from 0."""
        return self.pad_token_id + 1 if self.model_type in ("roberta", "xlm-roberta") else 0

    def to_hf_json(self) -> dict:
        d = asdict(self)
        d["id2label"] = {str(k): v for k, v in self.id2label.items()}
        d["label2id"] = {v: int(k) for k, v in self.id2label.items()}
        d["architectures"] = [
            "RobertaForTokenClassification" if self.model_type == "roberta" else "BertForTokenClassification"
        ]
        d["hidden_act"] = "gelu"
        d["position_embedding_type"] = "absolute"
        return d


class Embeddings(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.cfg = cfg
        pad = cfg.pad_token_id if cfg.model_type == "roberta" else None
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size, padding_idx=pad)
        self.position_embeddings = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size, padding_idx=pad)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab_size, cfg.hidden_size)
        self.LayerNorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.dropout = nn.Dropout(cfg.hidden_dropout_prob)

    def position_ids(self, input_ids: torch.Tensor) -> torch.Tensor:
        if self.cfg.model_type == "roberta":
            # As Hugging Face: padding keeps padding_idx, real tokens count from padding_idx + 1.
            mask = input_ids.ne(self.cfg.pad_token_id).int()
            return (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + self.cfg.pad_token_id
        seq = input_ids.shape[1]
        return torch.arange(seq, dtype=torch.long, device=input_ids.device).unsqueeze(0)

    def forward(self, input_ids, token_type_ids):
        x = self.word_embeddings(input_ids)
        x = x + self.position_embeddings(self.position_ids(input_ids))
        x = x + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.heads = cfg.num_attention_heads
        self.head_dim = cfg.hidden_size // cfg.num_attention_heads
        self.query = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.key = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.value = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.dropout = nn.Dropout(cfg.attention_probs_dropout_prob)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, x, mask_bias):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask_bias
        probs = nn.functional.softmax(scores, dim=-1)
        ctx = torch.matmul(self.dropout(probs), v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.shape[0], ctx.shape[1], -1), probs


class SelfOutput(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.dense = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.LayerNorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.dropout = nn.Dropout(cfg.hidden_dropout_prob)

    def forward(self, h, x):
        return self.LayerNorm(self.dropout(self.dense(h)) + x)


class Attention(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.self = SelfAttention(cfg)
        self.output = SelfOutput(cfg)

    def forward(self, x, mask_bias):
        h, probs = self.self(x, mask_bias)
        return self.output(h, x), probs


class Intermediate(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.dense = nn.Linear(cfg.hidden_size, cfg.intermediate_size)

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))


class Output(SelfOutput):
    def __init__(self, cfg: BertConfig):
        super().__init__(cfg)
        self.dense = nn.Linear(cfg.intermediate_size, cfg.hidden_size)


class Layer(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.attention = Attention(cfg)
        self.intermediate = Intermediate(cfg)
        self.output = Output(cfg)

    def forward(self, x, mask_bias):
        a, probs = self.attention(x, mask_bias)
        return self.output(self.intermediate(a), a), probs


class Encoder(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList([Layer(cfg) for _ in range(cfg.num_hidden_layers)])

    def forward(self, x, mask_bias):
        hidden, attentions = [x], []
        for layer in self.layer:
            x, probs = layer(x, mask_bias)
            hidden.append(x)
            attentions.append(probs)
        return x, hidden, attentions


class BertModel(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.embeddings = Embeddings(cfg)
        self.encoder = Encoder(cfg)

    def forward(self, input_ids, attention_mask, token_type_ids):
        # Large negative bias on padded keys, as Hugging Face's extended attention mask.
        bias = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        return self.encoder(self.embeddings(input_ids, token_type_ids), bias)


class BertForTokenClassification(nn.Module):
    """`forward` returns the tensors named in `self.outputs`, in that order:
    logits, attentions [batch, layers, heads, seq, seq], hidden_states
    [batch, layers + 1, seq, hidden]. The exporter narrows `outputs`; the
    module itself stays the top level so parameter names match Hugging Face."""

    ALL_OUTPUTS = ("logits", "attentions", "hidden_states")

    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.cfg = cfg
        self.num_labels = len(cfg.id2label)
        base = BertModel(cfg)
        # The attribute name is the prefix of every parameter name, as in Hugging Face.
        setattr(self, "roberta" if cfg.model_type == "roberta" else "bert", base)
        self.dropout = nn.Dropout(cfg.hidden_dropout_prob)
        self.classifier = nn.Linear(cfg.hidden_size, self.num_labels)
        self.outputs = self.ALL_OUTPUTS
        self.apply(self._init)

    @property
    def base(self) -> BertModel:
        return getattr(self, "roberta" if self.cfg.model_type == "roberta" else "bert")

    def _init(self, m):
        if isinstance(m, nn.Linear):
            m.weight.data.normal_(0.0, 0.02)
            m.bias.data.zero_()
        elif isinstance(m, nn.Embedding):
            m.weight.data.normal_(0.0, 0.02)
            if m.padding_idx is not None:
                m.weight.data[m.padding_idx].zero_()
        elif isinstance(m, nn.LayerNorm):
            m.weight.data.fill_(1.0)
            m.bias.data.zero_()

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        seq, hidden, attentions = self.base(input_ids, attention_mask, token_type_ids)
        logits = self.classifier(self.dropout(seq))
        named = {"logits": logits}
        if "attentions" in self.outputs:
            named["attentions"] = torch.stack(attentions, dim=1)
        if "hidden_states" in self.outputs:
            named["hidden_states"] = torch.stack(hidden, dim=1)
        return tuple(named[o] for o in self.outputs)
