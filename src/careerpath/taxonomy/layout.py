"""Where the releases live in the data folder, and which release of each is used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from careerpath.config import Settings
from careerpath.domain.errors import MissingDataError

ONET_TEXT_URL = "https://www.onetcenter.org/dl_files/database/db_{release_}_text.zip"


@dataclass(frozen=True)
class SourceSet:
    """The source releases one taxonomy is built from; only O*NET is required."""

    data_dir: Path
    onet: Path
    onet_release: str
    esco: Path | None = None
    esco_version: str = ""
    bls: Path | None = None
    crosswalk: Path | None = None
    org_framework: Path | None = None

    def files(self) -> list[Path]:
        """Every file the build may read, sorted; the snapshot cache key hashes these."""
        out: list[Path] = []
        for root in (self.onet, self.esco, self.bls, self.crosswalk, self.org_framework):
            if root is None:
                continue
            if root.is_file():
                out.append(root)
            elif root.is_dir():
                out.extend(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        return sorted(set(out))


def release_key(name: str) -> tuple[int, ...]:
    """Sort key from the version numbers in a release folder or archive name ('29.3', 'db_29_3_text')."""
    numbers = re.findall(r"\d+", name)
    return tuple(int(n) for n in numbers) if numbers else (-1,)


def _pick_release(parent: Path, wanted: str | None, what: str, how: str) -> Path:
    """The release folder or zip under ``parent``: the one named ``wanted`` or the newest."""
    if not parent.is_dir():
        raise MissingDataError(f"no {what} folder at {parent}", hint=how)
    candidates = [
        p
        for p in parent.iterdir()
        if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".zip")
    ]
    if wanted:
        for p in candidates:
            if release_name(p) == wanted:
                return p
        names = ", ".join(sorted(p.name for p in candidates)) or "none"
        raise MissingDataError(
            f"{what} release {wanted!r} not found in {parent} (have: {names})", hint=how
        )
    if not candidates:
        raise MissingDataError(f"no {what} release in {parent}", hint=how)
    return max(candidates, key=lambda p: (release_key(p.name), p.is_dir()))


def release_name(path: Path) -> str:
    """A release's name: the folder name, or the archive name without '.zip'."""
    return path.name if path.is_dir() else path.stem


def _optional(path: Path) -> Path | None:
    return path if path.exists() else None


def _find_file(parent: Path, pattern: str) -> Path | None:
    if not parent.is_dir():
        return None
    hits = sorted(parent.glob(pattern))
    return hits[0] if hits else None


def locate_sources(settings: Settings) -> SourceSet:
    """Find the releases under ``settings.data_dir``; a missing O*NET release is a MissingDataError."""
    data = settings.data_dir.expanduser()
    how = (
        f"run `careerpath data fetch`, or unzip the O*NET database text release into {data}/onet/<release>/ "
        f"(from {ONET_TEXT_URL.format(release_='29_3')}), or set CAREERPATH_DATA_DIR"
    )
    onet = _pick_release(data / "onet", settings.onet_release, "O*NET", how)
    esco: Path | None = None
    if (data / "esco").is_dir():
        esco = _pick_release(
            data / "esco",
            settings.esco_version,
            "ESCO",
            "put the ESCO CSV download in <data>/esco/<version>/",
        )
    org = settings.org_framework.expanduser() if settings.org_framework else None
    if org is not None and not org.exists():
        raise MissingDataError(
            f"role framework {org} not found", hint="fix CAREERPATH_ORG_FRAMEWORK or unset it"
        )
    return SourceSet(
        data_dir=data,
        onet=onet,
        onet_release=release_name(onet),
        esco=esco,
        esco_version=release_name(esco) if esco else "",
        bls=_optional(data / "bls"),
        crosswalk=_find_file(data / "crosswalks", "*esco*onet*.csv"),
        org_framework=org,
    )
