"""Django for the platform's block code: in-memory SQLite, in-memory file storage.

The Open edX blocks (xblocks-contrib), ORA2 and edx-val are Django apps. They get the smallest
settings they import with: edx-val's and ORA2's models live in an in-memory SQLite database
(migrated once per process), transcript files in Django's in-memory storage, and the CAPA
engine renders with its own Django templates. Nothing is written to disk.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

_READY = False

_IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


def _capa_templates() -> Path:
    # Located without importing xblocks_contrib: importing it needs the settings first.
    spec = importlib.util.find_spec("xblocks_contrib")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "problem" / "capa" / "templates"


def setup() -> None:
    """Configure Django once per process (idempotent)."""
    global _READY
    if _READY:
        return
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False, USE_I18N=False, USE_TZ=True, SECRET_KEY="moocforge-tests",
            STATIC_URL="/static/", LMS_ROOT_URL="http://localhost", FEATURES={},
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "waffle",
                            "edxval", "submissions", "openassessment.workflow",
                            "openassessment.assessment"],
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            STORAGES={"default": _IN_MEMORY, "staticfiles": _IN_MEMORY,
                      "video_transcripts": _IN_MEMORY, "video_image": _IN_MEMORY},
            # edx-val reads these at import time.
            TRANSCRIPT_LANG_CACHE_TIMEOUT=0,
            VIDEO_TRANSCRIPTS_SETTINGS={"DIRECTORY_PREFIX": "video-transcripts/"},
            VIDEO_IMAGE_SETTINGS={"DIRECTORY_PREFIX": "video-images/"},
            TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                        "DIRS": [str(_capa_templates())], "APP_DIRS": True}],
            LOGGING_CONFIG=None,
        )
        django.setup()
    from django.core.management import call_command

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_command("migrate", verbosity=0, interactive=False)
    _READY = True
