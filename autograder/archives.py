"""Unpack a student's archive (``.zip``, ``.tar``, ``.tar.gz``, ``.tgz``) safely into a folder of the grader's.

Nothing outside the destination is ever written: absolute names, ``..``, links, devices and FIFOs are skipped; the
number of members and the unpacked size are capped; macOS resource forks are ignored. An archive that cannot be
read raises :class:`ArchiveError` with a one-line reason (corrupt, encrypted, unsupported compression, too big).
"""
from __future__ import annotations

import shutil
import stat
import tarfile
import zipfile
import zlib
from pathlib import Path

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")


class ArchiveError(Exception):
    """The archive cannot be read (the reason is the message)."""


def archive_kind(path: Path) -> str | None:
    """'zip', 'tar' or None, from the name (what the student meant) — the content is checked when unpacking."""
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar", ".tar.gz", ".tgz")):
        return "tar"
    return None


def archive_stem(path: Path) -> str:
    name = path.name
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _safe_parts(name: str) -> list[str] | None:
    name = name.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or name.startswith("/") or "__MACOSX" in parts or ":" in parts[0]:
        return None
    return parts


def extract(path: Path, dest: Path) -> None:
    """Unpack ``path`` into the existing folder ``dest``."""
    kind = archive_kind(path)
    if kind == "zip" or (kind is None and zipfile.is_zipfile(path)):
        _extract_zip(path, dest)
    elif kind == "tar":
        _extract_tar(path, dest)
    else:
        raise ArchiveError(f"{path.name} is not a folder or a supported archive (.zip, .tar, .tar.gz, .tgz)")


def _extract_zip(path: Path, dest: Path):
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{path.name} is not a readable zip file ({exc})") from None
    try:
        with zf:
            members = zf.infolist()
            _check_sizes(path, len(members), sum(m.file_size for m in members))
            for m in members:
                parts = _safe_parts(m.filename)
                if parts is None or stat.S_ISLNK(m.external_attr >> 16):
                    continue
                target = dest.joinpath(*parts)
                if m.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(m) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
    except ArchiveError:
        raise
    except (RuntimeError, zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise ArchiveError(f"{path.name} cannot be unpacked ({type(exc).__name__}: {exc})") from None


def _extract_tar(path: Path, dest: Path):
    try:
        tf = tarfile.open(path)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise ArchiveError(f"{path.name} is not a readable tar archive ({exc})") from None
    try:
        with tf:
            members = tf.getmembers()
            _check_sizes(path, len(members), sum(m.size for m in members if m.isfile()))
            for m in members:
                parts = _safe_parts(m.name)
                if parts is None or not (m.isfile() or m.isdir()):
                    continue  # links, devices, FIFOs: never created
                target = dest.joinpath(*parts)
                if m.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tf.extractfile(m)
                if src is None:
                    continue
                with src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
    except ArchiveError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as exc:
        raise ArchiveError(f"{path.name} cannot be unpacked ({type(exc).__name__}: {exc})") from None


def _check_sizes(path: Path, members: int, size: int):
    if members > MAX_MEMBERS:
        raise ArchiveError(f"{path.name} has {members} entries (limit {MAX_MEMBERS})")
    if size > MAX_UNPACKED_BYTES:
        raise ArchiveError(f"{path.name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB")
