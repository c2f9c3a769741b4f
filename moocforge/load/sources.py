"""Reading course files safely: paths stay inside the course, text is UTF-8, YAML is safe.

`CourseSources` collects Diagnostics instead of raising, so one run reports every problem.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from moocforge.diagnostics import Diagnostic
from moocforge.load.schema import validate, without_invalid
from moocforge.load.yamlpos import AliasBomb, DuplicateKey, YamlDoc, compose
from moocforge.model import Loc

MAX_TEXT_BYTES = 5 * 1024 * 1024


class CourseSources:
    """The files of one course folder, read once, with diagnostics for every problem."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.diagnostics: list[Diagnostic] = []
        self.referenced: set[str] = set()
        self._text_cache: dict[str, str | None] = {}
        self._real_dirs: dict[str, Path] = {}

    # ------------------------------------------------------------------ reporting

    def error(self, code: str, message: str, loc: Loc, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, "error", message, loc, hint))

    def warning(self, code: str, message: str, loc: Loc, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, "warning", message, loc, hint))

    # ------------------------------------------------------------------ paths

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def resolve(self, base_dir: str, ref: str, loc: Loc, *, must_exist: bool = True,
                kind: str = "file") -> str | None:
        """Turn a reference written in a file of `base_dir` into a course-relative path.

        Returns None (and records a diagnostic) when the path is absolute, escapes the
        course folder (directly or through a symlink), or does not exist.
        """
        if not isinstance(ref, str) or not ref.strip():
            self.error("MF020", "empty path", loc)
            return None
        if ref.startswith(("/", "\\")) or (len(ref) > 1 and ref[1] == ":") or "\\" in ref:
            self.error("MF021", f"absolute or non-POSIX path '{ref}' is not allowed", loc,
                       "write paths relative to the file that names them, with '/'")
            return None
        joined = PurePosixPath(base_dir) / ref if base_dir else PurePosixPath(ref)
        parts: list[str] = []
        for part in joined.parts:
            if part == "..":
                if not parts:
                    self.error("MF021", f"path '{ref}' leaves the course folder", loc,
                               "keep every file the course uses inside its folder")
                    return None
                parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        rel = "/".join(parts)
        absolute = self.root / rel
        if os.path.lexists(absolute) and not self._inside(absolute):
            self.error("MF021", f"'{ref}' is a symlink that leads outside the course folder",
                       loc, "copy the file into the course instead of linking to it")
            return None
        if must_exist:
            exists = absolute.is_dir() if kind == "folder" else absolute.is_file()
            if not exists:
                self.error("MF020", f"{kind} not found: '{ref}' (looked for {rel})", loc,
                           self._near_names(absolute))
                return None
        self.referenced.add(rel)
        return rel

    def _inside(self, path: Path) -> bool:
        """Whether `path`, with every symlink followed, stays in the course folder."""
        if os.path.islink(path):
            real = Path(os.path.realpath(path))
        else:  # only the folders can be links: resolve each folder once per load
            real = self._real_dir(str(path.parent)) / path.name
        return real == self.root or self.root in real.parents

    def _real_dir(self, folder: str) -> Path:
        if folder not in self._real_dirs:
            self._real_dirs[folder] = Path(os.path.realpath(folder))
        return self._real_dirs[folder]

    def _near_names(self, missing: Path) -> str:
        import difflib

        parent = missing.parent
        if not parent.is_dir():
            return f"folder '{self.rel(parent)}' does not exist either"
        names = sorted(p.name for p in parent.iterdir())
        close = difflib.get_close_matches(missing.name, names, n=1)
        return f"did you mean '{close[0]}'?" if close else "check the spelling and the folder"

    # ------------------------------------------------------------------ reading

    def read_text(self, rel: str, loc: Loc | None = None) -> str | None:
        """Read a UTF-8 text file; diagnostics for binary or badly encoded content."""
        if rel in self._text_cache:
            return self._text_cache[rel]
        text = self._read_text(rel, loc or Loc(rel))
        self._text_cache[rel] = text
        return text

    def _read_text(self, rel: str, loc: Loc) -> str | None:
        path = self.root / rel
        try:
            size = path.stat().st_size
            if size > MAX_TEXT_BYTES:
                self.error("MF003", f"{rel} is {size // 1024} KiB; text files are limited to "
                           f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB", Loc(rel))
                return None
            raw = path.read_bytes()
        except OSError as exc:
            self.error("MF020", f"cannot read {rel}: {exc.strerror}", loc)
            return None
        if b"\0" in raw[:8192]:
            self.error("MF003", f"{rel} is a binary file where text is expected", loc,
                       "point to a Markdown/YAML text file")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            self.error("MF002", f"{rel} is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                       Loc(rel, line, col), "re-save the file as UTF-8")
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


@lru_cache(maxsize=20_000)
def parse_and_check(rel: str, schema: str, text: str
                    ) -> tuple[YamlDoc | None, tuple[Diagnostic, ...]]:
    """Parse and schema-check one file's text; memoised on the text itself.

    A long-running process (the preview server) reloads the course on every edit: unchanged
    files then cost a dictionary lookup instead of a parse and a schema check. Documents are
    never modified after this function returns, so sharing them between loads is safe.
    """
    def problem(code: str, message: str, line: int, col: int, hint: str = ""
                ) -> tuple[None, tuple[Diagnostic, ...]]:
        return None, (Diagnostic(code, "error", message, Loc(rel, line, col), hint),)

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
    except yaml.YAMLError as exc:
        return problem("MF001", f"YAML error: {exc}", 1, 1)
    if not isinstance(doc.data, dict):
        found = "empty" if doc.data is None else type(doc.data).__name__
        return problem("MF006", f"{rel} must hold a mapping of keys, found {found}", 1, 1,
                       f"see schemas/{schema}.schema.json for the expected keys")
    problems, invalid = validate(doc, schema, rel)
    doc.data = without_invalid(doc.data, invalid)
    return doc, tuple(problems)
