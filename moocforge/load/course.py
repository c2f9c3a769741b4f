"""Build the `Course` model from a course folder, reporting every problem as a Diagnostic.

The loader is best-effort: a broken item is reported and skipped, so one run lists all the
problems of a course. Callers decide what to do when errors were found (validate exits 1,
build refuses to write).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from moocforge.diagnostics import Diagnostic, sorted_diagnostics
from moocforge.load.sources import CourseSources
from moocforge.load.yamlpos import YamlDoc
from moocforge.model import (
    AssignmentType,
    Choice,
    Course,
    Discussion,
    Exercise,
    ExerciseTest,
    Grading,
    I18nText,
    Item,
    Lesson,
    Limits,
    Loc,
    Objective,
    Peer,
    PeerStep,
    Question,
    Quiz,
    Reading,
    RubricCriterion,
    RubricOption,
    Run,
    Submission,
    Suppression,
    TrainingExample,
    Video,
    Week,
    WrongSolution,
    moment,
    url_name,
)
from moocforge.workload import word_count

COURSE_FILE = "course.yml"
WEEK_FILE = "week.yml"
EXERCISE_FILE = "exercise.yml"
MEDIA_LOCK = "media.lock"
DEFAULT_SPEAKING_WPM = 183
DEFAULT_READING_WPM = 238
DEFAULT_WEEKLY_MINUTES = 120
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")  # others: the schema reports
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class LoadResult:
    course: Course | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.course is not None and not any(
            d.severity == "error" for d in self.diagnostics)


def load_course(root: str | Path) -> LoadResult:
    """Read the course folder `root` into the model, with every problem as a Diagnostic."""
    root = Path(root)
    if not (root / COURSE_FILE).is_file():
        where = root.as_posix()
        hint = ("create one with `moocforge init`" if root.is_dir()
                else f"the folder '{where}' does not exist")
        return LoadResult(None, [Diagnostic("MF027", "error",
                                            f"no {COURSE_FILE} in '{where}'", Loc(where), hint)])
    sources = CourseSources(root)
    try:
        course = _CourseReader(sources).read()
    except RecursionError:
        return LoadResult(None, sorted_diagnostics([*sources.diagnostics, Diagnostic(
            "MF004", "error", "structure nested too deeply", Loc(COURSE_FILE))]))
    except Exception as exc:  # a loader bug must still reach the user as a diagnostic
        return LoadResult(None, sorted_diagnostics([*sources.diagnostics, Diagnostic(
            "MF099", "error", f"internal error while loading: {type(exc).__name__}: {exc}",
            Loc(COURSE_FILE), "this is a moocforge bug; please report it with the course")]))
    return course


class _CourseReader:
    def __init__(self, src: CourseSources) -> None:
        self.src = src
        self.languages: tuple[str, ...] = ("en",)
        self.ids: dict[str, Loc] = {}
        self.url_names: dict[str, Loc] = {}
        self.objective_refs: list[tuple[str, Loc]] = []
        self.locked_videos = _locked_videos(src.root)

    # ------------------------------------------------------------------ helpers

    def loc(self, doc: YamlDoc, file: str, path: tuple) -> Loc:
        line, col = doc.pos(path)
        return Loc(file, line, col)

    def text(self, value: object, doc: YamlDoc, file: str, path: tuple) -> I18nText:
        default = self.languages[0]
        if isinstance(value, str):
            return I18nText({default: value}, default)
        if isinstance(value, dict):
            for lang in value:
                if lang not in self.languages and _LANG_CODE.match(lang):
                    line, col = doc.key_pos(path + (lang,))
                    close = difflib.get_close_matches(lang, self.languages, n=1)
                    self.src.error("MF024", f"language '{lang}' is not one of the course "
                                   f"languages ({', '.join(self.languages)})",
                                   Loc(file, line, col),
                                   f"did you mean '{close[0]}'?" if close else
                                   "add it to `languages:` in course.yml or remove it")
            return I18nText({k: str(v) for k, v in value.items() if isinstance(v, str)}, default)
        return I18nText({}, default)

    def opt_text(self, data: dict, key: str, doc: YamlDoc, file: str,
                 path: tuple) -> I18nText | None:
        if key not in data:
            return None
        return self.text(data[key], doc, file, path + (key,))

    def date(self, data: dict, key: str, doc: YamlDoc, file: str, path: tuple) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        text = str(value)
        try:
            moment(text)
        except ValueError:
            self.src.error("MF013", f"{key}: '{text}' is not a real date",
                           self.loc(doc, file, path + (key,)), "check the day and month")
            return None
        return text

    def register_id(self, item_id: str, loc: Loc, what: str = "item") -> bool:
        shown = item_id.split(":", 1)[1] if ":" in item_id and what != "item" else item_id
        if item_id in self.ids:
            first = self.ids[item_id]
            self.src.error("MF022", f"duplicate {what} id '{shown}' (first used at {first})",
                           loc, "give one of them an explicit, different `id:`")
            return False
        name = url_name(item_id)
        if name in self.url_names:
            self.src.error("MF022", f"{what} id '{shown}' collides with another id once "
                           f"reduced to '{name}' (at {self.url_names[name]})", loc,
                           "ids must differ in letters, digits, '_' or '-'")
            return False
        self.ids[item_id] = loc
        self.url_names[name] = loc
        return True

    def suppressions(self, data: dict, doc: YamlDoc, file: str, path: tuple
                     ) -> tuple[Suppression, ...]:
        ignore = (data.get("lint") or {}).get("ignore") or {}
        return tuple(
            Suppression(str(code), str(reason),
                        Loc(file, *doc.key_pos(path + ("lint", "ignore", code))))
            for code, reason in ignore.items()
        )

    def markdown(self, base_dir: str, ref: str, loc: Loc) -> tuple[I18nText, dict[str, str]]:
        """Read `x.md` and its translations `x.<lang>.md`."""
        rel = self.src.resolve(base_dir, ref, loc)
        if rel is None:
            return I18nText({}, self.languages[0]), {}
        files = {self.languages[0]: rel}
        stem, suffix = rel.rsplit(".", 1) if "." in PurePosixPath(rel).name else (rel, "")
        for lang in self.languages[1:]:
            candidate = f"{stem}.{lang}.{suffix}" if suffix else f"{stem}.{lang}"
            if (self.src.root / candidate).is_file():
                files[lang] = candidate
                self.src.referenced.add(candidate)
        bodies = {}
        for lang, path in files.items():
            body = self.src.read_text(path, loc if lang == self.languages[0] else Loc(path))
            if body is not None:
                bodies[lang] = body
        return I18nText(bodies, self.languages[0]), files

    # ------------------------------------------------------------------ course

    def read(self) -> LoadResult:
        src = self.src
        doc = src.read_yaml(COURSE_FILE, "course")
        if doc is None:
            return LoadResult(None, sorted_diagnostics(src.diagnostics))
        data = doc.data
        assert isinstance(data, dict)
        file = COURSE_FILE
        langs = data.get("languages")
        if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
            self.languages = tuple(langs)
        runs = self.runs(data, doc)
        grading = self.grading(data, doc)
        workload = data.get("workload") if isinstance(data.get("workload"), dict) else {}
        self.speaking_wpm = int(workload.get("speaking_rate", DEFAULT_SPEAKING_WPM))
        weeks = []
        week_refs = data.get("weeks") if isinstance(data.get("weeks"), list) else []
        for index, ref in enumerate(week_refs):
            if not isinstance(ref, str):
                continue  # the schema check reported it
            loc = self.loc(doc, file, ("weeks", index))
            week = self.week(str(ref), len(weeks) + 1, loc)
            if week is not None:
                weeks.append(week)
        self.check_objectives(weeks)
        image = None
        if isinstance(data.get("image"), str):
            image = src.resolve("", data["image"], self.loc(doc, file, ("image",)))
        description = None
        if isinstance(data.get("description"), str):
            description, _ = self.markdown("", data["description"],
                                           self.loc(doc, file, ("description",)))
        lint = data.get("lint") if isinstance(data.get("lint"), dict) else {}
        course = Course(
            id=str(data.get("id", src.root.name)),
            title=self.text(data.get("title", src.root.name), doc, file, ("title",)),
            summary=self.opt_text(data, "summary", doc, file, ()),
            subtitle=self.opt_text(data, "subtitle", doc, file, ()),
            description=description,
            org=str(data.get("org", "ORG")),
            number=str(data.get("number", "NUM")),
            languages=self.languages,
            runs=runs,
            grading=grading,
            weeks=tuple(weeks),
            image=image,
            weekly_minutes_target=int(workload.get("weekly_minutes", DEFAULT_WEEKLY_MINUTES)),
            speaking_rate_wpm=self.speaking_wpm,
            reading_rate_wpm=int(workload.get("reading_rate", DEFAULT_READING_WPM)),
            targets=data.get("targets") if isinstance(data.get("targets"), dict) else {},
            lint=lint,
            suppressions=self.suppressions(data, doc, file, ()),
            root=src.root,
            loc=Loc(file, 1, 1),
            files=tuple(sorted(src.referenced | {COURSE_FILE})),
        )
        return LoadResult(course, sorted_diagnostics(src.diagnostics))

    def runs(self, data: dict, doc: YamlDoc) -> tuple[Run, ...]:
        runs = []
        raw = data.get("runs") if isinstance(data.get("runs"), dict) else {}
        for run_id, values in raw.items():
            if not isinstance(values, dict):
                continue
            path = ("runs", run_id)
            loc = self.loc(doc, COURSE_FILE, path)
            run = Run(
                id=str(run_id),
                start=self.date(values, "start", doc, COURSE_FILE, path) or "",
                end=self.date(values, "end", doc, COURSE_FILE, path),
                enrollment_start=self.date(values, "enrollment_start", doc, COURSE_FILE, path),
                enrollment_end=self.date(values, "enrollment_end", doc, COURSE_FILE, path),
                loc=loc,
            )
            if run.start and run.end and run.end <= run.start:
                self.src.error("MF013", f"run '{run_id}' ends ({run.end}) before it starts "
                               f"({run.start})", loc, "swap or fix the dates")
            runs.append(run)
        return tuple(runs)

    def grading(self, data: dict, doc: YamlDoc) -> Grading:
        raw = data.get("grading") if isinstance(data.get("grading"), dict) else {}
        types = []
        seen: set[str] = set()
        for i, entry in enumerate(raw.get("types") or []):
            if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
                continue
            loc = self.loc(doc, COURSE_FILE, ("grading", "types", i))
            name = entry["type"]
            if name in seen:
                self.src.error("MF022", f"assignment type '{name}' is declared twice", loc)
                continue
            seen.add(name)
            types.append(AssignmentType(
                type=name, weight=float(entry.get("weight", 0)), drop=int(entry.get("drop", 0)),
                short_label=str(entry.get("short_label") or name[:3]), loc=loc))
        threshold = raw.get("pass", 0.5)
        return Grading(
            pass_threshold=float(threshold) if isinstance(threshold, (int, float)) else 0.5,
            types=tuple(types), loc=self.loc(doc, COURSE_FILE, ("grading",)))

    # ------------------------------------------------------------------ weeks

    def week(self, ref: str, number: int, loc: Loc) -> Week | None:
        folder = self.src.resolve("", ref, loc, kind="folder")
        if folder is None:
            return None
        week_file = f"{folder}/{WEEK_FILE}"
        if not (self.src.root / week_file).is_file():
            self.src.error("MF020", f"{ref} has no {WEEK_FILE}", loc,
                           f"create {week_file} with a title and lessons")
            return None
        self.src.referenced.add(week_file)
        doc = self.src.read_yaml(week_file, "week", loc)
        if doc is None:
            return None
        data = doc.data
        assert isinstance(data, dict)
        default_id = re.sub(r"^\d+[-_.]?", "", PurePosixPath(folder).name) or PurePosixPath(
            folder).name
        week_id = str(data.get("id") or default_id)
        self.register_id("week:" + week_id, Loc(week_file, 1, 1), "week")
        objectives = []
        for i, raw in enumerate(data.get("objectives") or []):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                oloc = self.loc(doc, week_file, ("objectives", i))
                if self.register_id("objective:" + raw["id"], oloc, "objective"):
                    objectives.append(Objective(
                        raw["id"], self.text(raw.get("text", ""), doc, week_file,
                                             ("objectives", i, "text")), oloc))
        lessons = []
        for li, raw in enumerate(data.get("lessons") or []):
            if isinstance(raw, dict):
                lesson = self.lesson(raw, doc, week_file, folder, ("lessons", li))
                if lesson is not None:
                    lessons.append(lesson)
        return Week(
            id=week_id, number=number,
            title=self.text(data.get("title", week_id), doc, week_file, ("title",)),
            summary=self.opt_text(data, "summary", doc, week_file, ()),
            objectives=tuple(objectives), lessons=tuple(lessons),
            release=self.date(data, "release", doc, week_file, ()),
            suppressions=self.suppressions(data, doc, week_file, ()),
            dir=folder, loc=Loc(week_file, 1, 1))

    def lesson(self, raw: dict, doc: YamlDoc, file: str, folder: str, path: tuple
               ) -> Lesson | None:
        title = self.text(raw.get("title", ""), doc, file, path + ("title",))
        loc = self.loc(doc, file, path)
        lesson_id = str(raw.get("id") or _slug(title.default) or f"lesson-{path[-1] + 1}")
        self.register_id("lesson:" + lesson_id, loc, "lesson")
        items = []
        for ii, entry in enumerate(raw.get("items") or []):
            if isinstance(entry, dict):
                try:
                    item = self.item(entry, doc, file, folder, path + ("items", ii))
                except _SkipItem:
                    continue
                if item is not None:
                    items.append(item)
        return Lesson(id=lesson_id, title=title, items=tuple(items), loc=loc)

    # ------------------------------------------------------------------ items

    def item(self, entry: dict, doc: YamlDoc, file: str, folder: str, path: tuple
             ) -> Item | None:
        kinds = [k for k in ("video", "reading", "quiz", "exercise", "peer", "discussion")
                 if k in entry]
        if len(kinds) != 1:
            return None  # the schema check already reported it
        kind = kinds[0]
        loc = self.loc(doc, file, path)
        reader = getattr(self, f"item_{kind}")
        return reader(entry, doc, file, folder, path, loc)

    def common(self, entry: dict, doc: YamlDoc, file: str, path: tuple, loc: Loc,
               item_id: str, title: I18nText,
               own: tuple[YamlDoc, str] | None = None) -> dict:
        """Fields every item has. `own` is the item's own file (quiz, peer, exercise.yml):
        its graded/type/objectives/minutes apply unless the week.yml entry overrides them."""
        if not self.register_id(item_id, loc):
            raise _SkipItem
        inner = {}
        if own is not None and isinstance(own[0].data, dict):
            inner = {k: own[0].data[k] for k in ("graded", "type", "objectives", "minutes")
                     if k in own[0].data}
        merged = {**inner, **{k: v for k, v in entry.items() if k != "lint"}}
        objectives = merged.get("objectives") or []
        # point each objective reference at the file and line where it is written
        where = (doc, file, path) if "objectives" in entry or own is None else (*own, ())
        for i, obj in enumerate(objectives):
            self.objective_refs.append(
                (str(obj), self.loc(where[0], where[1], where[2] + ("objectives", i))))
        graded = bool(merged.get("graded", False))
        kind_type = merged.get("type")
        return dict(
            id=item_id, title=title, graded=graded,
            assignment_type=str(kind_type) if kind_type else None,
            objectives=tuple(str(o) for o in objectives),
            minutes=float(merged["minutes"]) if isinstance(merged.get("minutes"),
                                                           (int, float)) else None,
            due=self.date(entry, "due", doc, file, path),
            release=self.date(entry, "release", doc, file, path),
            suppressions=self.suppressions(entry, doc, file, path),
            loc=loc,
        )

    def item_id(self, entry: dict, ref: str | None) -> str:
        if entry.get("id"):
            return str(entry["id"])
        if ref:
            name = PurePosixPath(ref.rstrip("/")).name
            return name.split(".")[0] or name
        return "item"

    def item_title(self, entry: dict, doc: YamlDoc, file: str, path: tuple,
                   fallback: I18nText | None, default: str) -> I18nText:
        if "title" in entry:
            return self.text(entry["title"], doc, file, path + ("title",))
        if fallback is not None and len(fallback):
            return fallback
        return I18nText({self.languages[0]: default}, self.languages[0])

    def item_reading(self, entry, doc, file, folder, path, loc) -> Reading | None:
        body, files = self.markdown(folder, entry["reading"], self.loc(doc, file, path + (
            "reading",)))
        if not files:
            raise _SkipItem
        h1 = I18nText({lang: m.group(1) for lang, text in body.items()
                       if (m := _H1.search(text))}, self.languages[0])
        item_id = self.item_id(entry, entry["reading"])
        title = self.item_title(entry, doc, file, path, h1, item_id)
        return Reading(**self.common(entry, doc, file, path, loc, item_id, title),
                       body=body, files=files)

    def item_discussion(self, entry, doc, file, folder, path, loc) -> Discussion:
        if not entry.get("id"):
            raise _SkipItem  # an invalid id was reported and removed by the schema check
        item_id = str(entry["id"])
        title = self.item_title(entry, doc, file, path, None, item_id)
        prompt = self.text(entry["discussion"], doc, file, path + ("discussion",))
        return Discussion(**self.common(entry, doc, file, path, loc, item_id, title),
                          prompt=prompt)

    def item_video(self, entry, doc, file, folder, path, loc) -> Video:
        source = str(entry["video"])
        vloc = self.loc(doc, file, path + ("video",))
        youtube_id = url = rel = None
        abs_path = None
        if source.startswith("youtube:"):
            youtube_id = source.removeprefix("youtube:").strip()
            if not re.fullmatch(r"[A-Za-z0-9_-]{6,20}", youtube_id):
                self.src.error("MF013", f"'{youtube_id}' is not a YouTube video id", vloc,
                               "write `video: youtube:dQw4w9WgXcQ`")
        elif source.startswith(("https://", "http://")):
            url = source
        else:
            rel = self.src.resolve(folder, source, vloc, must_exist=False)
            if rel is None:
                raise _SkipItem
            abs_path = self.src.root / rel
            if not abs_path.is_file() and rel not in self.locked_videos:
                self.src.error("MF020", f"video not found: '{source}' (looked for {rel})",
                               vloc, f"add the file, or run `moocforge media probe` where it "
                               f"exists so that {MEDIA_LOCK} records it")
        if not entry.get("id") and rel is None:
            self.src.error("MF012", "a hosted video needs an explicit `id:`", loc,
                           "ids name the item in every target; pick a short stable one")
            raise _SkipItem
        transcripts = {}
        for lang, ref in (entry.get("transcripts") or {}).items():
            tloc = Loc(file, *doc.key_pos(path + ("transcripts", lang)))
            if lang not in self.languages:
                self.src.error("MF024", f"transcript language '{lang}' is not a course "
                               f"language ({', '.join(self.languages)})", tloc)
            trel = self.src.resolve(folder, str(ref), self.loc(doc, file, path + (
                "transcripts", lang)))
            if trel is not None:
                if not trel.lower().endswith((".vtt", ".srt")):
                    self.src.error("MF013", f"transcript '{ref}' must be a .vtt or .srt file",
                                   tloc)
                transcripts[lang] = trel
        script = None
        script_files: dict[str, str] = {}
        if entry.get("script"):
            script, script_files = self.markdown(folder, entry["script"], self.loc(
                doc, file, path + ("script",)))
        declared = entry.get("duration")
        duration, source_kind = None, "unknown"
        if isinstance(declared, (int, float)):
            duration, source_kind = float(declared), "declared"
        elif script is not None and script.default:
            duration = word_count(script.default) / self.speaking_wpm * 60
            source_kind = "script"
        item_id = self.item_id(entry, rel)
        title = self.item_title(entry, doc, file, path, None, item_id)
        return Video(**self.common(entry, doc, file, path, loc, item_id, title),
                     file=rel, path=abs_path, youtube_id=youtube_id, url=url,
                     transcripts=transcripts, script=script, script_files=script_files,
                     declared_duration=float(declared) if isinstance(declared, (int, float))
                     else None, duration=duration, duration_source=source_kind)

    def item_quiz(self, entry, doc, file, folder, path, loc) -> Quiz:
        ref = str(entry["quiz"])
        rel = self.src.resolve(folder, ref, self.loc(doc, file, path + ("quiz",)))
        if rel is None:
            raise _SkipItem
        qdoc = self.src.read_yaml(rel, "quiz", self.loc(doc, file, path + ("quiz",)))
        if qdoc is None:
            raise _SkipItem
        data = qdoc.data
        assert isinstance(data, dict)
        item_id = str(entry.get("id") or data.get("id") or self.item_id({}, ref))
        title = self.item_title(entry, doc, file, path,
                                self.text(data.get("title", ""), qdoc, rel, ("title",)), item_id)
        common = self.common(entry, doc, file, path, loc, item_id, title, (qdoc, rel))
        questions = []
        for i, raw in enumerate(data.get("questions") or []):
            if isinstance(raw, dict) and isinstance(raw.get("kind"), str):
                questions.append(self.question(raw, qdoc, rel, ("questions", i), i))
        return Quiz(**common, file=rel, key_locs=_key_locs(qdoc, rel),
                    intro=self.opt_text(data, "intro", qdoc, rel, ()),
                    questions=tuple(questions),
                    max_attempts=data.get("max_attempts"),
                    showanswer=str(data.get("showanswer", "finished")))

    def question(self, raw: dict, doc: YamlDoc, file: str, path: tuple, index: int) -> Question:
        def t(key: str) -> I18nText | None:
            return self.opt_text(raw, key, doc, file, path)

        choices = tuple(
            Choice(text=self.text(c.get("text", ""), doc, file, path + ("choices", i, "text")),
                   correct=bool(c.get("correct", False)),
                   feedback=self.opt_text(c, "feedback", doc, file, path + ("choices", i)),
                   loc=self.loc(doc, file, path + ("choices", i)))
            for i, c in enumerate(raw.get("choices") or []) if isinstance(c, dict))
        tolerance, pct = raw.get("tolerance"), False
        if isinstance(tolerance, str) and tolerance.endswith("%"):
            tolerance, pct = float(tolerance[:-1]), True
        answers = raw.get("answers") or []
        return Question(
            id=str(raw.get("id") or f"q{index + 1}"), kind=raw["kind"],
            prompt=self.text(raw.get("prompt", ""), doc, file, path + ("prompt",)),
            choices=choices,
            answer=float(raw["answer"]) if isinstance(raw.get("answer"), (int, float)) else None,
            tolerance=float(tolerance) if isinstance(tolerance, (int, float)) else None,
            tolerance_pct=pct,
            answers=tuple(str(a) for a in answers),
            match=raw.get("match", "ci"),
            sample_answers=tuple(str(s) for s in raw.get("samples") or []),
            hints=tuple(self.text(h, doc, file, path + ("hints", i))
                        for i, h in enumerate(raw.get("hints") or [])),
            explanation=t("explanation"),
            feedback_correct=t("correct_feedback"), feedback_wrong=t("wrong_feedback"),
            weight=float(raw.get("weight", 1)),
            loc=self.loc(doc, file, path))

    def item_peer(self, entry, doc, file, folder, path, loc) -> Peer:
        ref = str(entry["peer"])
        rel = self.src.resolve(folder, ref, self.loc(doc, file, path + ("peer",)))
        if rel is None:
            raise _SkipItem
        pdoc = self.src.read_yaml(rel, "peer", self.loc(doc, file, path + ("peer",)))
        if pdoc is None:
            raise _SkipItem
        data = pdoc.data
        assert isinstance(data, dict)
        item_id = str(entry.get("id") or data.get("id") or self.item_id({}, ref))
        title = self.item_title(entry, doc, file, path,
                                self.text(data.get("title", ""), pdoc, rel, ("title",)), item_id)
        common = self.common(entry, doc, file, path, loc, item_id, title, (pdoc, rel))
        sub = data.get("submission") or {}
        file_types = tuple(sub.get("file_types") or [])
        submission = Submission(
            text=sub.get("text", "required"),
            files=sub.get("files", "optional" if file_types else "none"),
            file_types=file_types, multiple_files=bool(sub.get("multiple_files", False)),
            loc=self.loc(pdoc, rel, ("submission",)), editor=sub.get("editor", "text"),
            show_rubric=bool(sub.get("show_rubric", True)))
        rubric = []
        for ci, crit in enumerate(data.get("rubric") or []):
            if not isinstance(crit, dict):
                continue
            cpath = ("rubric", ci)
            options = tuple(
                RubricOption(
                    name=str(o.get("name")),
                    label=self.text(o.get("label", o.get("name", "")), pdoc, rel,
                                    cpath + ("options", oi, "label")),
                    points=int(o.get("points", 0)),
                    explanation=self.text(o.get("explanation", ""), pdoc, rel,
                                          cpath + ("options", oi, "explanation")),
                    loc=self.loc(pdoc, rel, cpath + ("options", oi)))
                for oi, o in enumerate(crit.get("options") or []) if isinstance(o, dict))
            rubric.append(RubricCriterion(
                name=str(crit.get("name")),
                label=self.text(crit.get("label", crit.get("name", "")), pdoc, rel,
                                cpath + ("label",)),
                prompt=self.text(crit.get("prompt", crit.get("label", "")), pdoc, rel,
                                 cpath + ("prompt",)),
                feedback=crit.get("feedback", "optional"), options=options,
                loc=self.loc(pdoc, rel, cpath)))
        steps = []
        for si, step in enumerate(data.get("steps") or []):
            if not isinstance(step, dict):
                continue
            spath = ("steps", si)
            examples = tuple(
                TrainingExample(
                    answer=self.text(ex.get("answer", ""), pdoc, rel,
                                     spath + ("examples", ei, "answer")),
                    selections=dict(ex.get("select") or {}),
                    loc=self.loc(pdoc, rel, spath + ("examples", ei)))
                for ei, ex in enumerate(step.get("examples") or []) if isinstance(ex, dict))
            steps.append(PeerStep(
                kind=step.get("kind"), must_grade=step.get("must_grade"),
                graded_by=step.get("graded_by"), required=bool(step.get("required", True)),
                start=self.date(step, "start", pdoc, rel, spath),
                due=self.date(step, "due", pdoc, rel, spath),
                examples=examples, loc=self.loc(pdoc, rel, spath)))
        return Peer(**common, file=rel, key_locs=_key_locs(pdoc, rel),
                    prompt=self.text(data.get("prompt", ""), pdoc, rel, ("prompt",)),
                    submission=submission, rubric=tuple(rubric), steps=tuple(steps),
                    submission_start=self.date(data, "submission_start", pdoc, rel, ()),
                    submission_due=self.date(data, "submission_due", pdoc, rel, ()))

    def item_exercise(self, entry, doc, file, folder, path, loc) -> Exercise:
        ref = str(entry["exercise"])
        eloc = self.loc(doc, file, path + ("exercise",))
        exdir = self.src.resolve(folder, ref, eloc, kind="folder")
        if exdir is None:
            raise _SkipItem
        exfile = f"{exdir}/{EXERCISE_FILE}"
        if not (self.src.root / exfile).is_file():
            self.src.error("MF020", f"exercise folder '{ref}' has no {EXERCISE_FILE}", eloc)
            raise _SkipItem
        self.src.referenced.add(exfile)
        edoc = self.src.read_yaml(exfile, "exercise", eloc)
        if edoc is None:
            raise _SkipItem
        data = edoc.data
        assert isinstance(data, dict)
        item_id = str(entry.get("id") or data.get("id") or self.item_id({}, ref))
        title = self.item_title(entry, doc, file, path,
                                self.text(data.get("title", ""), edoc, exfile, ("title",)),
                                item_id)
        common = self.common(entry, doc, file, path, loc, item_id, title, (edoc, exfile))

        def code(key: str) -> tuple[str, str]:
            if not isinstance(data.get(key), str):
                return "", ""
            rel = self.src.resolve(exdir, data[key], self.loc(edoc, exfile, (key,)))
            text = self.src.read_text(rel, self.loc(edoc, exfile, (key,))) if rel else None
            return text or "", rel or ""

        statement = I18nText({}, self.languages[0])
        if isinstance(data.get("statement"), str):
            statement, _ = self.markdown(exdir, data["statement"],
                                         self.loc(edoc, exfile, ("statement",)))
        starter, _ = code("starter")
        solution, solution_file = code("solution")
        checker = None
        if isinstance(data.get("checker"), str):
            checker = self.src.resolve(exdir, data["checker"],
                                       self.loc(edoc, exfile, ("checker",)))
        tests = []
        names: set[str] = set()
        for ti, raw in enumerate(data.get("tests") or []):
            if not isinstance(raw, dict):
                continue
            tloc = self.loc(edoc, exfile, ("tests", ti))
            name = str(raw.get("name"))
            if name in names:
                self.src.error("MF022", f"duplicate test name '{name}'", tloc)
            names.add(name)
            if "expected" not in raw and checker is None:
                self.src.error("MF012", f"test '{name}' has no `expected:` output and the "
                               "exercise has no `checker:`", tloc,
                               "add the expected standard output")
            tests.append(ExerciseTest(
                name=name, stdin=str(raw.get("stdin", "")),
                args=tuple(str(a) for a in raw.get("args") or []),
                expected_stdout=raw.get("expected"), compare=raw.get("compare", "exact"),
                tolerance=float(raw.get("tolerance", 1e-6)), exit_code=raw.get("exit_code", 0),
                hidden=bool(raw.get("hidden", False)),
                feedback=self.opt_text(raw, "feedback", edoc, exfile, ("tests", ti)), loc=tloc))
        wrong = []
        for wi, raw in enumerate(data.get("wrong") or []):
            if not isinstance(raw, dict):
                continue
            wloc = self.loc(edoc, exfile, ("wrong", wi))
            wrel = self.src.resolve(exdir, str(raw.get("file")), wloc)
            for name in raw.get("fails") or []:
                if name not in names:
                    close = difflib.get_close_matches(str(name), sorted(names), n=1)
                    self.src.error("MF023", f"wrong solution declares unknown test '{name}'",
                                   wloc, f"did you mean '{close[0]}'?" if close else
                                   "name a test of this exercise")
            if wrel:
                wrong.append(WrongSolution(
                    path=self.src.root / wrel, file=wrel,
                    fails=tuple(str(n) for n in raw.get("fails") or []),
                    feedback=self.opt_text(raw, "feedback", edoc, exfile, ("wrong", wi)),
                    loc=wloc))
        limits_raw = data.get("limits") or {}
        default = Limits()
        limits = Limits(
            time_s=float(limits_raw.get("time", default.time_s)),
            memory_mb=int(limits_raw.get("memory", default.memory_mb)),
            output_kb=int(limits_raw.get("output", default.output_kb)),
            processes=int(limits_raw.get("processes", default.processes)))
        return Exercise(**common, dir=exdir, path=self.src.root / exdir,
                        language=data.get("language", "c"), statement=statement,
                        starter=starter, solution=solution, solution_file=solution_file,
                        tests=tuple(tests), checker=checker, wrong=tuple(wrong), limits=limits,
                        compile_flags=tuple(str(f) for f in data.get("compile_flags") or []),
                        key_locs=_key_locs(edoc, exfile))

    # ------------------------------------------------------------------ cross checks

    def check_objectives(self, weeks: list[Week]) -> None:
        known = sorted({o.id for w in weeks for o in w.objectives})
        for ref, loc in self.objective_refs:
            if ref not in known:
                close = difflib.get_close_matches(ref, known, n=1)
                self.src.error("MF023", f"unknown objective '{ref}'", loc,
                               f"did you mean '{close[0]}'?" if close else
                               "declare it under `objectives:` in a week.yml")


def load_exercise(folder: Path, languages: tuple[str, ...]
                  ) -> tuple[Exercise | None, list[Diagnostic]]:
    """Read one exercise folder that belongs to no course (`moocforge grade` on a lone
    folder); diagnostics name files relative to the folder's parent."""
    folder = folder.resolve()
    reader = _CourseReader(CourseSources(folder.parent))
    reader.languages = languages or ("en",)
    rel = f"{folder.name}/{EXERCISE_FILE}"
    entry = {"exercise": folder.name}
    try:
        exercise = reader.item_exercise(entry, YamlDoc(entry), rel, "", (), Loc(rel, 1, 1))
    except _SkipItem:
        exercise = None
    return exercise, sorted_diagnostics(reader.src.diagnostics)


class _SkipItem(Exception):
    """An item too broken to model; its diagnostics were already recorded."""


def _key_locs(doc: YamlDoc, file: str) -> tuple[tuple[str, Loc], ...]:
    keys = doc.data if isinstance(doc.data, dict) else {}
    return tuple((key, Loc(file, *doc.key_pos((key,)))) for key in keys)


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]


def _locked_videos(root: Path) -> set[str]:
    """Video paths that `media.lock` knows, so CI without the media files still loads."""
    lock = root / MEDIA_LOCK
    if not lock.is_file():
        return set()
    try:
        data = yaml.safe_load(lock.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return set()
    videos = data.get("videos") if isinstance(data, dict) else None
    return {str(k) for k in videos} if isinstance(videos, dict) else set()
