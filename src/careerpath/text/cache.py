"""Index files under the cache folder: keyed by taxonomy fingerprint, written atomically."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from careerpath.domain.taxonomy import Taxonomy

FORMAT_VERSION = "5"  # bump when the layout or the features of cached lexical indexes change
VECTORS_VERSION = "3"  # bump when the texts chosen for label embeddings change

Arrays = dict[str, np.ndarray]


def taxonomy_key(taxonomy: Taxonomy) -> str:
    """The cache key of a taxonomy: its source fingerprint, or a content hash when it has no sources."""
    if taxonomy.sources:
        return taxonomy.fingerprint()
    digest = hashlib.sha256()
    for sid in sorted(taxonomy.skills):
        s = taxonomy.skills[sid]
        digest.update(
            repr((s.id, s.label, s.kind, s.alt_labels, s.hidden_labels, s.reuse_level)).encode()
        )
    for oid in sorted(taxonomy.occupations):
        o = taxonomy.occupations[oid]
        digest.update(repr((o.id, o.title, o.alt_titles, o.reported_titles)).encode())
    return "c" + digest.hexdigest()[:15]


def cache_path(
    cache_dir: Path, kind: str, taxonomy: Taxonomy, *parts: str, version: str = FORMAT_VERSION
) -> Path:
    """``<cache_dir>/text/<kind>-<parts>-<key>-v<version>.npz``, with unsafe characters replaced."""
    name = "-".join((kind, *parts, taxonomy_key(taxonomy), f"v{version}"))
    return Path(cache_dir) / "text" / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".npz")


def save_arrays(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Write arrays to an .npz file atomically (temporary file in the same folder + os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **dict(arrays))  # type: ignore[arg-type]
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_arrays(path: Path) -> Arrays | None:
    """Arrays from an .npz file, or None when it is missing or unreadable (then it is rebuilt)."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError):
        return None


def cached(path: Path, build: Callable[[], Arrays]) -> tuple[Arrays, bool]:
    """Arrays from ``path`` when present, else built and saved; second item says whether it was a hit."""
    arrays = load_arrays(path)
    if arrays is not None:
        return arrays, True
    arrays = build()
    save_arrays(path, arrays)
    return arrays, False


def pack_csr(prefix: str, mat: sp.csr_matrix) -> Arrays:
    """A CSR matrix as four named arrays for an .npz file."""
    return {
        f"{prefix}_data": mat.data.astype(np.float32),
        f"{prefix}_indices": mat.indices.astype(np.int32),
        f"{prefix}_indptr": mat.indptr.astype(np.int64),
        f"{prefix}_shape": np.asarray(mat.shape, dtype=np.int64),
    }


def unpack_csr(prefix: str, arrays: Mapping[str, np.ndarray]) -> sp.csr_matrix:
    """The CSR matrix stored by :func:`pack_csr`."""
    rows, cols = (int(x) for x in arrays[f"{prefix}_shape"])
    return sp.csr_matrix(
        (arrays[f"{prefix}_data"], arrays[f"{prefix}_indices"], arrays[f"{prefix}_indptr"]),
        shape=(rows, cols),
    )


def pack_strings(prefix: str, texts: Sequence[str]) -> Arrays:
    """Strings as one NUL-separated UTF-8 byte array (compact, unlike fixed-width unicode arrays)."""
    if any("\x00" in t for t in texts):
        raise ValueError("strings for the cache must not contain NUL characters")
    blob = np.frombuffer("\x00".join(texts).encode("utf-8"), dtype=np.uint8)
    return {f"{prefix}_blob": blob, f"{prefix}_count": np.asarray([len(texts)], dtype=np.int64)}


def unpack_strings(prefix: str, arrays: Mapping[str, np.ndarray]) -> list[str]:
    """The strings stored by :func:`pack_strings`."""
    if int(arrays[f"{prefix}_count"][0]) == 0:
        return []
    return arrays[f"{prefix}_blob"].tobytes().decode("utf-8").split("\x00")
