"""Interface strings of the site, per language (English is the fallback)."""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "home": "Home", "week": "Week", "weeks": "Weeks", "objectives": "Learning objectives",
        "lessons": "Lessons", "workload": "Estimated workload", "grading": "Grading",
        "pass": "Pass threshold", "weight": "Weight", "drop": "Lowest scores dropped",
        "type": "Assignment type", "graded": "Graded", "practice": "Practice",
        "minutes": "min", "about": "About this course", "runs": "Sessions",
        "start": "Start", "end": "End", "duration": "Duration", "transcript": "Transcript",
        "video_fallback": "Your browser cannot play this video.",
        "download_video": "Download the video", "watch_youtube": "Watch on YouTube",
        "youtube_offline": "If the player does not load (no network), open the video:",
        "no_video": "The video file is not available in this build.",
        "check": "Check", "hint": "Show a hint", "your_answer": "Your answer",
        "your_number": "Your answer (a number)", "choose": "Choose an answer",
        "correct": "Correct.", "wrong": "Not quite.", "partly": "Partly correct.",
        "attempts": "Attempts", "no_more_attempts": "No attempts left.",
        "explanation": "Explanation", "answer_required": "Answer the question first.",
        "not_a_number": "Enter a number, e.g. 3.5.",
        "no_answers": "Answer checking is not available on this site.",
        "question": "Question", "statement": "Statement", "starter": "Starter code",
        "tests": "Tests your program must pass", "test": "Test", "input": "Input",
        "arguments": "Arguments", "expected": "Expected output", "exit_code": "Exit code",
        "hidden_tests": "{n} more test(s) are hidden and run when you submit.",
        "language": "Language", "limits": "Limits",
        "prompt": "Prompt", "rubric": "Rubric", "criterion": "Criterion",
        "points": "points", "steps": "Steps", "submission": "Your submission",
        "step_training": "Training on sample answers", "step_peer": "Peer review",
        "step_self": "Self assessment", "step_staff": "Staff grading",
        "must_grade": "you review {n} submission(s)",
        "graded_by": "each submission is reviewed by {n} learner(s)",
        "from": "from", "until": "until", "text_answer": "Text answer",
        "files": "Files", "required": "required", "optional": "optional",
        "discussion": "Discussion", "discussion_note":
            "Share your answer in the course forum on the learning platform.",
        "lint": "Authoring diagnostics", "lint_summary": "Course diagnostics",
        "lint_clean": "No diagnostics.", "video": "Video", "reading": "Reading",
        "quiz": "Quiz", "exercise": "Code exercise", "peer": "Peer assessment",
        "external": "External tool",
        "codecast": "Codecast",
        "olx": "Open edX block",
        "olx_note": "This {type} block works on Open edX only: it is kept as OLX, and the "
                    "preview shows where it sits in the course.",
        "external_lti": "This activity opens in an external tool from the course on the "
                        "learning platform, which signs you in and records your work.",
        "external_app": "This activity opens in an external web application.",
        "external_open": "Open the tool's page",
        "total": "Total", "languages": "Languages", "item_count": "{n} activities",
        "build_failed": "The course cannot be built",
        "build_failed_hint": "Fix the errors below and save: this page reloads by itself.",
    },
    "fr": {
        "home": "Accueil", "week": "Semaine", "weeks": "Semaines",
        "objectives": "Objectifs d'apprentissage", "lessons": "Leçons",
        "workload": "Charge de travail estimée", "grading": "Évaluation",
        "pass": "Seuil de réussite", "weight": "Poids", "drop": "Notes les plus basses ignorées",
        "type": "Type d'activité", "graded": "Noté", "practice": "Entraînement",
        "minutes": "min", "about": "À propos du cours", "runs": "Sessions",
        "start": "Début", "end": "Fin", "duration": "Durée", "transcript": "Transcription",
        "video_fallback": "Votre navigateur ne peut pas lire cette vidéo.",
        "download_video": "Télécharger la vidéo", "watch_youtube": "Voir sur YouTube",
        "youtube_offline": "Si le lecteur ne se charge pas (pas de réseau), ouvrez la vidéo :",
        "no_video": "Le fichier vidéo n'est pas disponible dans cette version.",
        "check": "Vérifier", "hint": "Afficher un indice", "your_answer": "Votre réponse",
        "your_number": "Votre réponse (un nombre)", "choose": "Choisissez une réponse",
        "correct": "Correct.", "wrong": "Pas tout à fait.", "partly": "Partiellement correct.",
        "attempts": "Essais", "no_more_attempts": "Plus d'essai disponible.",
        "explanation": "Explication", "answer_required": "Répondez d'abord à la question.",
        "not_a_number": "Saisissez un nombre, par exemple 3,5.",
        "no_answers": "La vérification des réponses n'est pas disponible sur ce site.",
        "question": "Question", "statement": "Énoncé", "starter": "Code de départ",
        "tests": "Tests que votre programme doit réussir", "test": "Test",
        "input": "Entrée", "arguments": "Arguments", "expected": "Sortie attendue",
        "exit_code": "Code de sortie",
        "hidden_tests": "{n} autre(s) test(s) sont cachés et lancés à la soumission.",
        "language": "Langage", "limits": "Limites",
        "prompt": "Consigne", "rubric": "Grille d'évaluation", "criterion": "Critère",
        "points": "points", "steps": "Étapes", "submission": "Votre rendu",
        "step_training": "Entraînement sur des exemples", "step_peer": "Évaluation par les pairs",
        "step_self": "Auto-évaluation", "step_staff": "Évaluation par l'équipe",
        "must_grade": "vous évaluez {n} rendu(s)",
        "graded_by": "chaque rendu est évalué par {n} apprenant(s)",
        "from": "du", "until": "au", "text_answer": "Réponse texte",
        "files": "Fichiers", "required": "obligatoire", "optional": "facultatif",
        "discussion": "Discussion", "discussion_note":
            "Partagez votre réponse dans le forum du cours sur la plateforme.",
        "lint": "Diagnostics de rédaction", "lint_summary": "Diagnostics du cours",
        "lint_clean": "Aucun diagnostic.", "video": "Vidéo", "reading": "Lecture",
        "quiz": "Quiz", "exercise": "Exercice de code", "peer": "Évaluation par les pairs",
        "external": "Outil externe",
        "codecast": "Codecast",
        "olx": "Bloc Open edX",
        "olx_note": "Ce bloc {type} ne fonctionne que sur Open edX : il est conservé en OLX, "
                    "et l'aperçu montre sa place dans le cours.",
        "external_lti": "Cette activité s'ouvre dans un outil externe depuis le cours sur la "
                        "plateforme, qui vous identifie et enregistre votre travail.",
        "external_app": "Cette activité s'ouvre dans une application web externe.",
        "external_open": "Ouvrir la page de l'outil",
        "total": "Total", "languages": "Langues", "item_count": "{n} activités",
        "build_failed": "Le cours ne peut pas être construit",
        "build_failed_hint": "Corrigez les erreurs ci-dessous et enregistrez : "
                             "cette page se recharge d'elle-même.",
    },
}

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español",
                  "it": "Italiano", "pt": "Português", "nl": "Nederlands", "ar": "العربية",
                  "zh": "中文", "ja": "日本語"}

# Languages Material for MkDocs has interface translations for (theme.language).
MATERIAL_LANGUAGES = {"fr", "en", "de", "es", "it", "pt", "nl", "ar", "zh", "ja"}


def strings(lang: str) -> dict[str, str]:
    return {**_STRINGS["en"], **_STRINGS.get(lang, {})}


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def format_minutes(minutes: float) -> str:
    total = round(minutes)
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


def format_duration(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"
