"""Generate a synthetic, valid, bilingual course of N weeks × M items (every item kind).

    python benchmarks/make_course.py /tmp/synthetic --weeks 20 --items 100

Used by every benchmark. Videos are hosted (YouTube ids with declared durations) with real
WebVTT transcript files, so no media probing is involved unless a benchmark asks for it.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

LESSONS_PER_WEEK = 5
# One cycle of item kinds; repeated to fill a week.
KIND_CYCLE = ("video", "reading", "quiz", "video", "exercise", "reading", "quiz", "discussion",
              "video", "quiz")

LOREM_FR = ("Le langage C est un langage compilé : le compilateur traduit le code source en "
            "un programme exécutable. Chaque instruction se termine par un point-virgule, et "
            "chaque programme commence par la fonction main. ")
LOREM_EN = ("C is a compiled language: the compiler translates source code into an executable "
            "program. Every statement ends with a semicolon, and every program starts in the "
            "main function. ")


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _vtt(seconds: int, text: str) -> str:
    cues = []
    step = max(seconds // 4, 1)
    for i in range(4):
        start, end = i * step, min((i + 1) * step, seconds)
        cues.append(f"{_ts(start)} --> {_ts(end)}\n{text} {i + 1}")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _ts(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def _quiz(week: int, n: int) -> dict:
    graded = n % 3 == 0
    tag = f"w{week}n{n}"
    return {
        "title": {"fr": f"Quiz {tag}", "en": f"Quiz {tag}"},
        "graded": graded,
        **({"type": "Quiz"} if graded else {}),
        "objectives": [f"obj-{week}-1"],
        "max_attempts": 3,
        "questions": [
            {"kind": "single",
             "prompt": {"fr": "Quelle fonction démarre ?", "en": "Which function starts?"},
             "choices": [
                 {"text": "main", "correct": True, "feedback": {"fr": "Oui", "en": "Yes"}},
                 {"text": "start", "feedback": {"fr": "Non", "en": "No"}},
                 {"text": "init", "feedback": {"fr": "Non", "en": "No"}}],
             "explanation": {"fr": "C'est main.", "en": "It is main."}},
            {"kind": "multiple", "prompt": {"fr": "Types entiers ?", "en": "Integer types?"},
             "choices": [{"text": "int", "correct": True}, {"text": "long", "correct": True},
                         {"text": "double"}],
             "explanation": {"fr": "int et long.", "en": "int and long."}},
            {"kind": "numeric", "prompt": {"fr": "7 / 2 en C ?", "en": "7 / 2 in C?"},
             "answer": 3, "tolerance": 0,
             "explanation": {"fr": "Division entière.", "en": "Integer division."}},
            {"kind": "text", "prompt": {"fr": "Le compilateur GNU ?", "en": "The GNU compiler?"},
             "answers": ["gcc"], "match": "ci",
             "explanation": {"fr": "gcc.", "en": "gcc."}},
            {"kind": "dropdown", "prompt": {"fr": "Taille de char ?", "en": "Size of char?"},
             "choices": [{"text": "1", "correct": True}, {"text": "2"}, {"text": "4"}],
             "explanation": {"fr": "1 octet.", "en": "1 byte."}},
        ],
    }


def _exercise(folder: Path, tag: str, distinct: bool = False) -> None:
    (folder / "wrong").mkdir(parents=True, exist_ok=True)
    _dump(folder / "exercise.yml", {
        "title": {"fr": f"Exercice {tag}", "en": f"Exercise {tag}"},
        "language": "c", "statement": "statement.md", "starter": "starter.c",
        "solution": "solution.c",
        "tests": [{"name": "sum", "stdin": "2 3\n", "expected": "5\n",
                   "feedback": {"fr": "Vérifiez la somme.", "en": "Check the sum."}}],
        "wrong": [{"file": "wrong/minus.c", "fails": ["sum"]}],
    })
    own_fr, own_en = (f" (exercice {tag})", f" (exercise {tag})") if distinct else ("", "")
    (folder / "statement.md").write_text(
        f"# Somme\n\nLisez deux entiers et affichez leur somme{own_fr}.\n")
    (folder / "statement.en.md").write_text(
        f"# Sum\n\nRead two integers and print their sum{own_en}.\n")
    (folder / "starter.c").write_text("#include <stdio.h>\nint main(void) { return 0; }\n")
    (folder / "solution.c").write_text(
        '#include <stdio.h>\nint main(void) { int a, b; if (scanf("%d %d", &a, &b) != 2) '
        'return 1; printf("%d\\n", a + b); return 0; }\n')
    (folder / "wrong" / "minus.c").write_text(
        '#include <stdio.h>\nint main(void) { int a, b; if (scanf("%d %d", &a, &b) != 2) '
        'return 1; printf("%d\\n", a - b); return 0; }\n')


def _peer() -> dict:
    options = [{"name": n, "label": {"fr": n, "en": n}, "points": p,
                "explanation": {"fr": f"Niveau {n}", "en": f"Level {n}"}}
               for n, p in (("weak", 0), ("fair", 1), ("good", 2))]
    return {
        "title": {"fr": "Évaluation par les pairs", "en": "Peer assessment"},
        "prompt": {"fr": "Écrivez un programme.", "en": "Write a program."},
        "graded": True, "type": "Peer",
        "rubric": [{"name": f"c{i}", "label": {"fr": f"Critère {i}", "en": f"Criterion {i}"},
                    "options": options} for i in range(1, 4)],
        "steps": [{"kind": "peer", "must_grade": 3, "graded_by": 2}, {"kind": "self"}],
    }


def generate(out_dir: Path, weeks: int = 20, items: int = 100, distinct: bool = False
             ) -> Path:
    """Write the synthetic course into `out_dir` (replaced if it exists) and return it.
    Its readings and statements differ only by their heading (`#` line) unless
    `distinct`, which gives each a sentence of its own (as a real course's texts differ: a
    writer that renders texts without their heading renders each once then)."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    week_refs = []
    for w in range(1, weeks + 1):
        folder = out_dir / "weeks" / f"week{w:02d}"
        week_refs.append(f"weeks/week{w:02d}")
        lessons = []
        per_lesson = max(items // LESSONS_PER_WEEK, 1)
        n = 0
        for lesson_no in range(1, LESSONS_PER_WEEK + 1):
            entries = []
            count = per_lesson if lesson_no < LESSONS_PER_WEEK else items - n
            for _ in range(count):
                n += 1
                entries.append(_item(folder, w, n, distinct))
            if entries:
                lessons.append({"id": f"l{w}-{lesson_no}",
                                "title": {"fr": f"Leçon {w}.{lesson_no}",
                                          "en": f"Lesson {w}.{lesson_no}"},
                                "items": entries})
        if w == 1:
            (folder / "peer-w1.yml").write_text(
                yaml.safe_dump(_peer(), allow_unicode=True, sort_keys=False), "utf-8")
            lessons[-1]["items"].append({"peer": "peer-w1.yml"})
        _dump(folder / "week.yml", {
            "title": {"fr": f"Semaine {w}", "en": f"Week {w}"},
            "objectives": [{"id": f"obj-{w}-1", "text": {"fr": "Comprendre", "en": "Understand"}}],
            "lessons": lessons,
        })
    _dump(out_dir / "course.yml", {
        "id": "synthetic", "title": {"fr": "Cours synthétique", "en": "Synthetic course"},
        "summary": {"fr": "Un grand cours généré.", "en": "A large generated course."},
        "org": "BENCH", "number": "SYN101", "languages": ["fr", "en"],
        "runs": {"2027": {"start": "2027-01-04", "end": "2027-12-20"}},
        "grading": {"pass": 0.5, "types": [{"type": "Quiz", "weight": 0.8, "drop": 1},
                                           {"type": "Peer", "weight": 0.2}]},
        "weeks": week_refs,
    })
    return out_dir


def _item(folder: Path, week: int, n: int, distinct: bool = False) -> dict:
    kind = KIND_CYCLE[(n - 1) % len(KIND_CYCLE)]
    stem = f"w{week:02d}-{n:03d}"
    if kind == "video":
        media = folder / "media"
        media.mkdir(parents=True, exist_ok=True)
        for lang, text in (("fr", "Bonjour"), ("en", "Hello")):
            (media / f"{stem}.{lang}.vtt").write_text(_vtt(240, text), "utf-8")
        return {"video": "youtube:dQw4w9WgXcQ", "id": f"video-{stem}", "duration": 240,
                "title": {"fr": f"Vidéo {stem}", "en": f"Video {stem}"},
                "transcripts": {"fr": f"media/{stem}.fr.vtt", "en": f"media/{stem}.en.vtt"}}
    if kind == "reading":
        code = "\n\n```c\nint main(void) { return 0; }\n```\n"
        own_fr = f"Cette lecture est la {stem}. " if distinct else ""
        own_en = f"This is reading {stem}. " if distinct else ""
        body_fr = f"# Lecture {stem}\n\n" + own_fr + LOREM_FR * 20 + code
        body_en = f"# Reading {stem}\n\n" + own_en + LOREM_EN * 20 + code
        (folder / f"{stem}.md").write_text(body_fr, "utf-8")
        (folder / f"{stem}.en.md").write_text(body_en, "utf-8")
        return {"reading": f"{stem}.md"}
    if kind == "quiz":
        _dump(folder / "quizzes" / f"{stem}.yml", _quiz(week, n))
        return {"quiz": f"quizzes/{stem}.yml"}
    if kind == "exercise":
        _exercise(folder / "exercises" / stem, stem, distinct)
        return {"exercise": f"exercises/{stem}/", "objectives": [f"obj-{week}-1"]}
    return {"discussion": {"fr": "Discutez.", "en": "Discuss."}, "id": f"forum-{stem}",
            "title": {"fr": f"Forum {stem}", "en": f"Forum {stem}"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--distinct", action="store_true",
                        help="a sentence of its own in each reading and statement")
    args = parser.parse_args()
    path = generate(args.out, args.weeks, args.items, args.distinct)
    print(f"wrote {path} ({args.weeks} weeks × {args.items} items)")


if __name__ == "__main__":
    main()
