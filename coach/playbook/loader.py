"""Finding, layering, validating and caching playbooks.

Layers, later wins: shipped -> user config dir -> $COACH_PLAYBOOKS -> --playbooks DIR.
A validated set is cached (msgpack, keyed by every source file's path, size and mtime), so
a rep's command neither imports PyYAML nor re-validates when nothing changed.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from coach import __version__, paths
from coach.errors import CoachError, PlaybookError, Problem, UsageError
from coach.playbook.kinds import KINDS
from coach.vocab import STAGES

if TYPE_CHECKING:  # each kind's model is imported when a command first reads that kind
    from coach.playbook.kinds import (
        AnyPlaybook,
        Discovery,
        Flex,
        Module,
        Segmentation,
        Settings,
        Stage,
        Style,
    )
    from coach.playbook.kinds.questions import Interview

SUFFIXES = (".yaml", ".yml")


class Source(msgspec.Struct, frozen=True):
    layer: str
    file: str


class Snapshot(msgspec.Struct):
    """What the cache stores: each kind's merged models, still encoded, so a command decodes
    only the kinds it reads (a brief never pays for the quiz or the module), and where each
    model came from."""

    kinds: dict[str, msgspec.Raw]
    sources: dict[str, dict[str, list[Source]]]


class Playbooks:
    """The merged, validated playbooks of every layer."""

    __slots__ = ("_by_kind", "_encoded", "_found", "sources")

    def __init__(self) -> None:
        self._by_kind: dict[str, dict[str, AnyPlaybook]] = {}
        self._encoded: dict[str, msgspec.Raw] = {}  # kinds from the cache not decoded yet
        self._found: list[tuple[str, Path, Path]] = []  # the files, to re-read a bad cache
        self.sources: dict[tuple[str, str], list[Source]] = {}

    @property
    def by_kind(self) -> dict[str, dict[str, AnyPlaybook]]:
        for kind in list(self._encoded):
            self.of(kind)
        return self._by_kind

    def add(self, kind: str, ident: str, model: AnyPlaybook, sources: list[Source]) -> None:
        self._by_kind.setdefault(kind, {})[ident] = model
        self.sources[(kind, ident)] = sources

    def of(self, kind: str) -> dict:
        raw = self._encoded.pop(kind, None)
        if raw is not None:
            try:
                model = KINDS[kind]
                items: list[AnyPlaybook] = msgspec.msgpack.decode(raw, type=list[model])  # type: ignore[valid-type]
                self._by_kind[kind] = {item.id: item for item in items}
            except (msgspec.DecodeError, msgspec.ValidationError):
                # a cache from other models (a checkout between versions): read the files
                fresh = parse(self._found)
                self._by_kind, self._encoded, self.sources = fresh._by_kind, {}, fresh.sources
        return self._by_kind.get(kind, {})

    @property
    def styles(self) -> dict[str, Style]:
        return self.of("style")

    @property
    def stages(self) -> dict[str, Stage]:
        """In the module's order (new, loyal, potential, at-risk), then any a trainer added."""
        found = self.of("stage")
        order = {sid: i for i, sid in enumerate(STAGES)}
        return {sid: found[sid] for sid in sorted(found, key=lambda s: (order.get(s, 99), s))}

    @property
    def settings(self) -> Settings:
        found = self.of("settings")
        if found:
            return found.get("settings") or next(iter(found.values()))
        from coach.playbook.kinds.settings import Settings

        return Settings(version=1, id="settings")

    @property
    def interview(self) -> Interview:
        """The interview's wording: from the first questions playbook that has it."""
        found = next((b.interview for b in self.of("questions").values() if b.interview), None)
        if found is None:
            raise CoachError("no questions playbook has an interview: block (the interview's "
                             "own wording); the shipped questions.yaml has one to copy")
        return found

    @property
    def questions(self) -> list:
        """Every behaviour question, from every questions playbook, in file order."""
        return [q for book in self.of("questions").values() for q in book.questions]

    @property
    def quiz_items(self) -> list:
        return [item for book in self.of("quiz").values() for item in book.items]

    @property
    def flex(self) -> Flex | None:
        return next(iter(self.of("flex").values()), None)

    @property
    def discovery(self) -> Discovery | None:
        """The brief for a call whose style is not known yet."""
        return next(iter(self.of("discovery").values()), None)

    @property
    def segmentation(self) -> Segmentation | None:
        return next(iter(self.of("segmentation").values()), None)

    @property
    def module(self) -> Module | None:
        return next(iter(self.of("module").values()), None)

    def style(self, style_id: str) -> Style:
        try:
            return self.styles[style_id]
        except KeyError:
            raise UsageError(f"unknown style {style_id!r}; the playbooks have: "
                             f"{', '.join(self.styles)}") from None

    def stage(self, stage_id: str) -> Stage:
        try:
            return self.stages[stage_id]
        except KeyError:
            raise UsageError(f"unknown stage {stage_id!r}; the playbooks have: "
                             f"{', '.join(self.stages)}") from None


def layers(extra: Iterable[Path] = (), checked: Iterable[Path] = ()
           ) -> list[tuple[str, Path]]:
    """The folders (or files) to read, lowest layer first.

    `checked` are the paths given to `coach playbooks validate`: the top layer.
    """
    found: list[tuple[str, Path]] = [("shipped", paths.shipped_playbooks())]
    user = paths.config_dir() / "playbooks"
    if user.is_dir():
        found.append(("user", user))
    given = [("COACH_PLAYBOOKS", entry)
             for entry in os.environ.get("COACH_PLAYBOOKS", "").split(os.pathsep) if entry]
    given += [("--playbooks", str(p)) for p in extra] + [("validate", str(p)) for p in checked]
    for label, entry in given:
        path = Path(entry).expanduser()
        if not path.exists():
            raise UsageError(f"{label}: no such file or folder: {entry}")
        if not path.is_dir() and not path.is_file():  # /dev/zero, a FIFO: nothing to read
            raise UsageError(f"{label}: not a playbook file or folder: {entry}")
        found.append((label, path))
    return found


def files(extra: Iterable[Path] = (), checked: Iterable[Path] = ()
          ) -> list[tuple[str, Path, Path]]:
    """Every playbook file as (layer, layer folder, file), lowest layer first.

    A file reachable from two layers (a shipped file passed to `validate`) is read once,
    in the lower layer, so it is not layered on top of itself.
    """
    out, seen = [], set()
    for layer, root in layers(extra, checked):
        for path in playbook_files(root):
            # the file's identity, not Path.resolve(): a stat, where resolve costs one per
            # folder on the way (~5 ms on every command for the shipped playbooks)
            st = os.stat(path)
            real = (st.st_dev, st.st_ino)
            if real not in seen:
                seen.add(real)
                out.append((layer, root, path))
    return out


def playbook_files(root: Path) -> list[Path]:
    """The playbook files in a layer: `root` itself, or every *.yaml/*.yml under it (any case,
    hidden names left out). A folder that cannot be read or a symlink loop is an error: a
    layer read in part would give advice without its overlay and nobody would know."""
    if root.is_file():
        return [root]
    found: list[Path] = []
    _walk(root, found, ())
    return sorted(found)


def _walk(folder: Path, found: list[Path], above: tuple) -> None:
    from coach.errors import CoachError, os_reason

    try:
        st = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise CoachError(f"{folder}: cannot read this folder: {os_reason(exc)}") from None
    here = (st.st_dev, st.st_ino)
    if here in above:
        raise CoachError(f"{folder}: symlink loop: the folder is inside itself")
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                _walk(Path(entry.path), found, (*above, here))
            elif entry.name.lower().endswith(SUFFIXES) and entry.is_file():
                found.append(Path(entry.path))
            elif entry.is_symlink() and entry.name.lower().endswith(SUFFIXES):
                os.stat(entry.path)  # a loop or a dangling link: say so
        except OSError as exc:
            raise CoachError(f"{entry.path}: cannot read: {os_reason(exc)}") from None


def _shown(path: Path) -> str:
    """A path as a trainer would type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fingerprint(found: list[tuple[str, Path, Path]]) -> str:
    # zlib, not hashlib: this runs on every command and hashlib costs ~4 ms to import.
    text = (__version__ + "".join(
        f"{layer}\0{path}\0{st.st_size}\0{st.st_mtime_ns}\n"
        for layer, _, path in found for st in (path.stat(),))).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def _cache_file(key: str) -> Path | None:
    if os.environ.get("COACH_NO_CACHE"):
        return None
    return paths.cache_dir() / f"playbooks-{key}.msgpack"


def _from_snapshot(snap: Snapshot) -> Playbooks:
    books = Playbooks()
    books._encoded = dict(snap.kinds)
    books.sources = {(kind, ident): found for kind, group in snap.sources.items()
                     for ident, found in group.items()}
    return books


def _write_cache(target: Path, books: Playbooks) -> None:
    groups = books.by_kind
    snap = Snapshot(
        kinds={kind: msgspec.Raw(msgspec.msgpack.encode(list(group.values())))
               for kind, group in groups.items()},
        sources={kind: {ident: books.sources[(kind, ident)] for ident in group}
                 for kind, group in groups.items()})
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("playbooks-*.msgpack"):
            old.unlink(missing_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(msgspec.msgpack.encode(snap))
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs speed


def load(extra: Iterable[Path] | None = (), use_cache: bool = True) -> Playbooks:
    """Every layer's playbooks merged and validated; PlaybookError lists all problems.

    `extra` is the `--playbooks` flag's folders and files (None when not given)."""
    found = files(extra or ())
    key = _fingerprint(found)
    cache = _cache_file(key) if use_cache else None
    if cache is not None and cache.is_file():
        try:
            books = _from_snapshot(msgspec.msgpack.decode(cache.read_bytes(), type=Snapshot))
            books._found = found
            return books
        except (msgspec.DecodeError, msgspec.ValidationError, OSError):
            pass
    books = parse(found)
    if cache is not None:
        _write_cache(cache, books)
    return books


def _clash(first: dict, second: dict, path: str = "") -> str | None:
    """The first field both files set outright (adding with `name+` never clashes)."""
    for key, value in second.items():
        if (not path and key in ("kind", "id", "version")) or key.endswith(("+", "-")):
            continue
        if key in first:
            if isinstance(value, dict) and isinstance(first[key], dict):
                found = _clash(first[key], value, f"{path}{key}.")
                if found:
                    return found
                continue
            return f"{path}{key}"
    return None


def parse(found: list[tuple[str, Path, Path]], docs: dict | None = None) -> Playbooks:
    """Read, merge, validate and lint: the slow path the cache skips.

    Every problem of every file is collected before raising, so one run lists them all.
    `docs`, when given, receives each merged document (with its lines) by (kind, id).
    """
    from coach.playbook.merge import fold
    from coach.playbook.validate import kind_problem, locate, validated
    from coach.playbook.yamlfile import read_playbook

    problems: list[Problem] = []
    groups: dict[tuple[str, str], list] = {}
    seen: dict[tuple[Path, str, str], tuple[str, int, dict]] = {}
    for layer, root, path in found:
        shown = _shown(path)
        try:
            doc = read_playbook(path, shown)
        except PlaybookError as exc:
            problems.extend(exc.problems)
            continue
        kind, ident = doc.get("kind"), doc.get("id")
        for name, value in (("kind", kind), ("id", ident)):
            if not isinstance(value, str) or not value:
                problems.append(Problem(shown, doc.key_where.get(name, doc.where)[1], name,
                                        "missing required field" if value is None
                                        else f"must be text, not {value!r}"))
        if not isinstance(kind, str) or not isinstance(ident, str) or not kind or not ident:
            continue
        if kind not in KINDS:
            problems.append(Problem(shown, doc.key_where["kind"][1], "kind", kind_problem(kind)))
            continue
        line = doc.key_where["id"][1]
        earlier = seen.get((root, kind, ident))
        if earlier:
            # Files in one folder stack in name order, as long as they don't both set the
            # same field (which one would win is then a guess): that is a duplicate.
            clash = _clash(earlier[2], doc)
            if clash:
                problems.append(Problem(
                    shown, line, "id", f"duplicate id: {kind} {ident!r} is already defined "
                    f"in {earlier[0]}:{earlier[1]} in the same folder, and both set {clash}; "
                    "merge the files, or move one to a later layer"))
                continue
        else:
            seen[(root, kind, ident)] = (shown, line, doc)
        groups.setdefault((kind, ident), []).append((layer, shown, doc))

    books = Playbooks()
    for (kind, ident), group in groups.items():
        merged = fold([d for _, _, d in group], problems)
        if docs is not None:
            docs[(kind, ident)] = merged
        model, wrong = validated(merged)
        if model is None:
            problems.extend(wrong)
            continue
        lint = getattr(model, "lint", None)
        wrong = [Problem(*locate(merged, field), field, message)
                 for field, message in (lint() if lint else ())]
        if wrong:
            problems.extend(wrong)
            continue
        books.add(kind, ident, model, [Source(layer, shown) for layer, shown, _ in group])
    if problems:
        raise PlaybookError(problems)
    return books
