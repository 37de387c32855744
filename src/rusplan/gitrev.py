"""Where `rusplan diff` reads plans from: the working tree, or a git revision.

A revision is read with `git ls-tree` and `git cat-file --batch` into a
temporary folder named like the plan folder, and loaded like any plan folder.
Only plumbing commands that read the object database are used, so the working
tree, the index and the refs stay exactly as they were.

`REV:PATH` follows git: PATH is relative to the top of the repository unless it
starts with `./` or `../`. With `--git BASE`, the paths are ordinary paths
(relative to the current folder) and are read on both sides.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import subprocess
import tempfile
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rusplan import atomic
from rusplan.load import load_document
from rusplan.messages import Msg, WordedError
from rusplan.model import Plan
from rusplan.planfiles import MAX_BYTES, LoadProblem, canonical, discover, os_reason, without_cyclic_gc
from rusplan.planfolder import LoadedPlan, read_plan


class SourceError(WordedError):
    """A side of the comparison cannot be read; `msg` says why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(Msg.of(key, **params))


class GitRevError(SourceError):
    """git could not give us the plan: no repository, unknown revision, path not in it."""


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a revision (None: the working tree), the paths asked for, the plans found."""

    rev: str | None
    paths: tuple[str, ...]
    plans: tuple[LoadedPlan, ...] = dataclasses.field(default=(), compare=False)
    identical: tuple[tuple[str, str], ...] = ()  # (folder name, plan id) of plans whose files are the same on both sides, not loaded

    @property
    def label(self) -> str:
        return ", ".join(f"{self.rev}:{p}" if self.rev is not None else p for p in self.paths)

    def by_name(self) -> dict[str, Plan]:
        """Loaded plans by folder name (call only when none failed to load)."""
        return {loaded.folder.name: loaded.plan for loaded in self.plans if loaded.plan is not None}


def sides(args: Sequence[str], base: str | None = None, cwd: Path | None = None) -> tuple[Side, Side]:
    """What `rusplan diff ARGS [--git BASE]` compares, loaded. Raises SourceError."""
    here = Path(cwd) if cwd is not None else Path.cwd()
    if base is not None:
        with without_cyclic_gc():  # a whole repository of plans, twice: see planfiles.without_cyclic_gc
            return _git_sides(base, list(args) or ["plans"], here)
    if not args or len(args) > 2:
        raise SourceError("gitrev.two_plans")
    old_rev, old_path = split_spec(args[0], here)
    if len(args) == 2:
        new_rev, new_path = split_spec(args[1], here)
    elif old_rev is None:
        raise SourceError("gitrev.new_side", spec=args[0])
    else:
        new_rev, new_path = None, _worktree_counterpart(old_path, here)
    return _side(old_rev, old_path, args[0], here), _side(new_rev, new_path, args[1] if len(args) == 2 else new_path, here)


def split_spec(text: str, cwd: Path) -> tuple[str | None, str]:
    """(`REV`, `PATH`) from `REV:PATH`, or (None, path). An existing path wins over a colon in its name."""
    if ":" not in text or (cwd / text).exists():
        return None, text
    rev, path = text.split(":", 1)
    if not rev:
        raise GitRevError("gitrev.no_revision", spec=text, path=path)
    return rev, path or "."


def _side(rev: str | None, path: str, shown: str, cwd: Path) -> Side:
    if rev is None:
        plans = _worktree_plans(cwd / path, shown, required=True)
        return Side(None, (shown,), tuple(plans))
    repo = Repo.at(cwd)
    tree = repo.tree(rev)
    relative = repo.relative(path, from_cwd=path.startswith(("./", "../")) or path in (".", ".."))
    plans = repo.plans(rev, tree, relative)
    if not plans:
        raise GitRevError("gitrev.not_plan_at_rev", path=path, rev=rev)
    return Side(rev, (path,), tuple(plans))


def _worktree_counterpart(path: str, cwd: Path) -> str:
    """The working-tree path of `REV:PATH` (PATH from the repository top, git's way), shown relative to here."""
    if path.startswith(("./", "../")) or path in (".", ".."):
        return path
    top = Repo.at(cwd).top
    return os.path.relpath(top / path, cwd)


def _worktree_plans(path: Path, shown: str, *, required: bool, skip: frozenset[Path] = frozenset()) -> list[LoadedPlan]:
    if not path.exists():
        if not required:
            return []
        raise SourceError("gitrev.missing", path=shown)
    folders = discover(canonical(path)) if path.is_dir() else []
    if not folders and required:
        raise SourceError("gitrev.not_plan", path=shown)
    return [read_plan(folder) for folder in folders if folder.resolve() not in skip]


def _git_sides(base: str, paths: list[str], cwd: Path) -> tuple[Side, Side]:
    """Every plan under `paths` at BASE and in the working tree. A plan folder whose files git
    finds unchanged since BASE (no change, no new file) is not read on either side: a pull request
    that touches a tenth of a county's plans costs a tenth of reading them all."""
    repo = Repo.at(cwd)
    tree = repo.tree(base)
    old: list[LoadedPlan] = []
    new: list[LoadedPlan] = []
    identical: list[tuple[str, str]] = []
    for path in paths:
        relative = repo.relative(path, from_cwd=True)
        same = repo.unchanged_plan_folders(tree, relative, cwd / path)
        identical.extend((Path(folder).name, plan_id) for folder, plan_id in same.items())
        at_base = repo.plans(base, tree, relative, skip=frozenset(same))
        in_tree = _worktree_plans(cwd / path, path, required=False, skip=frozenset(repo.top / folder for folder in same))
        if not at_base and not in_tree and not same:
            raise SourceError("gitrev.no_plans", path=path, rev=base)
        old.extend(at_base)
        new.extend(in_tree)
    for plans, where in ((old, base), (new, None)):
        counts = Counter([p.folder.name for p in plans] + [name for name, _ in identical])
        for name in sorted(n for n, count in counts.items() if count > 1):
            raise SourceError("gitrev.twice_at_rev", name=name, rev=where) if where else SourceError("gitrev.twice_in_worktree", name=name)
    return Side(base, tuple(paths), tuple(old), tuple(identical)), Side(None, tuple(paths), tuple(new), tuple(identical))


@dataclass(frozen=True)
class Repo:
    """A git repository seen from a folder inside it."""

    cwd: Path
    top: Path
    prefix: str  # the folder's path from the top, "" or ending in "/"

    @classmethod
    def at(cls, cwd: Path) -> Repo:
        out = _git(cwd, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
        if out.returncode != 0:
            raise GitRevError("gitrev.not_repository", path=str(cwd))
        lines = out.stdout.decode("utf-8", "replace").split("\n")
        return cls(cwd, Path(lines[0]), lines[1] if len(lines) > 1 else "")

    def tree(self, rev: str) -> str:
        """The tree id of `rev`, or GitRevError saying the revision is unknown."""
        if rev.startswith("-") or not rev.strip() or any(ch in rev for ch in "\0\n"):
            raise _bad_revision(rev)
        out = _git(self.cwd, "rev-parse", "--verify", "--quiet", f"{rev}^{{tree}}", check=False)
        if out.returncode != 0:
            raise _bad_revision(rev)
        return out.stdout.decode("ascii").strip()

    def relative(self, path: str, *, from_cwd: bool) -> str:
        """`path` from the top of the repository ("" for the top); from here when `from_cwd`."""
        if os.path.isabs(path):
            joined = os.path.relpath(os.path.realpath(path), os.path.realpath(self.top)).replace(os.sep, "/")
        else:
            joined = posixpath.join(self.prefix if from_cwd else "", Path(path).as_posix())
        normal = posixpath.normpath(joined)
        if normal == ".." or normal.startswith("../"):
            raise GitRevError("gitrev.outside", path=path, top=str(self.top))
        return "" if normal == "." else normal

    def unchanged_plan_folders(self, tree: str, relative: str, worktree_path: Path) -> dict[str, str]:
        """Plan folders under `relative` (from the top) whose files are the same in `tree` and in the
        working tree: no file changed, deleted or added (ignored files count as added). Values: plan ids."""
        if not worktree_path.is_dir():
            return {}
        spec = ["--", relative] if relative else []
        changed = _git(self.top, "diff", "--no-renames", "--name-only", "-z", tree, *spec).stdout.split(b"\0")
        added = _git(self.top, "ls-files", "--others", "-z", *spec).stdout.split(b"\0")
        touched = {raw.decode("utf-8", "surrogateescape") for raw in (*changed, *added) if raw}
        at_base = {sub.rsplit("/", 1)[0] if "/" in sub else "" for _, _, sub in self._files(tree, relative) if sub.endswith("plan.yaml")}
        top = self.top.resolve()
        same: dict[str, str] = {}
        for folder in discover(canonical(worktree_path)):
            folder_rel = os.path.relpath(folder.resolve(), top).replace(os.sep, "/")
            below = posixpath.relpath(folder_rel, relative) if relative else folder_rel
            below = "" if below == "." else below
            if below not in at_base or any(path == folder_rel or path.startswith(folder_rel + "/") for path in touched):
                continue
            same[folder_rel] = _plan_id(folder)
        return same

    def plans(self, rev: str, tree: str, relative: str, skip: frozenset[str] = frozenset()) -> list[LoadedPlan]:
        """The plan folders at or right below `relative` in `tree`, loaded (but not those in `skip`,
        given from the top); [] when the path is not there."""
        entries = self._files(tree, relative)
        if skip:
            prefix = relative + "/" if relative else ""
            entries = [e for e in entries if not any((prefix + e[2]).startswith(folder + "/") for folder in skip)]
        if not entries:
            return []
        name = posixpath.basename(relative) or self.top.name
        with tempfile.TemporaryDirectory(prefix="rusplan-diff-") as tmp:
            root = Path(tmp) / name
            self._write(entries, relative, root)
            loaded = []
            for folder in discover(root) if root.is_dir() else []:
                plan = read_plan(folder)
                _relabel(plan, str(root), rev, relative)
                loaded.append(plan)
        return loaded

    def _files(self, tree: str, relative: str) -> list[tuple[str, int, str]]:
        """(object id, size, path below `relative`) of every regular file under `relative`."""
        spec = ["--", relative] if relative else []
        out = _git(self.cwd, "ls-tree", "-r", "-z", "-l", "--full-tree", tree, *spec)
        files = []
        for record in out.stdout.split(b"\0"):
            if not record:
                continue
            info, _, raw_path = record.partition(b"\t")
            mode, kind, oid, size = info.decode("ascii").split()
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind != "blob" or mode not in ("100644", "100755"):
                continue  # symlinks, submodules
            if relative and not path.startswith(relative + "/"):
                continue
            files.append((oid, int(size), path[len(relative) + 1 :] if relative else path))
        return files

    def _write(self, entries: list[tuple[str, int, str]], relative: str, root: Path) -> None:
        """Blobs into `root`; files over the loader's size limit become sparse files of the same size."""
        wanted = [(oid, sub) for oid, size, sub in entries if size <= MAX_BYTES and sub.endswith((".yaml", ".yml"))]
        for _, size, sub in entries:
            if size > MAX_BYTES and sub.endswith((".yaml", ".yml")):
                with _placing(sub):
                    target = _inside(root, sub)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    atomic.placeholder(target, size)  # the loader refuses it by its size, without reading
        if not wanted:
            root.mkdir(parents=True, exist_ok=True)
            return
        out = _git(self.cwd, "cat-file", "--batch", input="".join(f"{oid}\n" for oid, _ in wanted).encode("ascii"))
        data, position = out.stdout, 0
        for oid, sub in wanted:
            end = data.index(b"\n", position)
            header = data[position:end].decode("ascii").split()
            if len(header) != 3 or header[0] != oid:
                raise GitRevError("gitrev.cat_file", path=sub)
            size = int(header[2])
            with _placing(sub):
                target = _inside(root, sub)
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic.write_file(target, data[end + 1 : end + 1 + size])
            position = end + 1 + size + 1
        root.mkdir(parents=True, exist_ok=True)


@contextmanager
def _placing(sub: str):
    """A crafted tree can hold both `x.yaml` and `x.yaml/…`, or a path twice: a message, not an internal error."""
    try:
        yield
    except OSError:
        raise GitRevError("gitrev.collision", path=sub) from None


def _plan_id(folder: Path) -> str:
    """The id in plan.yaml, read without loading the plan (the folder name if it cannot be read)."""
    try:
        data = load_document(folder / "plan.yaml", within=folder).data
    except LoadProblem:
        return folder.name
    plan_id = data.get("id") if isinstance(data, dict) else None
    return plan_id if isinstance(plan_id, str) else folder.name


def _inside(root: Path, sub: str) -> Path:
    target = root.joinpath(*sub.split("/"))
    if ".." in sub.split("/") or not target.resolve().is_relative_to(root.resolve()):
        raise GitRevError("gitrev.invalid_path", path=sub)
    return target


def _relabel(loaded: LoadedPlan, tmp_root: str, rev: str, relative: str) -> None:
    """Findings name `REV:path/file`, not the temporary folder that is about to vanish."""

    def shown(file: str) -> str:
        if not file.startswith(tmp_root):
            return file
        rest = file[len(tmp_root) :].lstrip("/")
        return f"{rev}:{posixpath.join(relative, rest) if relative else rest}"

    loaded.findings = [dataclasses.replace(f, file=shown(f.file)) for f in loaded.findings]


def _bad_revision(rev: str) -> GitRevError:
    return GitRevError("gitrev.bad_revision", rev=rev)


def _git(cwd: Path, *args: str, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run a read-only git plumbing command; optional locks off so not even the index is refreshed."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        out = subprocess.run(["git", "--literal-pathspecs", *args], cwd=cwd, input=input, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitRevError("gitrev.no_git") from None
    except OSError as exc:
        raise GitRevError("gitrev.cannot_start", reason=os_reason(exc)) from None
    if check and out.returncode != 0:
        problem = out.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = problem[-1] if problem else f"exit {out.returncode}"
        raise GitRevError("gitrev.failed", command=args[0], detail=detail)
    return out
