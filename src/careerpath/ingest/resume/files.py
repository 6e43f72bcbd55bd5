"""Reading a resume file safely: size limit, format sniffed from magic bytes, text decoding."""

from __future__ import annotations

import codecs
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from careerpath.domain.errors import DataError

FORMATS = ("pdf", "docx", "text")
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\xd0\xcf\x11\xe0": "a legacy Word/Office (OLE) file",
    b"{\\rtf": "an RTF file",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}
_HINT_FORMATS = "upload a PDF, a DOCX or a plain-text resume"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with a note when a fallback encoding was used."""

    text: str
    encoding: str
    note: str = ""


def read_limited(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes; DataError when missing or larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror})", path=str(path)) from exc
    check_size(size, name=str(path), max_bytes=max_bytes)
    return path.read_bytes()


def check_size(size: int, *, name: str, max_bytes: int) -> None:
    """DataError when ``size`` exceeds the configured upload limit."""
    if size > max_bytes:
        raise DataError(
            f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.1f} MB limit",
            path=name,
            hint="upload a smaller file or raise CAREERPATH_MAX_UPLOAD_BYTES",
        )


def sniff(data: bytes, *, name: str) -> str:
    """The format (pdf|docx|text) from the bytes themselves, never from the extension."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name=name)
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise DataError(
                f"this is {what}, not a resume format careerpath reads",
                path=name,
                hint=_HINT_FORMATS,
            )
    if _looks_textual(data):
        if name.lower().endswith(".docx"):
            raise DataError(
                "named .docx but is not a DOCX (zip) file", path=name, hint=_HINT_FORMATS
            )
        return "text"
    raise DataError("unknown binary file type", path=name, hint=_HINT_FORMATS)


def _zip_kind(data: bytes, *, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise DataError(
            "a damaged zip/DOCX file", path=name, hint="re-save the document as DOCX or PDF"
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    raise DataError("a zip archive that is not a Word document", path=name, hint=_HINT_FORMATS)


def _looks_textual(data: bytes) -> bool:
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return True
    if not sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) < 0.02


def decode_text(data: bytes, *, name: str) -> Decoded:
    """UTF-8 (BOM or not), then UTF-16 with a BOM, then cp1252 with a note; DataError otherwise."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise DataError(
                "damaged UTF-16 text", path=name, hint="save the file as UTF-8"
            ) from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError(
            "text is neither UTF-8, UTF-16 nor Windows-1252",
            path=name,
            hint="save the file as UTF-8",
        ) from exc
    return Decoded(
        text, "cp1252", f"{name}: not UTF-8; read as Windows-1252 (cp1252), check accents"
    )
