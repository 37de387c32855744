"""Finding plan folders and reading their files: inside the folder given, bounded, never blocking.

A pull request chooses the file names and may put a FIFO, a device or a symbolic link
where a plan file should be. `read_text` reads a regular file of at most MAX_BYTES that
lies in the plan folder once every link is followed, as UTF-8 text; every refusal is a
`LoadProblem` whose reason is worded by errno, never by the operating system's English.
"""

from __future__ import annotations

import codecs
import errno
import gc
import os
import re
import stat
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rusplan.messages import Msg

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class LoadProblem(Exception):
    """A file could not be read as data; `key` names the message."""

    code: str
    key: str
    line: int = 1
    column: int = 1
    params: dict[str, Any] = field(default_factory=dict)


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _line_column(before: str) -> tuple[int, int]:
    """Line and column (1-based) of the character after `before`, counting line breaks as YAML does."""
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


_CONTENT_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)  # a line that is neither blank nor a comment
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


_OS_REASONS = {
    errno.EACCES: "os.permission", errno.EPERM: "os.permission", errno.ENOENT: "os.missing", errno.ELOOP: "os.loop", errno.EISDIR: "os.directory",
    errno.ENOSPC: "os.full", errno.EDQUOT: "os.full", errno.EROFS: "os.read_only", errno.ENOTDIR: "os.not_directory", errno.EEXIST: "os.exists",
    errno.ENAMETOOLONG: "os.name_too_long", errno.EIO: "os.io", errno.EBUSY: "os.busy", errno.EXDEV: "os.cross_device",
}


def os_reason(exc: OSError) -> Msg:
    """The operating system's reason in the reader's language (its own text is English): by errno, never by its words."""
    key = _OS_REASONS.get(exc.errno or 0)
    return Msg.of(key) if key else Msg.of("os.other", detail=errno.errorcode.get(exc.errno or 0, "?"))


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, or LoadProblem.

    A FIFO would block the open and a device (/dev/zero) would never end, so the file is
    opened without blocking, must be a regular file, and is read no further than the limit.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadProblem("RP010", "unreadable", params={"reason": os_reason(exc)}) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoadProblem("RP010", "unreadable", params={"reason": Msg.of("os.directory")})
        if not stat.S_ISREG(info.st_mode):
            raise LoadProblem("RP010", "unreadable", params={"reason": Msg.of("os.not_regular")})
        raw = b""
        if info.st_size <= MAX_BYTES:
            with os.fdopen(fd, "rb", closefd=False) as file:
                raw = file.read(MAX_BYTES + 1)  # it may have grown since
    except OSError as exc:
        raise LoadProblem("RP010", "unreadable", params={"reason": os_reason(exc)}) from None
    finally:
        os.close(fd)
    size = max(info.st_size, len(raw))
    if size > MAX_BYTES:
        raise LoadProblem("RP009", "too_large", params={"mb": round(size / 1024 / 1024, 1), "max_mb": MAX_BYTES // 1024 // 1024})
    return raw


_READ: dict[str, str] = {}  # path as given -> the file it led to, for every plan file the loader read


def _inside(path: Path, folder: Path) -> Path:
    """The file `path` leads to, which must lie in `folder`: a symbolic link out of it is refused unread."""
    try:
        real = path.resolve(strict=True)
        home = folder.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # missing, or a loop (RuntimeError before Python 3.13)
        reason = os_reason(exc) if isinstance(exc, OSError) else Msg.of("os.loop")
        raise LoadProblem("RP010", "unreadable", params={"reason": reason}) from None
    if not real.is_relative_to(home):
        raise LoadProblem("RP010", "outside_folder", params={"folder": str(folder)})
    return real


def reads(files: Iterable[str]) -> dict[str, str]:
    """What the loader recorded for `files` (a worker process hands it back with its findings)."""
    return {file: _READ[file] for file in files if file in _READ}


def remember_reads(record: dict[str, str]) -> None:
    """Take over what a worker process read, so excerpts of its findings can be shown here."""
    _READ.update(record)


def read_source(path: Path) -> bytes | None:
    """The bytes of a plan file the loader has read, for a finding's excerpt; None for any other file.

    A file the loader refused (a link out of the plan folder) or never read (an unknown
    file, a focus area not listed) is not read here either, so its content never reaches
    the output.
    """
    real = _READ.get(str(path))
    if real is None:
        return None
    try:
        if str(Path(path).resolve(strict=True)) != real:
            return None
        return read_bytes(Path(real))
    except (OSError, RuntimeError, LoadProblem):
        return None


def read_text(path: Path, within: Path | None = None) -> str:
    """Bytes to text: size limit, UTF-8 (BOM tolerated), CRLF normalised, tabs refused.

    With `within`, the file must lie in that folder once every symbolic link is followed.
    """
    real = _inside(path, within) if within is not None else path
    raw = read_bytes(real)
    _READ[str(path)] = str(real.resolve()) if within is None else str(real)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8"))
        raise LoadProblem("RP003", "not_utf8", line, column, {"byte": f"0x{raw[exc.start]:02X}"}) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTENT_LINE.search(text) is None:
        raise LoadProblem("RP005", "empty_file")
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        raise LoadProblem("RP004", "tab_indent", text.count("\n", 0, tab.start()) + 1, tab.end() - tab.start())
    return text


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, every symbolic link followed, lies in `folder` (also followed)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def is_plan_dir(path: Path) -> bool:
    return (path / "plan.yaml").is_file()


def canonical(path: Path) -> Path:
    """One spelling for one folder, whatever the user typed: «.», «..», «./x/», absolute, a symlink.

    A plan's id is its folder's name and its predecessor lies beside it, so the path must
    end in the real name and have the real parent. It stays relative to the working
    folder when it is inside it (or is one of its parents), as users and CI logs expect.
    """
    resolved = path.resolve()
    if resolved.parent == resolved:
        return resolved
    here = Path.cwd().resolve()
    if resolved.is_relative_to(here) or here.is_relative_to(resolved):
        return Path(os.path.relpath(resolved.parent, here)) / resolved.name
    return resolved


def default_paths() -> list[Path]:
    """What `rusplan validate` with no path checks: the plan folder you stand in, else plans/."""
    return [Path(".")] if is_plan_dir(Path(".")) else [Path("plans")]


def discover(root: Path) -> list[Path]:
    """Plan folders at or directly below `root` (a plan, or a folder of plans)."""
    if is_plan_dir(root):
        return [root]
    found = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir() and is_plan_dir(Path(entry.path)):
                found.append(Path(entry.path))
        except OSError:
            continue
    return found


@contextmanager
def without_cyclic_gc():
    """Plans are millions of small objects without reference cycles, freed by reference counting.

    The cyclic collector, triggered by those allocations, would scan every plan already loaded
    again and again: a third of the time of validating a national corpus (docs/benchmarks.md).
    Used around everything that loads many plans at once (validate, diff).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
