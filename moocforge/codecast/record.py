"""`moocforge codecast record`: a codecast file from a sequence of versions of a program.

The versions are snapshot folders (one code file each, plus its narration notes) or the
commits of a git repository that touch one file (the commit message is the narration).
The first version is the starting code; each next one becomes a step whose edit is the one
contiguous change from the previous version (common start and end kept), written as an
`insert`, `delete` or `replace` at `line:column` positions — or a whole-file `code:`
snapshot when most of the file changed. The author then polishes the narration.

Narration notes of a snapshot folder: `narration.txt` (the course's default language) and
`narration.<lang>.txt` for the others.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from moocforge.codecast.timeline import position_of
from moocforge.diagnostics import Diagnostic
from moocforge.model import Loc

MAX_FILE_BYTES = 5 * 1024 * 1024  # the loader's limit for a text file (MF007)
SNAPSHOT_FILE_MAX_CHANGE = 0.6  # above this share of the file changed, write a snapshot
CODE_SUFFIXES = {".c": "c", ".h": "c", ".py": "python"}


@dataclass(frozen=True)
class Version:
    code: str
    narration: dict[str, str]  # lang -> text
    origin: str  # folder or commit, for messages


@dataclass
class Recording:
    versions: list[Version] = field(default_factory=list)
    language: str = "c"
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _problem(message: str, where: str, hint: str) -> Diagnostic:
    return Diagnostic("MF036", "error", message, Loc(where), hint, "codecast-record")


# --------------------------------------------------------------------------- reading versions


def _code_file(folder: Path, name: str | None) -> Path | None:
    if name:
        path = folder / name
        inside = path.resolve().is_relative_to(folder.resolve())
        return path if inside and path.is_file() else None
    found = sorted(p for p in folder.iterdir() if p.suffix in CODE_SUFFIXES and p.is_file()
                   and p.resolve().is_relative_to(folder.resolve()))
    return found[0] if len(found) == 1 else None


def _decoded(data: bytes | None, origin: str, recording: Recording,
             size: int = 0) -> str | None:
    """The text of a version's file (`data`, or None when it is `size` bytes, too large to
    be read), or None (and MF036) when it is too large or not UTF-8 text."""
    problem = ""
    if data is None or len(data) > MAX_FILE_BYTES:
        size = size or len(data or b"")
        problem = f"is over {MAX_FILE_BYTES // (1024 * 1024)} MiB ({size} bytes)"
    elif b"\0" in data:
        problem = "is a binary file"
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            problem = "is not UTF-8 text"
    recording.diagnostics.append(_problem(f"'{origin}' {problem}", origin,
                                          "record the versions of a source file, saved "
                                          "as UTF-8"))
    return None


def _read(path: Path, recording: Recording) -> str | None:
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_FILE_BYTES else None
    except OSError as error:
        recording.diagnostics.append(_problem(f"'{path}' cannot be read: {error.strerror}",
                                              str(path), "check the file's permissions"))
        return None
    return _decoded(data, str(path), recording, size)


def from_folders(folders: list[Path], file: str | None, default_lang: str) -> Recording:
    recording = Recording()
    for folder in folders:
        if not folder.is_dir():
            recording.diagnostics.append(_problem(f"'{folder}' is not a folder", str(folder),
                                                  "name one snapshot folder per version"))
            continue
        code = _code_file(folder, file)
        if code is None:
            recording.diagnostics.append(_problem(
                f"'{folder}' has no code file{f' {file}' if file else ''} (or several)",
                str(folder), "name the file with --file, e.g. --file main.c"))
            continue
        recording.language = CODE_SUFFIXES.get(code.suffix, "c")
        notes = {default_lang: folder / "narration.txt"}
        notes.update({p.name.split(".")[1]: p for p in folder.glob("narration.*.txt")})
        narration = {lang: _read(path, recording) for lang, path in notes.items()
                     if path.is_file()}
        text = _read(code, recording)
        if text is not None and None not in narration.values():
            recording.versions.append(Version(text, {lang: note.strip() for lang, note
                                                     in narration.items() if note is not None},
                                              str(folder)))
    return recording


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout


def from_git(repo: Path, file: str, revisions: str | None, default_lang: str) -> Recording:
    """One version per commit of `revisions` (default: all) that changes `file`, oldest
    first; the commit message is the narration."""
    recording = Recording(language=CODE_SUFFIXES.get(Path(file).suffix, "c"))
    if revisions is not None and revisions.startswith("-"):  # git would read an option
        recording.diagnostics.append(_problem(f"'{revisions}' is not a revision range",
                                              str(repo), "give a revision range such as "
                                              "main~5..main"))
        return recording
    try:
        listing = _git(repo, "log", "--reverse", "--format=%H", *([revisions] if revisions
                                                                   else []), "--", file)
    except (subprocess.CalledProcessError, OSError) as error:
        reason = getattr(error, "stderr", "") or str(error)
        recording.diagnostics.append(_problem(f"git cannot list the commits of '{file}': "
                                              f"{reason.strip()}", str(repo),
                                              "give a git repository, a file in it and a "
                                              "revision range such as main~5..main"))
        return recording
    for sha in listing.split():
        try:
            data = subprocess.run(["git", "-C", str(repo), "show", f"{sha}:{file}"],
                                  capture_output=True, check=True).stdout
        except subprocess.CalledProcessError:
            continue  # the commit deletes the file
        code = _decoded(data, f"{sha[:10]}:{file}", recording)
        if code is None:
            continue
        message = _git(repo, "show", "-s", "--format=%B", sha).strip()
        recording.versions.append(Version(code, {default_lang: message}, sha[:10]))
    if not recording.versions and not recording.diagnostics:
        recording.diagnostics.append(_problem(f"no commit changes '{file}'", str(repo),
                                              "check the path (relative to the repository) "
                                              "and the revision range"))
    return recording


# --------------------------------------------------------------------------- steps


def _position(code: str, index: int) -> str:
    place = position_of(code, index)
    return f"{place.line}:{place.col}"


def edit_between(old: str, new: str) -> dict[str, object]:
    """The step keys that turn `old` into `new`: one contiguous edit, or a snapshot."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    removed = old[prefix:len(old) - suffix]
    added = new[prefix:len(new) - suffix]
    if not removed and not added:
        return {}
    if max(len(removed), len(added)) > SNAPSHOT_FILE_MAX_CHANGE * max(len(old), len(new), 1):
        return {"code": new}
    start = _position(old, prefix)
    if not removed:
        return {"insert": {"at": start, "text": added}}
    end = _position(old, len(old) - suffix)
    if not added:
        return {"delete": {"from": start, "to": end}}
    return {"replace": {"from": start, "to": end, "text": added}}


def codecast_document(recording: Recording, title: str) -> dict[str, object]:
    first, *rest = recording.versions
    steps: list[dict[str, object]] = []
    intro = first.narration or {"": ""}
    steps.append({"narration": _text(intro)})
    previous = first.code
    for version in rest:
        step: dict[str, object] = {"narration": _text(version.narration or {"": ""})}
        step.update(edit_between(previous, version.code))
        steps.append(step)
        previous = version.code
    return {"title": title, "language": recording.language, "start": first.code,
            "steps": steps}


def _text(narration: dict[str, str]) -> object:
    values = {lang: text for lang, text in narration.items() if lang}
    if len(values) == 1:
        return next(iter(values.values()))
    return values or "TODO: narration"


class _Dumper(yaml.SafeDumper):
    pass


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def to_yaml(document: dict[str, object]) -> str:
    header = "# Recorded by moocforge codecast record: write the narration of each step.\n"
    return header + yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=90)
