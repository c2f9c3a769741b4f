"""The player's words, per language (English for the others)."""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "codecast": "Codecast",
        "play": "Play",
        "pause": "Pause",
        "resume_teacher": "Back to the teacher's version",
        "previous": "Previous step",
        "next": "Next step",
        "seek": "Position in the codecast",
        "speed": "Speed",
        "step": "Step {n} of {total}",
        "captions": "Captions",
        "transcript": "Transcript of the narration",
        "run": "Run",
        "test": "Test with the exercise",
        "stdin": "Input (stdin)",
        "output": "Output",
        "running": "Running…",
        "compiling_error": "Error on line {line}: {message}",
        "exit": "The program ended with code {code}.",
        "timeout": "Stopped after {seconds} s: does the program loop forever, or wait for "
                   "input it never gets?",
        "no_run": "This language cannot run in the browser: copy the code to run it on "
                  "your computer.",
        "edited": "You are editing: run your version, or go back to the teacher's.",
        "paused_hint": "Paused: you can edit the code and run it.",
        "teacher_run": "The teacher runs the program:",
        "test_passed": "Test {name}: passed.",
        "test_failed": "Test {name}: not passed.",
        "expected": "Expected output",
        "noscript": "This codecast needs JavaScript: the transcript below has every step.",
        "code": "Code",
        "download_code": "Download the final code",
        "download_audio": "Download the narration",
        "keys": "Keys: Space plays or pauses, arrows move between steps, Ctrl+Enter runs "
                "the code.",
    },
    "fr": {
        "codecast": "Codecast",
        "play": "Lecture",
        "pause": "Pause",
        "resume_teacher": "Revenir à la version de l'enseignant",
        "previous": "Étape précédente",
        "next": "Étape suivante",
        "seek": "Position dans le codecast",
        "speed": "Vitesse",
        "step": "Étape {n} sur {total}",
        "captions": "Sous-titres",
        "transcript": "Transcription de la narration",
        "run": "Exécuter",
        "test": "Tester avec l'exercice",
        "stdin": "Entrée (stdin)",
        "output": "Sortie",
        "running": "Exécution…",
        "compiling_error": "Erreur à la ligne {line} : {message}",
        "exit": "Le programme s'est terminé avec le code {code}.",
        "timeout": "Arrêté au bout de {seconds} s : le programme boucle-t-il sans fin, ou "
                   "attend-il une entrée qui ne vient pas ?",
        "no_run": "Ce langage ne s'exécute pas dans le navigateur : copiez le code pour "
                  "l'exécuter sur votre ordinateur.",
        "edited": "Vous modifiez le code : exécutez votre version, ou revenez à celle de "
                  "l'enseignant.",
        "paused_hint": "En pause : vous pouvez modifier le code et l'exécuter.",
        "teacher_run": "L'enseignant exécute le programme :",
        "test_passed": "Test {name} : réussi.",
        "test_failed": "Test {name} : échoué.",
        "expected": "Sortie attendue",
        "noscript": "Ce codecast a besoin de JavaScript : la transcription ci-dessous donne "
                    "chaque étape.",
        "code": "Code",
        "download_code": "Télécharger le code final",
        "download_audio": "Télécharger la narration",
        "keys": "Touches : Espace lance ou met en pause, les flèches passent d'une étape à "
                "l'autre, Ctrl+Entrée exécute le code.",
    },
}


def player_strings(lang: str) -> dict[str, str]:
    return dict(_STRINGS.get(lang.split("-")[0], _STRINGS["en"]))
