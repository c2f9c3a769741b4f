"""The kit's own learner-visible words, per language (what is not the course's text).

Coursera shows these to learners once the team pastes them in: the titles of a peer review's
submission parts, the label of a reviewer's comment box, and the headings and table of a
programming statement page. A language without a table gets English; every table has every
key (a test checks it), so a French kit never mixes in English.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "your_answer": "Your answer",
        "your_file": "Your file",
        "comments": "Comments: {label}",
        "exercise_meta": "Language: {language} · time limit {seconds} s · memory {mb} MB",
        "starter_code": "Starter code",
        "examples": "Examples",
        "test": "Test",
        "input": "Input",
        "arguments": "Arguments",
        "expected_output": "Expected output",
        "checked_by_program": "(checked by a program)",
    },
    "fr": {
        "your_answer": "Votre réponse",
        "your_file": "Votre fichier",
        "comments": "Commentaires : {label}",
        "exercise_meta": "Langage : {language} · limite de temps {seconds} s · mémoire "
                         "{mb} Mo",
        "starter_code": "Code de départ",
        "examples": "Exemples",
        "test": "Test",
        "input": "Entrée",
        "arguments": "Arguments",
        "expected_output": "Sortie attendue",
        "checked_by_program": "(vérifiée par un programme)",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """The kit string `key` in `lang` (English when the language has no table)."""
    table = STRINGS.get(lang, STRINGS["en"])
    return table[key].format(**values)
