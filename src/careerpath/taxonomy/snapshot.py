"""Compiled taxonomy snapshots, keyed by the source files' checksums and written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from careerpath import __version__
from careerpath.domain.taxonomy import Taxonomy
from careerpath.taxonomy.layout import SourceSet

FORMAT = 2  # bump when the pickled model changes shape
_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class SnapshotCache:
    """A folder of ``taxonomy-<key>.pickle`` snapshots plus a stat-keyed memo of file checksums."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir.expanduser()
        self._memo_path = self.cache_dir / "checksums.json"

    def key(self, sources: SourceSet) -> str:
        """The snapshot key: format, code version and every source file's SHA-256 (hex, 24 chars)."""
        memo = self._read_memo()
        fresh: dict[str, list[object]] = {}
        digest = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
        for path in sources.files():
            st = path.stat()
            stamp = [st.st_size, st.st_mtime_ns]
            entry = memo.get(str(path))
            sha = entry[2] if entry and entry[:2] == stamp else file_sha256(path)
            fresh[str(path)] = [*stamp, sha]
            rel = (
                str(path.relative_to(sources.data_dir))
                if path.is_relative_to(sources.data_dir)
                else str(path)
            )
            digest.update(f"{rel}|{sha}\n".encode())
        if fresh != memo:
            self._write_memo(fresh)
        return digest.hexdigest()[:24]

    def path_for(self, key: str) -> Path:
        """Where the snapshot for ``key`` lives."""
        return self.cache_dir / f"taxonomy-{key}.pickle"

    def get_or_build(
        self,
        sources: SourceSet,
        build: Callable[[], Taxonomy],
        *,
        progress: Callable[[str], None] | None = None,
    ) -> Taxonomy:
        """Load the snapshot for these sources, or build, write it atomically and drop stale ones."""
        key = self.key(sources)
        path = self.path_for(key)
        cached = self._load(path)
        if cached is not None:
            return cached
        if progress:
            progress(
                "compiling the taxonomy from the source files (first run; later runs use the snapshot)"
            )
        taxonomy = build()
        self._store(path, taxonomy)
        return taxonomy

    def _load(self, path: Path) -> Taxonomy | None:
        try:
            with path.open("rb") as fh:
                obj = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # a corrupt or foreign snapshot is rebuilt, never trusted
            path.unlink(missing_ok=True)
            return None
        return obj if isinstance(obj, Taxonomy) else None

    def _store(self, path: Path, taxonomy: Taxonomy) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, pickle.dumps(taxonomy, protocol=pickle.HIGHEST_PROTOCOL))
        for old in self.cache_dir.glob("taxonomy-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)

    def _read_memo(self) -> dict[str, list[object]]:
        try:
            data = json.loads(self._memo_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_memo(self, memo: dict[str, list[object]]) -> None:
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(self._memo_path, json.dumps(memo).encode())
        except OSError:
            pass  # the memo only saves time; without it checksums are recomputed


def _atomic_write(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` through a temp file in the same folder and os.replace."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
