"""Unpack a student's archive (``.zip``, ``.tar``, ``.tar.gz``, ``.tgz``) safely into a folder of the grader's.

Nothing outside the destination is ever written: absolute names, ``..``, links, devices and FIFOs are skipped; the
number of members and the unpacked size are capped; macOS resource forks are ignored. An archive that cannot be
read raises :class:`ArchiveError` with a one-line reason (corrupt, encrypted, unsupported compression, too big).
"""
from __future__ import annotations

import os
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


COMPILED = (".pyc", ".pyo", ".so", ".pyd", ".dylib", ".dll")
SKIPPED_DIRS = {"__pycache__", "__MACOSX", ".git", ".ipynb_checkpoints", ".venv", "venv", "node_modules"}


def _module_names() -> set[str]:
    from .registry import all_assignments

    return {f[:-3] for a in all_assignments() for f in a.files}


def skip_reason(parts: list[str]) -> str:
    """Why a member of a submission is left out ("" to keep it): compiled code (the grader runs the sources it can
    read), caches and tool folders, and folders named like a student module (they would shadow the module's file)."""
    if any(p in SKIPPED_DIRS for p in parts[:-1]):
        return "cache"
    if parts[-1].lower().endswith(COMPILED):
        return f"compiled file {'/'.join(parts)} ignored: the grader runs your .py files only"
    modules = _module_names()
    if any(p in modules for p in parts[:-1]):
        return f"folder {'/'.join(parts[:-1])} ignored: it has the name of a module you must write as a .py file"
    return ""


def _safe_parts(name: str) -> list[str] | None:
    name = name.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or name.startswith("/") or ":" in parts[0]:
        return None
    return parts


def copy_folder(src: Path, dest: Path) -> list[str]:
    """Copy a submitted folder into ``dest`` by the same rules as an archive: no link is followed or copied (a link
    could point at the solutions or at another student), only regular files, no compiled code or caches, within the
    size and count limits. Returns notes for the student about what was left out."""
    notes, count, size = [], 0, 0
    src = Path(src)
    for top, dirs, files in os.walk(src, followlinks=False):
        rel_top = Path(top).relative_to(src)
        for d in list(dirs):
            path = Path(top) / d
            if path.is_symlink():
                notes.append(f"link {(rel_top / d).as_posix()} ignored: submissions may not contain links")
                dirs.remove(d)
            elif d in SKIPPED_DIRS or d.startswith("."):
                dirs.remove(d)
        for f in files:
            rel = rel_top / f
            parts = list(rel.parts)
            path = Path(top) / f
            if path.is_symlink():
                notes.append(f"link {rel.as_posix()} ignored: submissions may not contain links")
                continue
            reason = skip_reason(parts)
            if reason:
                if reason != "cache":
                    notes.append(reason)
                continue
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            count += 1
            size += st.st_size
            _check_sizes(src, count, size)
            target = dest.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError as exc:
                notes.append(f"{rel.as_posix()} could not be read ({exc.strerror})")
                continue
            with os.fdopen(fd, "rb") as fh, open(target, "wb") as out:
                shutil.copyfileobj(fh, out)
    dest.mkdir(parents=True, exist_ok=True)
    return notes


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
                if parts is None or stat.S_ISLNK(m.external_attr >> 16) or (not m.is_dir() and skip_reason(parts)):
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
            count = size = 0
            for m in tf:  # one member at a time: a million empty entries stop at the limit, not after reading all
                count += 1
                size += m.size if m.isfile() else 0
                _check_sizes(path, count, size)
                parts = _safe_parts(m.name)
                if parts is None or not (m.isfile() or m.isdir()) or (m.isfile() and skip_reason(parts)):
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
