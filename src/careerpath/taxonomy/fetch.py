"""`careerpath data fetch`: download the publishers' releases into the data folder, verified, atomically.

O*NET is unpacked into ``onet/<release>/``; BLS and ESCO files are kept as published in ``bls/`` and
``esco/<version>/``. Downloads are staged in a hidden folder, read through, then moved in place.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from careerpath.config import Settings
from careerpath.domain.errors import CareerpathError, DataError, MissingDataError
from careerpath.taxonomy.bls import check_oews, check_projections
from careerpath.taxonomy.discovery import zip_names
from careerpath.taxonomy.esco import PATTERNS as ESCO_PATTERNS
from careerpath.taxonomy.esco import REQUIRED as ESCO_REQUIRED

ONET_PAGE = "https://www.onetcenter.org/database.html"
ESCO_PAGE = "https://esco.ec.europa.eu/en/use-esco/download"
DEFAULT_ESCO_VERSION = "1.1.1"
SOURCES = ("onet", "bls", "esco")
Progress = Callable[[str], None]
Check = Callable[[Path], str]  # reads a downloaded file fully: a summary, or a DataError


@dataclass(frozen=True)
class Release:
    """One downloadable archive: where it comes from and the folder it unpacks to."""

    dataset: str
    url: str
    target: Path  # folder under the data dir, e.g. <data>/onet/29.3
    must_contain: str  # a member name (suffix) that proves the archive is the right one


@dataclass(frozen=True)
class Download:
    """One file kept as published: its address, where it goes, and how it is verified."""

    label: str  # what the user reads, e.g. "BLS OEWS national May 2025"
    url: str
    target: Path  # the file, e.g. <data>/bls/oesm25nat.zip
    check: Check
    present: tuple[str, ...] = ()  # globs (in the target's folder) of files that stand in for it

    def where(self) -> str:
        """Where a hand download goes: ``put <name> (from <url>) in <folder>/``."""
        return f"put {self.target.name} (from {self.url}) in {self.target.parent}/"


@dataclass(frozen=True)
class Outcome:
    """What fetching one source did: status ``ok``, ``present``, ``manual`` or ``failed``."""

    source: str
    status: str
    detail: str
    required: bool = False  # the taxonomy cannot load without it (O*NET)


def onet_release(
    data_dir: Path, release: str, base_url: str = "https://www.onetcenter.org/dl_files/database"
) -> Release:
    """The O*NET database text release ``release`` (e.g. '29.3') as the O*NET Resource Center serves it."""
    tag = release.replace(".", "_")
    return Release(
        dataset="onet",
        url=f"{base_url.rstrip('/')}/db_{tag}_text.zip",
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
    with _staging(release.target.parent) as tmp:
        archive = tmp / "download.zip"
        say(f"{release.dataset}: downloading {release.url}")
        _download(release.url, archive, client, f"unzip it into {release.target}/")
        staging = tmp / "unpacked"
        _unpack(release, archive, staging)
        staging.rename(release.target)
    say(f"{release.dataset}: unpacked into {release.target}")
    return release.target


def fetch_files(
    downloads: Sequence[Download],
    *,
    client: httpx.Client,
    progress: Progress | None = None,
    complete: Callable[[list[Path]], str] | None = None,
) -> list[str]:
    """Download and verify files (each, then ``complete`` on all), then move all in; their summaries."""
    say = progress or (lambda _m: None)
    with _staging(downloads[0].target.parent.parent) as tmp:
        staged = [tmp / str(k) / d.target.name for k, d in enumerate(downloads)]
        summaries = []
        for download, path in zip(downloads, staged, strict=True):
            say(f"{download.label}: downloading {download.url}")
            path.parent.mkdir()
            _download(download.url, path, client, download.where())
            summaries.append(_verified(download, path))
        if complete is not None:
            summaries.append(complete(staged))
        for download, path in zip(downloads, staged, strict=True):
            download.target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, download.target)
    return summaries


@contextmanager
def _staging(root: Path) -> Iterator[Path]:
    """A hidden temporary folder in ``root``; folders made for it are removed again if left empty."""
    made = [p for p in (root, *root.parents) if not p.exists()]  # deepest first
    root.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=root, prefix=".fetch-") as tmp:
            yield Path(tmp)
    finally:
        for folder in made:
            with suppress(OSError):
                folder.rmdir()


def _verified(download: Download, path: Path) -> str:
    """Run a download's check; its DataError is restated about the address, not the staged file."""
    try:
        return download.check(path)
    except DataError as exc:
        raise DataError(
            f"{download.url} is not usable: {exc.message}",
            hint="the address may have changed or the download broke; download it by hand and "
            + download.where(),
        ) from None


def present(download: Download) -> Path | None:
    """The file already standing for a download (the target itself or a matching one), if any."""
    if download.target.is_file():
        return download.target
    folder = download.target.parent
    for pattern in download.present:
        hits = sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []
        if hits:
            return hits[0]
    return None


def _download(url: str, dest: Path, client: httpx.Client, where: str) -> None:
    """Stream ``url`` into ``dest``; HTTP and network failures say what to download and where."""
    try:
        with client.stream("GET", url, follow_redirects=True) as response:
            if response.status_code != 200:
                raise _http_error(url, response.status_code, where)
            with dest.open("wb") as fh:
                for chunk in response.iter_bytes(1 << 20):
                    fh.write(chunk)
    except httpx.HTTPError as exc:
        raise MissingDataError(
            f"cannot download {url} ({type(exc).__name__}: {exc or 'no network?'})",
            hint=f"download it on a connected machine and {where}, "
            "or point CAREERPATH_DATA_DIR at a folder that has it",
        ) from None


def _http_error(url: str, status: int, where: str) -> MissingDataError:
    """The error for a non-200 answer; a 403 explains the User-Agent that bls.gov demands."""
    if status == 403:
        return MissingDataError(
            f"{url} answered HTTP 403 (forbidden)",
            hint="the server refuses this client; bls.gov requires a descriptive User-Agent: set "
            "CAREERPATH_HTTP_USER_AGENT to 'careerpath/<version> (<your e-mail>)' and retry, or "
            f"open the address in a browser and {where}",
        )
    return MissingDataError(
        f"{url} answered HTTP {status}", hint=f"download it by hand and {where}"
    )


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


def bls_downloads(data_dir: Path, *, year: int, base_url: str) -> list[Download]:
    """The OEWS national zip for May ``year`` and the Employment Projections workbook, into bls/."""
    base = base_url.rstrip("/")
    folder = data_dir / "bls"
    oews = f"oesm{year % 100:02d}nat.zip"
    return [
        Download(
            f"BLS OEWS national May {year}",
            f"{base}/oes/special-requests/{oews}",
            folder / oews,
            check_oews,
            (
                f"oews_*{year}*national*.csv",
                f"national_M{year}_dl.xlsx",
                f"*/national_M{year}_dl.xlsx",
            ),
        ),
        Download(
            "BLS Employment Projections",
            f"{base}/emp/ind-occ-matrix/occupation.xlsx",
            folder / "occupation.xlsx",
            check_projections,
            ("table_1.2_*.csv",),
        ),
    ]


def esco_downloads(data_dir: Path, urls: Sequence[str], version: str | None) -> list[Download]:
    """ESCO CSV zips kept as published in ``esco/<version>/`` (else the file name's, else 1.1.1)."""
    names = [unquote(PurePosixPath(urlsplit(u).path).name).lstrip(".") for u in urls]
    found = [m.group(1) for n in names if (m := re.search(r"v(\d+(?:\.\d+)+)", n))]
    version = version or (found[0] if found else DEFAULT_ESCO_VERSION)
    folder = data_dir / "esco" / version
    return [
        Download(
            f"ESCO {version}",
            url,
            folder / (name if name.lower().endswith(".zip") else f"esco-v{version}-{k + 1}.zip"),
            _esco_zip,
        )
        for k, (url, name) in enumerate(zip(urls, names, strict=True))
    ]


def _esco_zip(path: Path) -> str:
    """A complete zip holding CSV files; how many."""
    csvs = [n for n in zip_names(path) if n.lower().endswith(".csv")]
    if not csvs:
        raise DataError("the zip holds no CSV files (choose the CSV format)", path=str(path))
    return f"{len(csvs)} CSV files"


def esco_complete(folder: Path) -> Callable[[list[Path]], str]:
    """A check that new zips plus what ``folder`` holds give every file the ESCO loader needs."""

    def check(paths: list[Path]) -> str:
        """Which required ESCO files are missing (a DataError), else a summary."""
        names = [n for p in paths for n in zip_names(p)]
        if folder.is_dir():
            names += [n for p in folder.glob("*.zip") for n in zip_names(p)]
            names += [p.name for p in folder.glob("*.csv")]
        missing = [
            re.sub(r"\(.*\)\?", "*", ESCO_PATTERNS[r]).replace("\\", "")
            for r in ESCO_REQUIRED
            if not any(re.fullmatch(ESCO_PATTERNS[r], n, re.IGNORECASE) for n in names)
        ]
        if missing:
            raise DataError(
                f"the ESCO download lacks {', '.join(missing)}",
                hint="ESCO 1.1.1 comes as two CSV zips (classification and relations): put both "
                f"links in CAREERPATH_ESCO_URL (space-separated), or put the missing zip in {folder}/",
            )
        return "occupations, skills and occupation-skill relations present"

    return check


def esco_by_hand(data_dir: Path) -> str:
    """What to download from the ESCO portal, and where to put it."""
    return (
        f"from {ESCO_PAGE} choose ESCO version {DEFAULT_ESCO_VERSION} (or newer), language en, "
        f"format CSV; put the zip(s) (classification and relations) in "
        f"{data_dir}/esco/<version>/, or set CAREERPATH_ESCO_URL to their links and run "
        "`careerpath data fetch --only esco`"
    )


def manual_steps(data_dir: Path) -> list[str]:
    """What to add by hand (sources that `data fetch` cannot download and that are absent)."""
    if any((data_dir / "crosswalks").glob("*esco*onet*.csv")):
        return []
    return [
        f"ESCO↔O*NET crosswalk: Nesta's 'Mapping Career Causeways' CSV into {data_dir}/crosswalks/"
    ]


def fetch_sources(
    settings: Settings, sources: Iterable[str], *, onet: str, progress: Progress | None = None
) -> list[Outcome]:
    """Fetch each chosen source (``onet``, ``bls``, ``esco``), going on past failures."""
    say = progress or (lambda _m: None)
    headers = {"User-Agent": settings.http_user_agent}
    out: list[Outcome] = []
    with httpx.Client(timeout=settings.download_timeout, headers=headers) as client:
        for source in sources:
            if source == "onet":
                out.append(_fetch_onet(settings, onet, client, say))
            elif source == "bls":
                year, base = settings.bls_oews_year, settings.bls_base_url
                downloads = bls_downloads(settings.data_dir, year=year, base_url=base)
                out += [_fetch_one(d, client, say) for d in downloads]
            elif source == "esco":
                out.append(_fetch_esco(settings, client, say))
    return out


def _fetch_onet(settings: Settings, release: str, client: httpx.Client, say: Progress) -> Outcome:
    """Fetch the O*NET text release (the one required source)."""
    spec = onet_release(settings.data_dir, release, settings.onet_base_url)
    label = f"O*NET {release}"
    if spec.target.is_dir() and any(spec.target.iterdir()):
        return Outcome(label, "present", f"in {spec.target}", required=True)
    try:
        target = fetch_release(spec, client=client, progress=say)
    except CareerpathError as exc:
        return Outcome(label, "failed", str(exc), required=True)
    return Outcome(label, "ok", f"unpacked into {target}", required=True)


def _fetch_one(download: Download, client: httpx.Client, say: Progress) -> Outcome:
    """Fetch one file unless a file standing for it is already there."""
    have = present(download)
    if have is not None:
        return Outcome(download.label, "present", f"{have}")
    try:
        (summary,) = fetch_files([download], client=client, progress=say)
    except CareerpathError as exc:
        return Outcome(download.label, "failed", str(exc))
    return Outcome(download.label, "ok", f"{download.target}: {summary}")


def _fetch_esco(settings: Settings, client: httpx.Client, say: Progress) -> Outcome:
    """Fetch the ESCO zips of CAREERPATH_ESCO_URL; unset, say what to download by hand."""
    urls = (settings.esco_url or "").split()
    if not urls:
        root = settings.data_dir / "esco"
        have = (
            sorted(p for p in root.iterdir() if not p.name.startswith(".")) if root.is_dir() else []
        )
        if have:
            return Outcome("ESCO", "present", ", ".join(str(p) for p in have))
        return Outcome(
            "ESCO", "manual", "CAREERPATH_ESCO_URL is unset: " + esco_by_hand(settings.data_dir)
        )
    downloads = esco_downloads(settings.data_dir, urls, settings.esco_version)
    label, folder = downloads[0].label, downloads[0].target.parent
    if all(d.target.is_file() for d in downloads):
        return Outcome(label, "present", f"in {folder}")
    try:
        summaries = fetch_files(
            downloads, client=client, progress=say, complete=esco_complete(folder)
        )
    except CareerpathError as exc:
        return Outcome(label, "failed", str(exc))
    return Outcome(label, "ok", f"{folder}: {summaries[-1]}")


def require(outcomes: Iterable[Outcome], *, strict: bool) -> None:
    """A MissingDataError when a required source (or, ``strict``, any source) failed."""
    failed = [o.source for o in outcomes if o.status == "failed" and (o.required or strict)]
    if failed:
        raise MissingDataError(
            f"{', '.join(failed)}: neither present nor fetched",
            hint="the report above says what to download and where to put it",
        )
