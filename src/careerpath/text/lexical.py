"""Lexical label index: exact normalised labels, word TF-IDF, label coverage and char n-grams."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from careerpath.text.cache import Arrays, pack_csr, pack_strings, unpack_csr, unpack_strings
from careerpath.text.fuzzy import TokenCorrector
from careerpath.text.normalize import STOPWORDS, stem, tokens
from careerpath.text.vectors import Vocabulary


@dataclass(frozen=True)
class LabelSet:
    """Concepts and the label strings that name them; labels are (n_labels,) with owner indices."""

    concept_ids: tuple[str, ...]
    concept_labels: tuple[str, ...]
    prior: np.ndarray  # (n_concepts,) float32 in [0, 1]: how likely a concept is a priori
    texts: tuple[str, ...]
    owner: np.ndarray  # (n_labels,) int32 index into concept_ids
    weight: np.ndarray  # (n_labels,) float32: 1 preferred label, less for alternates


MAX_SPAN = 6  # longest word n-gram looked up verbatim; longer labels are found by coverage


class ExactTable:
    """Exact-match keys (content stems joined) -> label indices, stored as flat arrays for the cache."""

    def __init__(
        self, keys: Sequence[str], starts: np.ndarray, label_ids: np.ndarray, lengths: np.ndarray
    ):
        self.keys = list(keys)  # unique keys, sorted
        self.starts = starts  # (n_keys + 1,) int64 offsets into label_ids
        self.label_ids = label_ids  # (n_entries,) int32
        self.lengths = lengths  # (n_labels,) int32: words in each label's key
        self._row = dict(zip(self.keys, range(len(self.keys)), strict=True))
        self.max_len = int(lengths.max()) if len(lengths) else 1

    @classmethod
    def from_label_keys(cls, label_keys: Sequence[str]) -> ExactTable:
        """Group label indices by their (non-empty) key."""
        groups: dict[str, list[int]] = {}
        for i, key in enumerate(label_keys):
            if key:
                groups.setdefault(key, []).append(i)
        keys = sorted(groups)
        sizes = [len(groups[k]) for k in keys]
        starts = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        ids = np.asarray([i for k in keys for i in groups[k]], dtype=np.int32)
        lengths = np.asarray([k.count(" ") + 1 if k else 0 for k in label_keys], dtype=np.int32)
        return cls(keys, starts, ids, lengths)

    def lookup(self, key: str) -> np.ndarray | None:
        """Label indices (int32) whose key equals ``key``, or None."""
        row = self._row.get(key)
        if row is None:
            return None
        return self.label_ids[self.starts[row] : self.starts[row + 1]]

    def to_arrays(self) -> Arrays:
        """The table as named arrays for the cache."""
        return {
            **pack_strings("exact_keys", self.keys),
            "exact_starts": self.starts,
            "exact_ids": self.label_ids,
            "exact_lengths": self.lengths,
        }

    @classmethod
    def from_arrays(cls, a: Mapping[str, np.ndarray]) -> ExactTable:
        """The table stored by :meth:`to_arrays`."""
        keys = unpack_strings("exact_keys", a)
        return cls(keys, a["exact_starts"], a["exact_ids"], a["exact_lengths"])


@dataclass
class LexicalIndex:
    """Sparse lexical views of a LabelSet; rows of every matrix are labels (n_labels, n_terms)."""

    labels: LabelSet
    exact: ExactTable
    word_vocab: Vocabulary
    words: sp.csr_matrix  # L2-normalised TF-IDF over stems
    coverage: sp.csr_matrix  # IDF over stems normalised to sum 1 per label
    corrector: TokenCorrector

    def __post_init__(self) -> None:
        self.words_t = self.words.T.tocsr()
        self.coverage_t = self.coverage.T.tocsr()

    @property
    def n_concepts(self) -> int:
        """Number of concepts (columns of concept score matrices)."""
        return len(self.labels.concept_ids)

    @classmethod
    def build(cls, labels: LabelSet) -> LexicalIndex:
        """Tokenise, stem and vectorise every label."""
        stems = [[stem(t) for t in tokens(x) if t not in STOPWORDS] for x in labels.texts]
        word_vocab = Vocabulary.fit(stems)
        known = {t for x in labels.texts for t in tokens(x)}
        return cls(
            labels=labels,
            exact=ExactTable.from_label_keys([" ".join(s) for s in stems]),
            word_vocab=word_vocab,
            words=word_vocab.matrix(stems),
            coverage=word_vocab.matrix(stems, norm="sum"),
            corrector=TokenCorrector.build(known),
        )

    def to_arrays(self) -> Arrays:
        """The index as named arrays for the cache."""
        lab = self.labels
        return {
            **pack_strings("concept_ids", lab.concept_ids),
            **pack_strings("concept_labels", lab.concept_labels),
            "prior": lab.prior.astype(np.float32),
            **pack_strings("texts", lab.texts),
            "owner": lab.owner.astype(np.int32),
            "weight": lab.weight.astype(np.float32),
            **self.exact.to_arrays(),
            **pack_strings("word_terms", self.word_vocab.term_list()),
            "word_idf": self.word_vocab.idf,
            **pack_csr("words", self.words),
            **pack_csr("coverage", self.coverage),
            **self.corrector.to_arrays(),
        }

    @classmethod
    def from_arrays(cls, a: Mapping[str, np.ndarray]) -> LexicalIndex:
        """The index stored by :meth:`to_arrays`."""
        labels = LabelSet(
            tuple(unpack_strings("concept_ids", a)),
            tuple(unpack_strings("concept_labels", a)),
            a["prior"],
            tuple(unpack_strings("texts", a)),
            a["owner"],
            a["weight"],
        )
        return cls(
            labels=labels,
            exact=ExactTable.from_arrays(a),
            word_vocab=Vocabulary.from_arrays(unpack_strings("word_terms", a), a["word_idf"]),
            words=unpack_csr("words", a),
            coverage=unpack_csr("coverage", a),
            corrector=TokenCorrector.from_arrays(a),
        )

    def query_stems(
        self, texts: Sequence[str], drop: frozenset[str]
    ) -> list[list[tuple[str, float]]]:
        """Per text, (stem, confidence) pairs of content tokens; unknown words typo-corrected (< 1)."""
        toks = [[t for t in tokens(x) if t not in STOPWORDS and t not in drop] for x in texts]
        fixes = self.corrector.correct(t for row in toks for t in row)
        out = []
        for row in toks:
            pairs = []
            for t in row:
                s = stem(t)
                if s not in self.word_vocab.terms and t in fixes:
                    fixed, sim = fixes[t]
                    pairs.append((stem(fixed), sim))
                else:
                    pairs.append((s, 1.0))
            out.append(pairs)
        return out

    def word_scores(
        self, stems: Sequence[Sequence[tuple[str, float]]]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """(cosine, coverage) sparse matrices of shape (n_queries, n_labels) from query stems."""
        docs = [[s for s, _ in row] for row in stems]
        q = self.word_vocab.matrix(docs)
        qbin = q.copy()
        qbin.data[:] = 1.0
        conf = [dict(row) for row in stems]
        _scale_by_confidence(qbin, conf, self.word_vocab)
        return (q @ self.words_t).tocsr(), (qbin @ self.coverage_t).tocsr()

    def exact_labels(self, stems: Sequence[Sequence[tuple[str, float]]]) -> list[dict[int, float]]:
        """Per query, {label index: span confidence} for label keys found as contiguous stem n-grams."""
        out: list[dict[int, float]] = []
        for row in stems:
            hits: dict[int, float] = {}
            for n in range(1, min(self.exact.max_len, MAX_SPAN, len(row)) + 1):
                for i in range(len(row) - n + 1):
                    span = row[i : i + n]
                    idx = self.exact.lookup(" ".join(s for s, _ in span))
                    if idx is not None:
                        conf = min(c for _, c in span)
                        for j in idx.tolist():
                            hits[j] = max(hits.get(j, 0.0), conf)
            out.append(hits)
        return out


def _scale_by_confidence(q: sp.csr_matrix, conf: list[dict[str, float]], vocab: Vocabulary) -> None:
    """Multiply binary query entries by the confidence of a typo-corrected stem (in place)."""
    inverse = None
    for r, row in enumerate(conf):
        if all(c == 1.0 for c in row.values()):
            continue
        if inverse is None:
            inverse = vocab.term_list()
        for k in range(q.indptr[r], q.indptr[r + 1]):
            q.data[k] = row.get(inverse[q.indices[k]], 1.0)
