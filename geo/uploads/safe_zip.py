"""Unpack a user's zip without letting it write outside its folder or fill the disk.

A zip is a list of instructions written by whoever made it: an entry called
``../../app.py`` or ``/etc/passwd`` asks us to write there, a symlink entry points
anywhere, and a 40 kB file can declare (or, worse, *hide*) gigabytes of output. This
module refuses all of those before or while writing, so the upload reader and the
essay-bundle loader can both trust what lands in ``dest``.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

_CHUNK = 64 * 1024


class UnsafeZipError(ValueError):
    """The zip is malformed or asks for something we refuse to do; the message says which."""


class ExtractLimits(Protocol):
    """Anything with these two attributes (``UploadLimits`` in ``geo.uploads.read`` is one)."""

    max_unzipped_bytes: int
    max_zip_entries: int


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one archive; the defaults suit map layers and essay bundles."""

    max_unzipped_bytes: int = 500 * 1024 * 1024
    max_zip_entries: int = 1000


def safe_extract(data: bytes, dest: Path, limits: ExtractLimits = ZipLimits()) -> list[Path]:
    """Extract the zip held in ``data`` into ``dest`` and return the files written.

    Parameters
    ----------
    data
        The raw bytes of the uploaded ``.zip``.
    dest
        An existing, empty folder (normally a ``TemporaryDirectory``); nothing is written
        outside it.
    limits
        ``max_zip_entries`` and ``max_unzipped_bytes`` (the total over all entries).

    Returns
    -------
    list of Path
        Regular files written, in archive order. Directory entries are created but not listed.

    Raises
    ------
    UnsafeZipError
        For a corrupt archive, too many entries, an absolute or ``..`` path, a symlink,
        an encrypted entry, or more output than ``max_unzipped_bytes`` — whether the
        header declares it or the data only reveals it while streaming.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise UnsafeZipError(
            "The file is not a readable zip archive (it may be truncated or not a zip at all); "
            "re-create the zip and upload it again."
        ) from exc
    with archive:
        infos = archive.infolist()
        _check_entries(infos, limits)
        root = dest.resolve()
        written: list[Path] = []
        budget = limits.max_unzipped_bytes
        for info in infos:
            target = root.joinpath(*PurePosixPath(info.filename.replace("\\", "/")).parts)
            try:
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                budget = _stream_entry(archive, info, target, budget, limits.max_unzipped_bytes)
            except OSError as exc:
                raise UnsafeZipError(
                    f"The zip entry '{info.filename}' clashes with another entry (a file and a folder of "
                    "the same name); re-create the zip."
                ) from exc
            written.append(target)
    return written


def _check_entries(infos: list[zipfile.ZipInfo], limits: ExtractLimits) -> None:
    """Refuse the whole archive up front when its directory already shows a problem."""
    if len(infos) > limits.max_zip_entries:
        raise UnsafeZipError(
            f"The zip holds {len(infos):,} entries; the limit is {limits.max_zip_entries:,}. "
            "Zip only the files of one layer."
        )
    declared = 0
    for info in infos:
        _check_name(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UnsafeZipError(
                f"The zip entry '{info.filename}' is a symbolic link, which is refused; "
                "zip the real files instead."
            )
        if info.flag_bits & 0x1:
            raise UnsafeZipError(
                f"The zip entry '{info.filename}' is password-protected; upload an unencrypted zip."
            )
        declared += info.file_size
    if declared > limits.max_unzipped_bytes:
        raise UnsafeZipError(
            f"The zip would unpack to {_mb(declared)}, over the {_mb(limits.max_unzipped_bytes)} limit "
            "(this is how zip bombs work); upload a smaller archive."
        )


def _check_name(name: str) -> None:
    """Refuse names that would land outside the destination folder ("zip slip")."""
    posix = name.replace("\\", "/")
    parts = PurePosixPath(posix).parts
    absolute = posix.startswith("/") or (len(posix) > 1 and posix[1] == ":")
    if not parts or parts == (".",):
        raise UnsafeZipError("The zip has an entry with an empty name; re-create the zip.")
    if absolute or ".." in parts or "\x00" in name:
        raise UnsafeZipError(
            f"The zip entry '{name}' points outside the archive folder (an absolute path or '..'), "
            "which is refused as a zip-slip attack; re-create the zip from the layer's own folder."
        )


def _stream_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, cap: int
) -> int:
    """Copy one entry in chunks, counting real bytes: a header can lie about its size."""
    try:
        with archive.open(info) as src, target.open("wb") as out:
            while chunk := src.read(_CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise UnsafeZipError(
                        f"The zip unpacks to more than the {_mb(cap)} limit even though its header "
                        "declares less (this is how zip bombs work); upload a smaller archive."
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnsafeZipError(
            f"The zip entry '{info.filename}' cannot be decompressed ({exc}); re-create the zip."
        ) from exc
    return budget


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB"
