"""Reading course files safely: paths stay inside the course, text is UTF-8, YAML is safe.

`CourseSources` collects Diagnostics instead of raising, so one run reports every problem.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import yaml

from moocforge import cache
from moocforge.cache import files
from moocforge.diagnostics import Diagnostic
from moocforge.i18n import msg
from moocforge.load import schema as schemas
from moocforge.load.schema import validate, without_invalid
from moocforge.load.yamlpos import AliasBomb, DuplicateKey, MergeKey, YamlDoc, compose
from moocforge.model import Loc, source_key, split_source_key

MAX_TEXT_BYTES = 5 * 1024 * 1024
PathFacts = tuple[str, bool]  # what a path is, symlinks followed; whether it stays inside
# A fact a reading looked at (`CourseSources.look`): what, the path, the answer, and for a
# file's content the stat signature it had when its digest was taken (None: not known)
Observation = tuple[str, str, object, "files.Signature | None"]
SKIP_DIRS = frozenset({"build", "node_modules", "__pycache__"})  # not in the inventory


class CourseSources:
    """The files of one course (its folder and the shared roots it declares), read once,
    with a diagnostic for every problem.

    Files are named by *source keys*: course-relative paths, or `@<root>/<path>` for a file
    of a shared root. Every path a course names resolves inside one of its roots, symlinks
    followed; anything else is refused (MF021).
    """

    def __init__(self, root: Path, shared: Mapping[str, Path] | None = None) -> None:
        self.root = root.resolve()
        self.roots: dict[str, Path] = {"": self.root}
        for name, folder in (shared or {}).items():
            self.roots[name] = folder.resolve()
        self.diagnostics: list[Diagnostic] = []
        self.referenced: set[str] = set()
        self._text_cache: dict[str, str | None] = {}
        self._fingerprints: dict[str, object] = {}
        self._real_dirs: dict[str, str] = {}
        self._prefixes: list[tuple[str, str]] = []
        self._bases: list[tuple[str, str]] = []  # (name, folder) of the roots, longest first
        # what the reading in progress looked at, when one records it (`load.reuse`)
        self.observations: dict[tuple[str, str], object] | None = None
        self._answered: dict[tuple[str, str], object] = {}  # looks made ahead (`look_ahead`)

    def add_root(self, name: str, folder: Path) -> None:
        self.roots[name] = folder.resolve()
        self._prefixes, self._bases = [], []

    # ------------------------------------------------------------------ reporting

    def error(self, code: str, message: str, loc: Loc, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, "error", message, loc, hint))

    def warning(self, code: str, message: str, loc: Loc, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, "warning", message, loc, hint))

    # ------------------------------------------------------------------ paths

    def loc(self, key: str, line: int = 0, col: int = 0) -> Loc:
        root, file = split_source_key(key)
        return Loc(file, line, col, root)

    def path(self, key: str) -> Path:
        """The absolute (unresolved) path of a source key."""
        root, rel = split_source_key(key)
        base = self.roots.get(root, self.root)
        return base / rel if rel else base

    def file_path(self, key: str) -> str:
        """`str(self.path(key))` for a source key as the loader makes them (normalised),
        without building a `Path`."""
        root, rel = split_source_key(key)
        base = str(self.roots.get(root, self.root))
        return f"{base.rstrip(os.sep)}{os.sep}{rel}" if rel else base

    def key_of(self, absolute: str | Path) -> str | None:
        """The source key of an absolute path inside a root (lexically), else None."""
        text = os.path.normpath(absolute)
        if not self._bases:
            self._bases = sorted(((name, str(base)) for name, base in self.roots.items()),
                                 key=lambda r: -len(r[1]))
        for name, prefix in self._bases:
            if text == prefix:
                return source_key(name, "") if name else ""
            if text.startswith(prefix + os.sep):
                return source_key(name, text[len(prefix) + 1:].replace(os.sep, "/"))
        return None

    def rel(self, path: Path) -> str:
        return self.key_of(path.resolve()) or path.as_posix()

    def resolve(self, base_dir: str, ref: str, loc: Loc, *, must_exist: bool = True,
                kind: str = "file") -> str | None:
        """Turn a reference written in a file of folder `base_dir` (a source key) into the
        source key of its target.

        Returns None (and records a diagnostic) when the path is absolute, leaves every root
        of the course (directly or through a symlink), or does not exist.
        """
        if not isinstance(ref, str) or not ref.strip():
            self.error("MF015", msg("empty path"), loc, msg("name a file relative to this file"))
            return None
        unusable = unusable_path(ref)
        if unusable:
            self.error("MF015", msg("'{ref}' is not a usable path: {unusable}", ref=ref[:60],
                                    unusable=unusable), loc,
                       msg("name a file relative to this file"))
            return None
        bad = invisible_character(ref)
        if bad:  # a control or bidi character: the name shows as another one, or not at all
            self.warning("MF029", msg("the file name '{ref}' holds the invisible character "
                                      "{character}", ref=visible(ref), character=bad), loc,
                         msg("rename the file without it, and write the new name here"))
        if ref.startswith(("/", "\\")) or (len(ref) > 1 and ref[1] == ":") or "\\" in ref:
            self.error("MF021", msg("absolute or non-POSIX path '{ref}' is not allowed",
                                    ref=ref), loc,
                       msg("write paths relative to the file that names them, with '/'"))
            return None
        absolute = os.path.normpath(os.path.join(self.file_path(base_dir), ref))
        key = self.key_of(absolute)
        if key is None:
            self.error("MF021", msg("path '{ref}' leaves the course folder", ref=ref), loc,
                       self._roots_hint())
            return None
        found, inside = self.facts(absolute)
        if not inside:
            self.error("MF021", msg("'{ref}' is a symlink that leads outside the course folder",
                                    ref=ref),
                       loc, msg("copy the file into the course instead of linking to it"))
            return None
        if must_exist:
            exists = found == ("dir" if kind == "folder" else "file")
            if not exists and found in ("file", "dir", "other"):
                self.error("MF020", msg("'{ref}' is not a {kind} (looked for {key})", kind=kind,
                                        ref=ref, key=key), loc,
                           msg("name the folder itself, not a file in it")
                           if kind == "folder" else
                           msg("name the file itself, e.g. `{ref}/…`, not its folder", ref=ref)
                           if found == "dir" else msg("name a regular file"))
                return None
            if not exists:
                self.error("MF020", msg("{kind} not found: '{ref}' (looked for {key})", kind=kind,
                                        ref=ref, key=key), loc,
                           self._near_names(Path(absolute)))
                return None
        self.referenced.add(key)
        return key

    def _roots_hint(self) -> str:
        shared = [name for name in self.roots if name]
        if shared:
            return ("keep every file the course uses inside its folder or a declared root ("
                    + ", ".join(shared) + ")")
        return ("keep every file the course uses inside its folder, or declare a shared "
                "folder under `roots:` in course.yml")

    def _facts(self, path: str) -> PathFacts:
        """What `path` is, symlinks followed ("file", "dir", "other", "none" for a dangling
        link, "missing" when nothing is there), and whether it stays inside a root."""
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return "missing", True
        if stat.S_ISLNK(mode):
            real = os.path.realpath(path)
            try:
                mode = os.stat(path).st_mode
            except OSError:
                return "none", self._in_roots(real)
        else:  # only the folders can be links: resolve each folder once per load
            folder, name = os.path.split(path)
            real = os.path.join(self._real_dir(folder), name)
        found = "file" if stat.S_ISREG(mode) else "dir" if stat.S_ISDIR(mode) else "other"
        return found, self._in_roots(real)

    def _in_roots(self, real: str) -> bool:
        # a lexical prefix test on resolved paths: `Path.parents` is slow
        return any(real == base or real.startswith(prefix)
                   for base, prefix in self._root_prefixes())

    def _root_prefixes(self) -> list[tuple[str, str]]:
        if not self._prefixes:
            self._prefixes = [(str(base), str(base).rstrip(os.sep) + os.sep)
                              for base in self.roots.values()]
        return self._prefixes

    def facts(self, path: str) -> PathFacts:
        """What `path` is and whether it stays inside a root (observed: `look`)."""
        return self.look("path", path)  # type: ignore[return-value]

    def _real_dir(self, folder: str) -> str:
        """`os.path.realpath(folder)`, from the folder above's when `folder` is no link:
        one lstat per folder of the course instead of one per component."""
        real = self._real_dirs.get(folder)
        if real is None:
            parent, name = os.path.split(folder)
            try:
                linked = stat.S_ISLNK(os.lstat(folder).st_mode)
            except OSError:
                linked = False  # what realpath does with a missing part: keeps the name
            if linked or name in ("", ".", "..") or parent == folder:
                real = os.path.realpath(folder)
            else:
                real = os.path.join(self._real_dir(parent), name)
            self._real_dirs[folder] = real
        return real

    def _near_names(self, missing: Path) -> str:
        import difflib

        parent = missing.parent
        names = self.listdir(parent)
        if names is None:
            return f"folder '{self.rel(parent)}' does not exist either"
        close = difflib.get_close_matches(missing.name, names, n=1)
        return f"did you mean '{close[0]}'?" if close else "check the spelling and the folder"

    # ------------------------------------------------------------------ observations

    def look(self, what: str, path: str) -> object:
        """One fact about the file system (`LOOKS`), noted when a reading records what it
        depends on: the same looks giving the same answers mean the same reading."""
        answer = self._answered.pop((what, path), _UNANSWERED) if self._answered else \
            _UNANSWERED
        if answer is _UNANSWERED:
            answer = LOOKS[what](self, path)
        if self.observations is not None:
            self.observations[(what, path)] = answer
        return answer

    def look_ahead(self, what: str, path: str) -> None:
        """Make a look the load makes later now (while it waits for the worker reading
        weeks ahead): its next `look` gives this answer, and notes it then."""
        self._answered[(what, path)] = LOOKS[what](self, path)

    def unchanged(self, observations: Iterable[Observation],
                  roots: Mapping[str, Path] | None = None) -> bool:
        """Whether every fact still gives the answer noted, with these `roots` (those the
        facts were noted with; kept when the answer is yes). A file whose stat signature is
        the one it had when its digest was taken has that content (`cache.files`): it is
        not read again."""
        if roots is None or roots == self.roots:
            return self._unchanged(observations)
        before, self.roots, self._prefixes = self.roots, dict(roots), []
        if self._unchanged(observations):
            return True
        self.roots, self._prefixes = before, []
        return False

    def _unchanged(self, observations: Iterable[Observation]) -> bool:
        for what, path, answer, signature in observations:
            if signature is not None:
                try:
                    info = os.stat(path)
                except OSError:
                    return False
                if files.signature(info) == signature:
                    if path not in _DIGESTS:  # the next record of this process keeps it
                        _DIGESTS[path] = (signature, answer)
                    continue
            if self.look(what, path) != answer:
                return False
        return True

    def is_file(self, key: str) -> bool:
        """Whether the key names a file (symlinks followed)."""
        return self.facts(self.file_path(key))[0] == "file"

    def listdir(self, folder: Path) -> list[str] | None:
        """The sorted names in `folder`; None when it is not a readable folder."""
        names = self.look("list", str(folder))
        return list(names) if isinstance(names, tuple) else None

    def observe_file(self, key: str) -> None:
        """Note the content of a file read by other means (a transcript's parser)."""
        self.look("content", self.file_path(key))

    def read_observed(self, key: str) -> bytes | None:
        """The bytes of a file that a parser of its own reads (a transcript), its content
        noted as `observe_file` notes it, from one reading; None when it cannot be read or
        is too large (the parser reads it and reports that)."""
        path = self.file_path(key)
        data = None
        try:
            info = os.stat(path)
            if info.st_size > MAX_TEXT_BYTES:
                answer: object = ("size", info.st_size)
            else:
                with open(path, "rb") as file:
                    data = file.read()
                known = _DIGESTS.get(path)
                answer = known[1] if known is not None and known[0] == files.signature(
                    info) else _remembered(path, info, _content(data, info.st_size))
        except OSError:
            answer = None
        if self.observations is not None:
            self.observations[("content", path)] = answer
        return data

    # ------------------------------------------------------------------ reading

    def read_text(self, rel: str, loc: Loc | None = None) -> str | None:
        """Read a UTF-8 text file; diagnostics for binary or badly encoded content."""
        if rel not in self._text_cache:
            self._text_cache[rel] = self._read_text(rel, loc or self.loc(rel))
        if self.observations is not None:
            self.observations[("content", self.file_path(rel))] = self._fingerprints.get(rel)
        return self._text_cache[rel]

    def _read_text(self, rel: str, loc: Loc) -> str | None:
        path = self.file_path(rel)
        if not self.facts(path)[1]:  # a file found by its name (course.yml, a translation)
            self._fingerprints[rel] = None
            self.error("MF021", msg("'{ref}' is a symlink that leads outside the course folder",
                                    ref=rel), loc,
                       msg("copy the file into the course instead of linking to it"))
            return None
        try:
            info = os.stat(path)
            size = info.st_size
            self._fingerprints[rel] = ("size", size)
            if size > MAX_TEXT_BYTES:
                self.error("MF007", msg("{rel} is {value} KiB; text files are limited to "
                                        "{value2} MiB", rel=rel, value=size // 1024,
                                        value2=MAX_TEXT_BYTES // (1024 * 1024)), self.loc(rel),
                           msg("split the file, or keep large data out of the course text"))
                return None
            with open(path, "rb") as file:
                raw = file.read()
            self._fingerprints[rel] = _remembered(path, info, _content(raw, size))
        except OSError as exc:
            self._fingerprints[rel] = None
            self.error("MF025", msg("cannot read {rel}: {strerror}", rel=rel,
                                    strerror=exc.strerror), loc,
                       msg("check the file's permissions"))
            return None
        nul = raw.find(b"\0")  # the whole file (memchr): a NUL is no text anywhere
        if nul >= 0:
            if not loc.line:  # no file names it (course.yml, a translation): where it breaks
                line_start = raw.rfind(b"\n", 0, nul) + 1
                loc = self.loc(rel, raw.count(b"\n", 0, nul) + 1,
                               len(raw[line_start:nul].decode("utf-8", "replace")) + 1)
            self.error("MF003", msg("{rel} is a binary file where text is expected", rel=rel), loc,
                       msg("point to a Markdown/YAML text file"))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            self.error("MF002", msg("{rel} is not valid UTF-8 (byte 0x{raw:02x})", rel=rel,
                                    raw=raw[exc.start]),
                       self.loc(rel, line, col), msg("re-save the file as UTF-8"))
            return None
        return text.removeprefix("\ufeff")

    def read_yaml(self, rel: str, schema: str, loc: Loc | None = None) -> YamlDoc | None:
        """Read, parse and schema-check one YAML file. None when it cannot be used at all."""
        text = self.read_text(rel, loc)
        if text is None:
            return None
        doc, problems = parse_and_check(rel, schema, text)
        self.diagnostics.extend(problems)
        return doc


def _content(raw: bytes, size: int) -> object:
    return ("size", size) if size > MAX_TEXT_BYTES else hashlib.blake2b(
        raw, digest_size=16).digest()


def _fingerprint(path: str) -> object:
    """What a reading of this file depends on: its bytes' digest (its size alone when it is
    too large to be read); None when it cannot be read."""
    try:
        info = os.stat(path)
        known = _DIGESTS.get(path)
        if known is not None and known[0] == files.signature(info):
            return known[1]
        if info.st_size > MAX_TEXT_BYTES:
            return ("size", info.st_size)
        with open(path, "rb") as file:
            return _remembered(path, info, _content(file.read(), info.st_size))
    except OSError:
        return None


_UNANSWERED = object()

# Digests by stat signature (`moocforge.cache.files`): an unchanged file is not read again.
_DIGESTS: dict[str, tuple[files.Signature, object]] = {}
_DIGESTS_MAX = 500_000
cache.forget_with_memory(_DIGESTS.clear)


def _remembered(path: str, info: os.stat_result, digest: object) -> object:
    if files.settled(info):
        if len(_DIGESTS) >= _DIGESTS_MAX:
            _DIGESTS.clear()
        _DIGESTS[path] = (files.signature(info), digest)
    return digest


def observed(looks: Mapping[tuple[str, str], object]) -> tuple[Observation, ...]:
    """The looks of a reading as stored: with the signature of every file digest that is
    known by its signature, so the next process checks the file with one stat."""
    found = []
    for (what, path), answer in looks.items():
        signature = None
        if what == "content" and answer is not None:
            known = _DIGESTS.get(path)
            if known is not None and known[1] == answer:
                signature = known[0]
        found.append((what, path, answer, signature))
    return tuple(found)


def _names(path: str) -> tuple[str, ...] | None:
    try:
        return tuple(sorted(os.listdir(path)))
    except OSError:
        return None


def files_under(root: str) -> dict[str, int]:
    """Path (relative, with '/') -> size (the lstat one) of every file under `root`, hidden
    files and folders and `SKIP_DIRS` left out, as `os.walk` lists them: folders whose
    listing fails are skipped, links to folders are listed as folders and not followed."""
    found: dict[str, int] = {}
    _walk_files(root, "", found)
    return found


def _walk_files(folder: str, prefix: str, found: dict[str, int]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if name not in SKIP_DIRS:
                folders.append(entry)
            continue
        try:
            found[prefix + name] = entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
    for entry in folders:
        if not entry.is_symlink():
            _walk_files(entry.path, f"{prefix}{entry.name}/", found)


LOOKS: dict[str, Callable[[CourseSources, str], object]] = {
    "path": lambda src, path: src._facts(path),
    "list": lambda _, path: _names(path),
    "content": lambda _, path: _fingerprint(path),
    "tree": lambda _, path: files_under(path),
    "folder": lambda _, path: os.path.isdir(path),  # whatever the roots (declaring one)
}


NAME_MAX = 255  # bytes in one file name, and in a whole path, on the usual file systems
PATH_MAX = 4096


def invisible_character(text: str) -> str:
    """The first character of `text` that does not show (a control character, a bidi
    override, a zero-width space), named `U+0001` or `U+202E (RIGHT-TO-LEFT OVERRIDE)`;
    "" when every character shows."""
    if text.isprintable():
        return ""
    bad = next(c for c in text if not c.isprintable() and c != " ")
    name = unicodedata.name(bad, "")
    return f"U+{ord(bad):04X} ({name})" if name else f"U+{ord(bad):04X}"


def visible(text: str) -> str:
    """`text` with its characters that do not show written as escapes: `in\\x01tro.md`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else
                   (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") for c in text)


def unusable_path(ref: str) -> str:
    """Why no file system can have this path ("" when it is usable)."""
    if "\0" in ref:
        return "it holds a NUL character"
    if len(ref.encode("utf-8", "surrogatepass")) > PATH_MAX:
        return f"it is longer than {PATH_MAX} bytes"
    if any(len(part.encode("utf-8", "surrogatepass")) > NAME_MAX for part in ref.split("/")):
        return f"a file name in it is longer than {NAME_MAX} bytes"
    return ""


Checked = tuple[YamlDoc | None, tuple[Diagnostic, ...]]


def parse_and_check(rel: str, schema: str, text: str) -> Checked:
    """Parse and schema-check one file's text, from the active cache when this text was
    checked before (`moocforge.cache`, namespace `yaml`).

    A warm build and the preview server (which reloads the course on every edit) then pay
    a lookup instead of a parse and a schema check for every unchanged file. Documents are
    never modified after this function returns, so sharing them between loads is safe.
    """
    return cache.active().fetch(
        "yaml", (rel, schema, str(schemas.SCHEMA_DIR), text),
        lambda: _parse_and_check(rel, schema, text))


def _forget_parses() -> None:
    cache.clear_memory()


parse_and_check.cache_clear = _forget_parses  # type: ignore[attr-defined]


def _parse_and_check(rel: str, schema: str, text: str) -> Checked:
    def problem(code: str, message: str, line: int, col: int, hint: str = ""
                ) -> tuple[None, tuple[Diagnostic, ...]]:
        return None, (Diagnostic(code, "error", message, Loc.of(rel, line, col), hint),)

    try:
        doc = compose(text)
    except AliasBomb as exc:
        return problem("MF004", "too many nodes after expanding aliases (alias bomb?)",
                       exc.line, exc.col, "do not nest YAML aliases (&a / *a)")
    except DuplicateKey as exc:
        return problem("MF005", f"duplicate key '{exc.key}' (first defined on line "
                       f"{exc.first_line})", exc.line, exc.col,
                       "a key may appear only once in a mapping")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem_text = exc.problem or exc.context or "invalid YAML"
        return problem("MF001", f"YAML syntax error: {problem_text}", line, col,
                       "check indentation, colons and quotes around this position")
    except MergeKey as exc:
        return problem("MF001", "YAML merge keys (<<) are not supported", exc.line, exc.col,
                       "write the keys out instead of merging them with `<<: *anchor`")
    except yaml.YAMLError as exc:
        return problem("MF001", f"YAML error: {exc}", 1, 1,
                       "check the file's YAML: indentation, colons and quotes")
    if not isinstance(doc.data, dict):
        found = "empty" if doc.data is None else type(doc.data).__name__
        return problem("MF006", f"{rel} must hold a mapping of keys, found {found}", 1, 1,
                       f"see schemas/{schema}.schema.json for the expected keys")
    problems, invalid = validate(doc, schema, rel)
    doc.data = without_invalid(doc.data, invalid)
    return doc, tuple(problems)
