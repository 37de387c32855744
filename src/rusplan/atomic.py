"""Every file and folder rusplan writes is written here: whole or not at all, and only where asked.

rusplan runs as root in CI containers, on folders an outsider may have prepared. So a write
never follows a planted symbolic link, never replaces a device, a FIFO or a folder, and never
leaves half a file: the data goes to a temporary file with an unpredictable name, created
exclusively (`O_EXCL`, which also refuses a link in its place) in the target's own folder,
is flushed to disk, and is renamed over the target in one step. On any error the temporary
file is removed and the target is as it was. A target that is a symbolic link is refused
unless the caller passes `follow_links` (the user's `--force`); then the file the link
points to is written, and returned, so the command can say so.

Imports nothing from rusplan but the catalog of messages.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from rusplan.messages import Msg

TEMP_PREFIX = ".rusplan-"  # a folder being built beside its target


class Refused(OSError):
    """The target cannot be written as asked; `msg` says why in the reader's language."""

    def __init__(self, key: str, path: Path, **params: object) -> None:
        self.msg = Msg.of(key, path=str(path), **params)
        super().__init__(self.msg.text("nb"))
        self.strerror = self.msg.text("nb")


class Exists(Refused, FileExistsError):
    """The target exists and may not be replaced."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (where folders can be opened; elsewhere nothing to do)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def target_for(path: Path, *, overwrite: bool, follow_links: bool) -> tuple[Path, int | None]:
    """The file to write for `path` and the mode to give it (None: a new file), or Refused.

    A link is followed only with `follow_links`, and then to a regular file or to nothing;
    a folder, a device, a FIFO or a socket is never written over.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path, None
    if stat.S_ISLNK(info.st_mode):
        if not follow_links:
            raise Refused("write_link", path)
        real = Path(os.path.realpath(path))
        if real == path:  # pragma: no cover - a loop: realpath gives up
            raise Refused("write_not_regular", path)
        return target_for(real, overwrite=overwrite, follow_links=False)
    if stat.S_ISDIR(info.st_mode):
        raise Refused("write_directory", path)
    if not stat.S_ISREG(info.st_mode):
        raise Refused("write_not_regular", path)
    if not overwrite:
        raise Exists("write_exists", path)
    return path, stat.S_IMODE(info.st_mode)


def write_file(path: Path, data: bytes | str, *, overwrite: bool = False, follow_links: bool = False) -> Path:
    """Write `data` (text as UTF-8) as the file `path`, atomically; returns the file written.

    `overwrite`: replace an existing regular file (else Refused). `follow_links`: a link
    as target writes the file it points to (else Refused). An existing file keeps its
    permissions; a new one gets the user's umask, as `open` would give it.
    """
    path = Path(path)
    target, mode = target_for(path, overwrite=overwrite, follow_links=follow_links)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")  # O_CREAT|O_EXCL, random name
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        target_for(target, overwrite=overwrite, follow_links=False)  # once more, just before the rename
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_dir(folder)
    return target


def placeholder(path: Path, size: int) -> None:
    """A new sparse file of `size` bytes and no content (a git blob too large to load stands in by its size), created exclusively."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.ftruncate(fd, size)
    finally:
        os.close(fd)


def _relative_parts(name: str) -> tuple[str, ...]:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise ValueError(f"file name outside the folder: {name!r}")
    return parts


def write_folder(target: Path, files: Mapping[str, bytes | str], check: Callable[[Path], None] | None = None) -> None:
    """Write `files` (relative name to content) as the new folder `target`, or nothing at all.

    The folder is built inside a private temporary folder beside `target`, checked by `check`
    (which may raise to abandon it), and renamed into place. An existing `target`, or a link
    in its place, is never touched (Refused).
    """
    target = Path(target)
    for name in files:
        _relative_parts(name)
    if os.path.lexists(target):
        raise Exists("write_exists", target)
    temp = Path(tempfile.mkdtemp(dir=target.parent, prefix=TEMP_PREFIX))
    try:
        staged = temp / target.name
        staged.mkdir()  # the user's umask, not mkdtemp's private mode
        for name, content in files.items():
            path = staged.joinpath(*_relative_parts(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, content)
        if check is not None:
            check(staged)
        if os.path.lexists(target):  # created meanwhile: still never overwrite
            raise Exists("write_exists", target)
        os.rename(staged, target)
        fsync_dir(target.parent)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
