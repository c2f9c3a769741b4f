"""Interface strings of the site, per language (English is the fallback), and the locale's
ways of writing numbers, dates and plurals (Babel's CLDR data).

French strings carry French typography by construction: a no-break space (U+00A0) before
`:`, a narrow no-break space (U+202F) before `;`, `!`, `?` and inside « ». `Texts.label()`
adds the colon the language's way, `Texts.plural()` picks the CLDR plural form.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from moocforge.model import Moment

NBSP, NNBSP = "\u00a0", "\u202f"

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "home": "Home", "week": "Week", "weeks": "Weeks", "objectives": "Learning objectives",
        "lessons": "Lessons", "workload": "Estimated workload", "grading": "Grading",
        "pass": "Pass threshold", "weight": "Weight", "drop": "Lowest scores dropped",
        "type": "Assignment type", "graded": "Graded", "practice": "Practice",
        "minutes": "min", "about": "About this course", "runs": "Sessions",
        "start": "Start", "end": "End", "duration": "Duration", "transcript": "Transcript",
        "transcript_of": "Transcript of the video",
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
        "score": "Score", "score_of": "{score} of {total} points",
        "score_done": "Quiz finished.",
        "question": "Question", "statement": "Statement", "starter": "Starter code",
        "tests": "Tests your program must pass", "test": "Test", "input": "Input",
        "arguments": "Arguments", "expected": "Expected output", "exit_code": "Exit code",
        "language": "Language", "limits": "Limits", "seconds": "s",
        "prompt": "Prompt", "rubric": "Rubric", "criterion": "Criterion",
        "steps": "Steps", "submission": "Your submission",
        "step_training": "Training on sample answers", "step_peer": "Peer review",
        "step_self": "Self assessment", "step_staff": "Staff grading",
        "from": "from", "until": "until", "due": "due", "text_answer": "Text answer",
        "files": "Files", "required": "required", "optional": "optional",
        "discussion": "Discussion", "discussion_note":
            "Share your answer in the course forum on the learning platform.",
        "lint": "Authoring diagnostics", "lint_summary": "Course diagnostics",
        "lint_clean": "No diagnostics.", "video": "Video", "reading": "Reading",
        "severity_error": "error", "severity_warning": "warning", "severity_info": "info",
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
        "total": "Total", "languages": "Languages",
        "build_failed": "The course cannot be built",
        "build_failed_hint": "Fix the errors below and save: this page reloads by itself.",
        "course_level": "the course",
        "progress": "Your progress", "progress_col": "Progress",
        "progress_note": "Your answers and the pages you visited are kept in this browser "
                         "only: nothing is sent anywhere.",
        "reset": "Reset my progress", "reset_confirm": "Delete your answers, attempts "
        "and marks for this course in this browser?", "reset_yes": "Yes, reset",
        "reset_no": "Cancel", "reset_done": "Your progress was reset.",
        "visited": "Visited", "done": "Done", "week_done": "{done} of {total} done",
        "offline": "Offline use", "offline_save": "Make this week available offline",
        "offline_saving": "Saving this week for offline use…",
        "offline_ready": "Available offline", "offline_failed":
            "This week could not be saved for offline use (no network?).",
        "offline_unsupported": "Offline use needs the site served over HTTPS (or localhost).",
        "offline_missing": "This page was not saved for offline use: open it again once "
                           "you are online, or save its week beforehand.",
        "dark_mode": "Dark mode",
    },
    "fr": {
        "home": "Accueil", "week": "Semaine", "weeks": "Semaines",
        "objectives": "Objectifs d'apprentissage", "lessons": "Leçons",
        "workload": "Charge de travail estimée", "grading": "Évaluation",
        "pass": "Seuil de réussite", "weight": "Poids", "drop": "Notes les plus basses ignorées",
        "type": "Type d'activité", "graded": "Noté", "practice": "Entraînement",
        "minutes": "min", "about": "À propos du cours", "runs": "Sessions",
        "start": "Début", "end": "Fin", "duration": "Durée", "transcript": "Transcription",
        "transcript_of": "Transcription de la vidéo",
        "video_fallback": "Votre navigateur ne peut pas lire cette vidéo.",
        "download_video": "Télécharger la vidéo", "watch_youtube": "Voir sur YouTube",
        "youtube_offline": "Si le lecteur ne se charge pas (pas de réseau), ouvrez la "
                           "vidéo\u00a0:",
        "no_video": "Le fichier vidéo n'est pas disponible dans cette version.",
        "check": "Vérifier", "hint": "Afficher un indice", "your_answer": "Votre réponse",
        "your_number": "Votre réponse (un nombre)", "choose": "Choisissez une réponse",
        "correct": "Correct.", "wrong": "Pas tout à fait.", "partly": "Partiellement correct.",
        "attempts": "Essais", "no_more_attempts": "Plus d'essai disponible.",
        "explanation": "Explication", "answer_required": "Répondez d'abord à la question.",
        "not_a_number": "Saisissez un nombre, par exemple 3,5.",
        "no_answers": "La vérification des réponses n'est pas disponible sur ce site.",
        "score": "Score", "score_of": "{score} sur {total}\u00a0points",
        "score_done": "Quiz terminé.",
        "question": "Question", "statement": "Énoncé", "starter": "Code de départ",
        "tests": "Tests que votre programme doit réussir", "test": "Test",
        "input": "Entrée", "arguments": "Arguments", "expected": "Sortie attendue",
        "exit_code": "Code de sortie",
        "language": "Langage", "limits": "Limites", "seconds": "s",
        "prompt": "Consigne", "rubric": "Grille d'évaluation", "criterion": "Critère",
        "steps": "Étapes", "submission": "Votre rendu",
        "step_training": "Entraînement sur des exemples", "step_peer": "Évaluation par les pairs",
        "step_self": "Auto-évaluation", "step_staff": "Évaluation par l'équipe",
        "from": "du", "until": "au", "due": "à rendre le", "text_answer": "Réponse texte",
        "files": "Fichiers", "required": "obligatoire", "optional": "facultatif",
        "discussion": "Discussion", "discussion_note":
            "Partagez votre réponse dans le forum du cours sur la plateforme.",
        "lint": "Diagnostics de rédaction", "lint_summary": "Diagnostics du cours",
        "lint_clean": "Aucun diagnostic.", "video": "Vidéo", "reading": "Lecture",
        "severity_error": "erreur", "severity_warning": "avertissement",
        "severity_info": "information",
        "quiz": "Quiz", "exercise": "Exercice de code", "peer": "Évaluation par les pairs",
        "external": "Outil externe",
        "codecast": "Codecast",
        "olx": "Bloc Open edX",
        "olx_note": "Ce bloc {type} ne fonctionne que sur Open edX\u00a0: il est conservé en "
                    "OLX, et l'aperçu montre sa place dans le cours.",
        "external_lti": "Cette activité s'ouvre dans un outil externe depuis le cours sur la "
                        "plateforme, qui vous identifie et enregistre votre travail.",
        "external_app": "Cette activité s'ouvre dans une application web externe.",
        "external_open": "Ouvrir la page de l'outil",
        "total": "Total", "languages": "Langues",
        "build_failed": "Le cours ne peut pas être construit",
        "build_failed_hint": "Corrigez les erreurs ci-dessous et enregistrez\u00a0: "
                             "cette page se recharge d'elle-même.",
        "course_level": "le cours",
        "progress": "Votre progression", "progress_col": "Progression",
        "progress_note": "Vos réponses et les pages consultées sont gardées dans ce "
                         "navigateur seulement\u00a0: rien n'est envoyé nulle part.",
        "reset": "Réinitialiser ma progression", "reset_confirm": "Effacer vos réponses, "
        "vos essais et vos marques pour ce cours dans ce navigateur\u202f?",
        "reset_yes": "Oui, réinitialiser", "reset_no": "Annuler",
        "reset_done": "Votre progression a été réinitialisée.",
        "visited": "Consulté", "done": "Terminé", "week_done": "{done} sur {total} terminées",
        "offline": "Hors connexion", "offline_save": "Garder cette semaine hors connexion",
        "offline_saving": "Enregistrement de la semaine pour une consultation hors "
                          "connexion…",
        "offline_ready": "Disponible hors connexion", "offline_failed":
            "Cette semaine n'a pas pu être enregistrée (pas de réseau\u202f?).",
        "offline_unsupported": "La consultation hors connexion demande un site servi en "
                               "HTTPS (ou en local).",
        "offline_missing": "Cette page n'a pas été gardée pour une consultation hors "
                           "connexion : rouvrez-la une fois en ligne, ou gardez sa "
                           "semaine à l'avance.",
        "dark_mode": "Mode sombre",
    },
}

# (one, other) per language: Texts.plural() picks by the CLDR plural rules of the language
# (French "one" covers 0 and 1, English only 1).
_PLURALS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "hidden_tests": ("{n} more test is hidden and runs when you submit.",
                         "{n} more tests are hidden and run when you submit."),
        "points": ("{n} point", "{n} points"),
        "must_grade": ("you review {n} submission", "you review {n} submissions"),
        "graded_by": ("each submission is reviewed by {n} learner",
                      "each submission is reviewed by {n} learners"),
        "item_count": ("{n} activity", "{n} activities"),
        "lessons_count": ("{n} lesson", "{n} lessons"),
        "questions_count": ("{n} question", "{n} questions"),
        "findings": ("{n} finding", "{n} findings"),
    },
    "fr": {
        "hidden_tests": ("{n}\u00a0autre test est caché et lancé à la soumission.",
                         "{n}\u00a0autres tests sont cachés et lancés à la soumission."),
        "points": ("{n}\u00a0point", "{n}\u00a0points"),
        "must_grade": ("vous évaluez {n}\u00a0rendu", "vous évaluez {n}\u00a0rendus"),
        "graded_by": ("chaque rendu est évalué par {n}\u00a0apprenant",
                      "chaque rendu est évalué par {n}\u00a0apprenants"),
        "item_count": ("{n}\u00a0activité", "{n}\u00a0activités"),
        "lessons_count": ("{n}\u00a0leçon", "{n}\u00a0leçons"),
        "questions_count": ("{n}\u00a0question", "{n}\u00a0questions"),
        "findings": ("{n}\u00a0diagnostic", "{n}\u00a0diagnostics"),
    },
}

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español",
                  "it": "Italiano", "pt": "Português", "nl": "Nederlands", "ar": "العربية",
                  "zh": "中文", "ja": "日本語"}

# Languages Material for MkDocs has interface translations for (theme.language).
MATERIAL_LANGUAGES = {"fr", "en", "de", "es", "it", "pt", "nl", "ar", "zh", "ja"}


class Texts(dict[str, str]):
    """The interface strings of one language, with its locale's number and date formats."""

    def __init__(self, lang: str) -> None:
        super().__init__({**_STRINGS["en"], **_STRINGS.get(lang, {})})
        self.lang = lang
        self.locale = _locale(lang)
        self.plurals = {**_PLURALS["en"], **_PLURALS.get(lang, {})}

    def plural(self, key: str, n: int) -> str:
        one, other = self.plurals[key]
        form = self.locale.plural_form(n) if self.locale is not None else \
            ("one" if n == 1 else "other")
        return (one if form == "one" else other).format(n=self.number(n))

    def label(self, key: str) -> str:
        """`Duration:` — `Durée :` in French, with a no-break space before the colon."""
        return colon(self[key], self.lang)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale or "en")

    def percent(self, ratio: float) -> str:
        return format_percent(ratio, locale=self.locale or "en")

    def megabytes(self, amount: int) -> str:
        return format_unit(amount, "digital-megabyte", length="short",
                           locale=self.locale or "en")

    def date(self, moment: Moment, timezone: str = "UTC") -> str:
        """A date of the sources as this language writes it: `22 mars 2027`, and the local
        time when the source names one (`22 mars 2027, 18:00`)."""
        local = moment.at.astimezone(_zone(timezone))
        day = format_date(local.date(), "long", locale=self.locale or "en")
        if moment.date_only:
            return day
        return _datetime_pattern(self.locale).format(
            format_time(local.time(), "short", locale=self.locale or "en"), day)

    def js(self, *keys: str) -> dict[str, str]:
        return {key: self[key] for key in keys}

    def js_plurals(self, *keys: str) -> dict[str, list[str]]:
        return {key: list(self.plurals[key]) for key in keys}


def colon(text: str, lang: str) -> str:
    return f"{text}{NBSP}:" if lang == "fr" else f"{text}:"


def strings(lang: str) -> Texts:
    return Texts(lang)


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def format_minutes(minutes: float) -> str:
    total = round(minutes)
    hours, rest = divmod(total, 60)
    return f"{hours}{NBSP}h{NBSP}{rest:02d}" if hours else f"{rest}{NBSP}min"


def format_duration(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _datetime_pattern(locale: Locale | None) -> str:
    # CLDR's "{1}, {0}" (date, time); some locales quote literal words: 'à'.
    pattern = str(locale.datetime_formats["medium"]) if locale is not None else "{1}, {0}"
    return pattern.replace("'", "") or "{1}, {0}"


def datetime_iso(moment: Moment, timezone: str = "UTC") -> str:
    """The machine-readable form, for `<time datetime=…>`: the local day, or the instant."""
    local: datetime = moment.at.astimezone(_zone(timezone))
    return local.date().isoformat() if moment.date_only else local.isoformat()
