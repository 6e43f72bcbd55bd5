"""`careerpath data fetch`: download the publishers' releases into the data folder, verify, unpack."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from careerpath.domain.errors import DataError, MissingDataError

ONET_PAGE = "https://www.onetcenter.org/database.html"
ESCO_PAGE = "https://esco.ec.europa.eu/en/use-esco/download"
BLS_PAGES = (
    "https://www.bls.gov/oes/tables.htm (OEWS national and state, cross-industry)",
    "https://www.bls.gov/emp/tables.htm (Employment Projections tables 1.2, 1.10, 1.12)",
)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Release:
    """One downloadable archive: where it comes from and the folder it unpacks to."""

    dataset: str
    url: str
    target: Path  # folder under the data dir, e.g. <data>/onet/29.3
    must_contain: str  # a member name (suffix) that proves the archive is the right one


def onet_release(data_dir: Path, release: str) -> Release:
    """The O*NET database text release ``release`` (e.g. '29.3') as the O*NET Resource Center serves it."""
    tag = release.replace(".", "_")
    return Release(
        dataset="onet",
        url=f"https://www.onetcenter.org/dl_files/database/db_{tag}_text.zip",
        target=data_dir / "onet" / release,
        must_contain="Occupation Data.txt",
    )


def fetch_release(
    release: Release, *, client: httpx.Client, progress: Progress | None = None
) -> Path:
    """Download, verify and unpack one release into its target folder (atomically); return the folder."""
    say = progress or (lambda _m: None)
    if release.target.is_dir() and any(release.target.iterdir()):
        say(f"{release.dataset}: already present in {release.target}")
        return release.target
    release.target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=release.target.parent, prefix=".fetch-") as tmp:
        archive = Path(tmp) / "download.zip"
        say(f"{release.dataset}: downloading {release.url}")
        _download(release, archive, client)
        staging = Path(tmp) / "unpacked"
        _unpack(release, archive, staging)
        staging.rename(release.target)
    say(f"{release.dataset}: unpacked into {release.target}")
    return release.target


def _download(release: Release, dest: Path, client: httpx.Client) -> None:
    try:
        with client.stream("GET", release.url, follow_redirects=True) as response:
            if response.status_code != 200:
                raise MissingDataError(
                    f"{release.url} answered HTTP {response.status_code}",
                    hint=f"download it by hand and unzip it into {release.target}/",
                )
            with dest.open("wb") as fh:
                for chunk in response.iter_bytes(1 << 20):
                    fh.write(chunk)
    except httpx.HTTPError as exc:
        raise MissingDataError(
            f"cannot download {release.url} ({type(exc).__name__}: no network?)",
            hint=f"download it on a connected machine and unzip it into {release.target}/, "
            "or point CAREERPATH_DATA_DIR at a folder that has it",
        ) from None


def _unpack(release: Release, archive: Path, staging: Path) -> None:
    """Check the zip's integrity and contents, then extract its files flat into ``staging``."""
    try:
        with zipfile.ZipFile(archive) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise DataError(f"corrupt member {bad!r}", path=release.url, hint="download again")
            names = [n for n in zf.namelist() if not n.endswith("/")]
            if not any(n.endswith(release.must_contain) for n in names):
                raise DataError(
                    f"archive does not hold {release.must_contain!r}",
                    path=release.url,
                    hint="the address may have changed; download the release by hand",
                )
            staging.mkdir()
            for name in names:
                member = Path(name)
                if member.is_absolute() or ".." in member.parts:
                    raise DataError(f"unsafe path {name!r} in archive", path=release.url)
                with zf.open(name) as src, (staging / member.name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, EOFError):
        raise DataError(
            "downloaded file is not a complete zip archive", path=release.url, hint="download again"
        ) from None


def manual_steps(data_dir: Path) -> list[str]:
    """What to download by hand for the sources whose publishers offer no stable direct link."""
    return [
        f"ESCO: from {ESCO_PAGE} choose version 1.1.1 (or newer), language en, CSV; put the zip(s) in "
        f"{data_dir}/esco/<version>/",
        f"BLS: {BLS_PAGES[0]} and {BLS_PAGES[1]}; save them as CSV in {data_dir}/bls/",
        "ESCO↔O*NET crosswalk: Nesta's 'Mapping Career Causeways' crosswalk CSV into "
        f"{data_dir}/crosswalks/",
    ]
