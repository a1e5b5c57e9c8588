"""Where uploaded documents live: a small interface, a local-folder default.

The web tier is stateless (DESIGN.md), so an upload is written once to a
store every process can read, and only its :class:`UploadInfo` travels with
the draft or the application. The local folder under ``instance/uploads``
serves the embedded set-up; an S3-compatible store (``framework.storage.s3``,
``MPP_S3_BUCKET``) implements the same three methods for several machines.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import filetype

# what `filetype` reports → the name used in definitions (`accept: [pdf, jpg, png]`)
KINDS: dict[str, str] = {"pdf": "pdf", "jpg": "jpg", "png": "png"}
ALIASES: dict[str, str] = {"jpeg": "jpg"}
KEY = re.compile(r"[A-Za-z0-9_\-]{16,64}")  # what `secrets.token_urlsafe(24)` makes, and nothing with a path in it


@dataclass(frozen=True)
class UploadInfo:
    """One stored upload, as a draft or an application refers to it.

    ``kind`` is detected from the bytes, never from the file name, so a
    renamed executable is not a "pdf".
    """

    key: str
    filename: str
    size: int
    kind: str | None
    mime: str | None
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UploadInfo:
        return cls(
            str(data.get("key", "")),
            str(data.get("filename", "")),
            int(data.get("size") or 0),
            data.get("kind"),
            data.get("mime"),
            str(data.get("sha256", "")),
        )


def sniff(data: bytes) -> tuple[str | None, str | None]:
    """(kind, mime) of ``data`` judged by its content; (None, None) when unknown."""
    guessed = filetype.guess(data[:8192])
    if guessed is None:
        return None, None
    return KINDS.get(guessed.extension), guessed.mime


def accepted_kinds(accept: tuple[str, ...] | list[str]) -> set[str]:
    return {ALIASES.get(kind, kind) for kind in accept}


def describe(data: bytes, filename: str, key: str = "") -> UploadInfo:
    kind, mime = sniff(data)
    return UploadInfo(key, safe_name(filename, kind), len(data), kind, mime, hashlib.sha256(data).hexdigest())


def safe_name(filename: str, kind: str | None = None) -> str:
    """The name to show people and to forward; never used as a path (a file is stored under a random key).

    No folders (``../../x.html`` → ``x.html``); any script's letters, digits,
    punctuation and symbols kept ("фото.jpg" was shown as "_.jpg", an emoji
    as "_"), NFC-normalised so one name is one string; control and format
    characters dropped (U+202E turned ``gpj.exe`` round on screen, a zero
    width space hid in a name); what Windows refuses in a name ``_``; no
    leading dot, at most 120 characters, and the extension of the content
    actually found (a PDF named ``x.html`` is ``x.pdf``), so no later reader
    is misled about what the file is. Every page escapes it and a download
    header encodes it (:func:`framework.web.headers.content_disposition`).
    """
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", filename or ""))[-1]
    name = " ".join("".join(_shown_character(c) for c in base).split()).strip(" .")[:120] or "berkas"
    if kind is not None:
        stem, dot, extension = name.rpartition(".")
        if ALIASES.get(extension.lower(), extension.lower()) != kind:
            name = f"{stem if dot else name}.{kind}"
    return name


# what a saved copy's name may not hold on Windows (an officer's download), besides the folder separators
REPLACED = frozenset('<>:"|?*')


def _shown_character(character: str) -> str:
    """One character of a shown file name: itself, a space, ``_``, or nothing."""
    if character.isspace():  # a tab, a no-break or ideographic space, a line break: one space
        return " "
    if unicodedata.category(character)[0] == "C":  # control, format (bidi overrides, zero width), unassigned
        return ""
    return "_" if character in REPLACED else character  # letters, marks, digits, punctuation, symbols


@dataclass(frozen=True)
class StoredFile:
    """One file in a store, as a sweep sees it: its key and when it was written (aware UTC)."""

    key: str
    written_at: datetime


class Storage(Protocol):
    def save(self, data: bytes, filename: str) -> UploadInfo: ...

    def open(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def stored(self) -> Iterator[StoredFile]:
        """Every file in the store (for `mpp purge`'s sweep of files nothing refers to)."""
        ...


class LocalStorage:
    """Files in one folder, named by a random key (never by the citizen's file name)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def save(self, data: bytes, filename: str) -> UploadInfo:
        key = secrets.token_urlsafe(24)
        self.root.mkdir(parents=True, exist_ok=True)
        write_durably(self.root / key, data)
        return describe(data, filename, key)

    def _path(self, key: str) -> Path:
        if not KEY.fullmatch(key):
            raise KeyError(key)
        return self.root / key

    def open(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def stored(self) -> Iterator[StoredFile]:
        """The folder's files named like a key; anything else in it is not this store's and is never listed."""
        if not self.root.is_dir():
            return
        with os.scandir(self.root) as entries:
            for entry in entries:
                if KEY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    yield StoredFile(entry.name, datetime.fromtimestamp(entry.stat().st_mtime, UTC))


def write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to the new file ``path``, and flush it and its folder's entry to the disk, before returning.

    Why: the row that names the file commits right after, and on PostgreSQL
    that commit is on the disk; a power cut must not leave an application
    whose document is missing or empty (ext4 writes a new file's data up to
    half a minute later). It costs one disk flush per upload: about 0.5 ms
    of wall time on the benchmark machine. ``O_EXCL``: a key is never
    written twice.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def storage_for(app: Any) -> Storage:
    """The app's storage: ``app.extensions['mpp.storage']``, else the object store of ``MPP_S3_*``, else a folder."""
    store = app.extensions.get("mpp.storage")
    if store is None:
        store = configured_storage(app.config.get("MPP_UPLOADS") or Path(app.instance_path) / "uploads")
        app.extensions["mpp.storage"] = store
    return store


def configured_storage(folder: str | Path) -> Storage:
    """The S3-compatible store when ``MPP_S3_BUCKET`` is set (every machine shares it), else ``folder``."""
    from framework.storage.s3 import from_environment

    return from_environment() or LocalStorage(Path(folder))
