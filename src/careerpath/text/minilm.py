"""A torch-free sentence encoder: the BERT forward pass in numpy (float32) for MiniLM-style models.

Reads a local sentence-transformers folder (config.json, model.safetensors, tokenizer.json,
modules.json, 1_Pooling/config.json, sentence_bert_config.json) and reproduces what
sentence-transformers computes for a BERT encoder with mean pooling: token + position + type
embeddings, N post-LayerNorm transformer layers (GELU, erf form), mean over the attention mask,
L2 normalisation. Only numpy, ``tokenizers`` and ``safetensors`` are imported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

TOKEN_BUDGET = 4096  # padded tokens per forward batch: bounds the (b, heads, L, L) attention scores
MAX_BATCH = 256  # texts per forward batch
SMALL_TOKENS = 512  # calls up to this many tokens run BLAS on one thread (threads cost more there)
GELU_BLOCK = 1 << 16  # elements per GELU block (256 KiB of float32: fits in L2)
SQRT_HALF = 0.7071067811865476
ERF_COEFFS = tuple(
    np.float32(c) for c in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
)
FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "modules.json",
    "sentence_bert_config.json",
)
OTHER_POOLING = (
    "pooling_mode_cls_token",
    "pooling_mode_max_tokens",
    "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens",
    "pooling_mode_lasttoken",
)


@dataclass(frozen=True)
class BertConfig:
    """Shapes and options of a BERT encoder and its sentence-transformers wrapper."""

    hidden: int
    heads: int
    layers: int
    eps: float
    max_positions: int
    max_seq_length: int
    lowercase: bool


@dataclass(frozen=True)
class BertLayer:
    """One encoder layer; matrices in torch's (out, in) layout, fused QKV (3 * hidden, hidden)."""

    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    ff1_w: np.ndarray
    ff1_b: np.ndarray
    ff2_w: np.ndarray
    ff2_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


@dataclass(frozen=True)
class BertWeights:
    """Embedding tables (vocab|positions|types, hidden), their LayerNorm, and the encoder layers."""

    word: np.ndarray
    position: np.ndarray
    token_type: np.ndarray
    ln_g: np.ndarray
    ln_b: np.ndarray
    layers: tuple[BertLayer, ...]


def _read_json(path: Path) -> Any:
    """The parsed JSON document at ``path``."""
    return json.loads(path.read_text(encoding="utf-8"))


def unsupported_reason(folder: Path) -> str | None:
    """Why the numpy encoder cannot run the model in ``folder``, or None when it can."""
    missing = [f for f in FILES if not (folder / f).is_file()]
    if missing:
        return f"missing {', '.join(missing)}"
    config = _read_json(folder / "config.json")
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        return (
            f"architecture {config.get('model_type')}/{config.get('hidden_act')} is not BERT/gelu"
        )
    if config.get("position_embedding_type", "absolute") != "absolute":
        return "only absolute position embeddings are supported"
    if not _read_json(folder / "sentence_bert_config.json").get("max_seq_length"):
        return "no max_seq_length in sentence_bert_config.json"
    modules = _read_json(folder / "modules.json")
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        return f"unsupported module stack {kinds}"
    return _pooling_reason(folder / str(modules[1].get("path", "")) / "config.json")


def _pooling_reason(path: Path) -> str | None:
    """Why the pooling config at ``path`` is not plain mean pooling, or None when it is."""
    if not path.is_file():
        return "missing pooling config"
    pooling = _read_json(path)
    mode = pooling.get("pooling_mode")
    if mode is not None:
        return None if mode == "mean" else f"pooling mode {mode!r}"
    if not pooling.get("pooling_mode_mean_tokens") or any(pooling.get(k) for k in OTHER_POOLING):
        return "only mean pooling is supported"
    return None


def read_config(folder: Path) -> BertConfig:
    """The encoder's shapes from config.json and max_seq_length / lowercasing from the ST config."""
    config = _read_json(folder / "config.json")
    st = _read_json(folder / "sentence_bert_config.json")
    max_positions = int(config["max_position_embeddings"])
    return BertConfig(
        hidden=int(config["hidden_size"]),
        heads=int(config["num_attention_heads"]),
        layers=int(config["num_hidden_layers"]),
        eps=float(config.get("layer_norm_eps", 1e-12)),
        max_positions=max_positions,
        max_seq_length=min(int(st["max_seq_length"]), max_positions),
        lowercase=bool(st.get("do_lower_case", False)),
    )


def load_weights(folder: Path, config: BertConfig) -> BertWeights:
    """The float32 weights from model.safetensors (keys with or without a ``bert.`` prefix)."""
    from safetensors.numpy import load_file

    raw = load_file(str(folder / "model.safetensors"))
    w = {k.removeprefix("bert."): v.astype(np.float32, copy=False) for k, v in raw.items()}
    layers = tuple(_layer(w, f"encoder.layer.{i}.") for i in range(config.layers))
    emb = "embeddings."
    return BertWeights(
        word=w[emb + "word_embeddings.weight"],
        position=w[emb + "position_embeddings.weight"],
        token_type=w[emb + "token_type_embeddings.weight"],
        ln_g=w[emb + "LayerNorm.weight"],
        ln_b=w[emb + "LayerNorm.bias"],
        layers=layers,
    )


def _layer(w: dict[str, np.ndarray], p: str) -> BertLayer:
    """One encoder layer's weights under the key prefix ``p``; Q, K and V fused row-wise."""
    att = p + "attention.self."
    qkv = ("query", "key", "value")
    return BertLayer(
        qkv_w=np.concatenate([w[f"{att}{n}.weight"] for n in qkv], axis=0),
        qkv_b=np.concatenate([w[f"{att}{n}.bias"] for n in qkv], axis=0),
        out_w=w[p + "attention.output.dense.weight"],
        out_b=w[p + "attention.output.dense.bias"],
        ln1_g=w[p + "attention.output.LayerNorm.weight"],
        ln1_b=w[p + "attention.output.LayerNorm.bias"],
        ff1_w=w[p + "intermediate.dense.weight"],
        ff1_b=w[p + "intermediate.dense.bias"],
        ff2_w=w[p + "output.dense.weight"],
        ff2_b=w[p + "output.dense.bias"],
        ln2_g=w[p + "output.LayerNorm.weight"],
        ln2_b=w[p + "output.LayerNorm.bias"],
    )


def layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis (biased variance, as torch): x (..., h) -> float32 (..., h)."""
    x = x - x.mean(axis=-1, keepdims=True)
    var = np.mean(np.square(x), axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(var + np.float32(eps))
    x *= g
    x += b
    return x


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU in place, by row blocks that stay in cache: x (n, k) float32 -> x."""
    step = max(1, GELU_BLOCK // max(x.shape[1], 1))
    for start in range(0, x.shape[0], step):
        block = x[start : start + step]
        block *= _one_plus_erf(block * np.float32(SQRT_HALF))
        block *= np.float32(0.5)
    return x


def _one_plus_erf(z: np.ndarray) -> np.ndarray:
    """1 + erf(z) by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): z (...) float32 -> float32."""
    a = np.abs(z)
    e = np.square(a)
    np.negative(e, out=e)
    np.exp(e, out=e)  # exp(-z^2)
    a *= np.float32(0.3275911)
    a += np.float32(1.0)
    np.reciprocal(a, out=a)  # t = 1 / (1 + p |z|)
    poly: np.ndarray = a * ERF_COEFFS[-1]
    for c in ERF_COEFFS[-2::-1]:
        poly += c
        poly *= a
    poly *= e
    np.subtract(np.float32(1.0), poly, out=poly)  # erf(|z|)
    np.copysign(poly, z, out=poly)
    poly += np.float32(1.0)
    return poly


def attention(x: np.ndarray, bias: np.ndarray, layer: BertLayer, heads: int) -> np.ndarray:
    """Multi-head self-attention: x (b, L, h), bias (b, 1, 1, L) -> float32 (b, L, h) before Wo."""
    b, n, h = x.shape
    d = h // heads
    qkv = x.reshape(b * n, h) @ layer.qkv_w.T
    qkv += layer.qkv_b
    qkv = np.ascontiguousarray(qkv.reshape(b, n, 3, heads, d).transpose(2, 0, 3, 1, 4))
    q, k, v = qkv[0], qkv[1], qkv[2]  # (b, heads, L, d) each, contiguous for batched BLAS
    q *= np.float32(1.0 / np.sqrt(d))
    scores = q @ k.transpose(0, 1, 3, 2)  # (b, heads, L, L)
    scores += bias
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores *= 1.0 / scores.sum(axis=-1, keepdims=True)
    ctx: np.ndarray = (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, h)
    return ctx


def encoder_layer(x: np.ndarray, bias: np.ndarray, layer: BertLayer, cfg: BertConfig) -> np.ndarray:
    """One post-LN transformer layer: x (b, L, h), bias (b, 1, 1, L) -> float32 (b, L, h)."""
    b, n, h = x.shape
    ctx = attention(x, bias, layer, cfg.heads).reshape(b * n, h) @ layer.out_w.T
    ctx += layer.out_b
    ctx += x.reshape(b * n, h)
    y = layer_norm(ctx, layer.ln1_g, layer.ln1_b, cfg.eps)
    ff = y @ layer.ff1_w.T
    ff += layer.ff1_b
    out = gelu(ff) @ layer.ff2_w.T
    out += layer.ff2_b
    out += y
    return layer_norm(out, layer.ln2_g, layer.ln2_b, cfg.eps).reshape(b, n, h)


def forward(ids: np.ndarray, mask: np.ndarray, w: BertWeights, cfg: BertConfig) -> np.ndarray:
    """Mean-pooled unit sentence vectors: ids, mask (b, L) int -> float32 (b, hidden)."""
    n = ids.shape[1]
    x = w.word[ids] + w.position[:n] + w.token_type[0]  # single sentences: token type 0
    x = layer_norm(x, w.ln_g, w.ln_b, cfg.eps)
    bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min)
    bias = bias.astype(np.float32)
    for layer in w.layers:
        x = encoder_layer(x, bias, layer, cfg)
    m = mask.astype(np.float32)[:, :, None]
    pooled = (x * m).sum(axis=1) / np.maximum(m.sum(axis=1), np.float32(1e-9))
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: np.ndarray = (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)
    return unit


def length_batches(lengths: np.ndarray, budget: int, max_batch: int) -> list[np.ndarray]:
    """Groups of row indices of similar length (within 2x), longest first: lengths (n,) -> groups."""
    order = np.argsort(-lengths, kind="stable")
    ordered = lengths[order]
    groups: list[np.ndarray] = []
    start = 0
    while start < len(order):
        longest = max(int(ordered[start]), 1)
        size = max(1, min(max_batch, budget // longest))
        similar = int(np.count_nonzero(ordered[start : start + size] * 2 > longest))
        groups.append(order[start : start + max(similar, 1)])
        start += max(similar, 1)
    return groups


class NumpyBertEmbedder:
    """An Embedder running a BERT sentence model in numpy; encode returns float32 (n, dim) unit rows."""

    def __init__(self, folder: str | Path, name: str) -> None:
        from tokenizers import Tokenizer

        path = Path(folder)
        self.name = name
        self.backend = "numpy"
        self.config = read_config(path)
        self.weights = load_weights(path, self.config)
        self.dim = self.config.hidden
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=self.config.max_seq_length)
        self._tokenizer.no_padding()

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text, with [CLS]/[SEP] and truncated to max_seq_length (unpadded)."""
        items = [t.lower() if self.config.lowercase else t for t in texts]
        return [e.ids for e in self._tokenizer.encode_batch(items)]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts; returns float32 (len(texts), dim), rows of unit length."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.tokenize(texts)
        lengths = np.array([len(t) for t in ids], dtype=np.int64)
        with _blas_threads(int(lengths.sum())):
            for group in length_batches(lengths, TOKEN_BUDGET, MAX_BATCH):
                n = int(lengths[group].max())
                batch = np.zeros((len(group), n), dtype=np.int64)
                for row, i in enumerate(group.tolist()):
                    batch[row, : lengths[i]] = ids[i]
                mask = (np.arange(n)[None, :] < lengths[group][:, None]).astype(np.int64)
                out[group] = forward(batch, mask, self.weights, self.config)
        return out


def _blas_threads(tokens: int) -> AbstractContextManager[object]:
    """One BLAS thread for small calls (e.g. one query), via threadpoolctl when it is installed."""
    if tokens > SMALL_TOKENS:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return nullcontext()
    limits: AbstractContextManager[object] = threadpool_limits(1, user_api="blas")
    return limits
