"""Course-level files: policies/, about/, info/, assets/.

`policy.json` holds the course fields (one place only: the same field in course/<run>.xml
would be an olxcleaner SettingOverride). Studio reads `policies/<run>/` where `<run>` is the
course url_name, so the folder and the `"course/<run>"` key always use `Build.run_name`.
"""

from __future__ import annotations

import html
from typing import Any

from lxml import etree

from moocforge import workload
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.static import placeholder_png
from moocforge.writers.olx.xmlutil import clean, element, write_json, write_text, write_xml

DEFAULT_TABS = [
    {"course_staff_only": False, "name": "Course", "type": "courseware"},
    {"course_staff_only": False, "name": "Home", "type": "course_info"},
    {"course_staff_only": False, "name": "Discussion", "type": "discussion"},
    {"course_staff_only": False, "name": "Progress", "type": "progress"},
    # A non-empty list is taken as is (defaults fill only an empty one): without this entry
    # learners have no Dates tab.
    {"course_staff_only": False, "name": "Dates", "type": "dates"},
]

_WEEKS = {"fr": "{n} semaines", "en": "{n} weeks", "es": "{n} semanas", "de": "{n} Wochen",
          "it": "{n} settimane", "pt": "{n} semanas"}
_WEEK = {"fr": "1 semaine", "en": "1 week", "es": "1 semana", "de": "1 Woche", "it": "1 settimana",
         "pt": "1 semana"}


def course_image(b: Build) -> str:
    if b.course.image:
        return b.static.add_file(b.course.image)
    b.loss("MF532", "the course has no image: a plain placeholder is shipped (Open edX, FUN and "
           "olxcleaner all want one)", b.course.loc, "set `image:` in course.yml")
    return b.static.add_data("course_image.png", placeholder_png())


def write_policies(b: Build, image: str) -> None:
    run = b.run
    fields: dict[str, object] = {
        "display_name": b.t(b.course.title),
        "start": b.start,
        "end": b.end,
        "enrollment_start": b.date(run.enrollment_start),
        "enrollment_end": b.date(run.enrollment_end),
        "language": b.lang,
        "course_image": image,
        "advanced_modules": sorted(b.advanced_modules),
        "tabs": DEFAULT_TABS,
        "discussion_topics": {"General": {"id": "course"}},
    }  # (a JSON object: values of several types)
    if run.self_paced:
        fields["self_paced"] = True
    enrollment = b.course.enrollment
    if enrollment.declared:
        fields["invitation_only"] = enrollment.invitation_only
        fields["catalog_visibility"] = enrollment.catalog_visibility
        fields["course_visibility"] = enrollment.course_visibility
    if not run.end:
        b.loss("MF533", f"run '{run.id}' has no end date; the package ends it {b.end[:10]}, "
               "one week per week of content", run.loc, "set `end:` on the run",
               severity="info")
    policy = {f"course/{b.run_name}": {k: v for k, v in fields.items() if v is not None}}
    folder = f"policies/{b.run_name}"
    write_json(b.tree, f"{folder}/policy.json", policy)
    write_json(b.tree, f"{folder}/grading_policy.json", grading_policy(b))


def grading_policy(b: Build) -> dict[str, Any]:
    grading = b.course.grading
    total = sum(t.weight for t in grading.types)
    if grading.types and abs(total - 1) > 1e-6:
        b.loss("MF536", f"assignment weights add up to {total:g}, not 1: the best grade "
               f"reachable on Open edX is {min(total, 1):.0%}", grading.loc,
               "make grading.types weights sum to 1")
    graders = []
    for entry in grading.types:
        count = b.graded_counts.get(entry.type, 0)
        if count and entry.drop >= count:
            b.loss("MF537", f"assignment type '{entry.type}' drops {entry.drop} of its "
                   f"{count} graded subsections: none would count", entry.loc,
                   "lower `drop:`")
        graders.append({"type": entry.type, "min_count": max(count, 1),
                        "drop_count": entry.drop, "short_label": entry.short_label,
                        "weight": entry.weight})
    return {"GRADER": graders, "GRADE_CUTOFFS": {"Pass": grading.pass_threshold}}


def write_about(b: Build) -> None:
    """The course about page (the fields of Studio's "Schedule & Details", as it exports them:
    openedx-platform `course_details.py` ABOUT_ATTRIBUTES)."""
    course = b.course
    description = b.t(course.description) if course.description is not None else ""
    summary = b.t(course.summary) if course.summary is not None else ""
    overview = b.md(description, "") if description.strip() else ""
    write_text(b.tree, "about/overview.html", overview or _paragraph(summary))
    write_text(b.tree, "about/title.html", _escape(b.t(course.title)))
    write_text(b.tree, "about/subtitle.html", _escape(b.t(course.subtitle)))
    write_text(b.tree, "about/short_description.html", _escape(summary))
    write_text(b.tree, "about/description.html", _escape(summary))
    write_text(b.tree, "about/about_sidebar_html.html", "")  # Studio exports it empty
    write_text(b.tree, "about/effort.html", effort(b))
    weeks = len(course.weeks)
    template = _WEEK if weeks == 1 else _WEEKS
    write_text(b.tree, "about/duration.html", template.get(b.lang, template["en"]).format(n=weeks))


def effort(b: Build) -> str:
    """Average work per week as Open edX shows it: "H:MM"."""
    weeks = max(len(b.course.weeks), 1)
    minutes = round(sum(workload.week_minutes(b.course, w) for w in b.course.weeks) / weeks)
    return f"{minutes // 60}:{minutes % 60:02d}"


def write_info(b: Build) -> None:
    write_text(b.tree, "info/handouts.html", "<ol></ol>\n")
    write_text(b.tree, "info/updates.html", "<ol></ol>\n")
    write_json(b.tree, "info/updates.items.json", [])


def write_assets(b: Build) -> None:
    write_json(b.tree, "policies/assets.json", b.static.policy())
    write_xml(b.tree, "assets/assets.xml", element("assets"))


def _paragraph(text: str) -> str:
    """`<p>text</p>`, the text escaped by lxml."""
    paragraph = element("p")
    paragraph.text = clean(text)  # lxml refuses what XML cannot carry
    return str(etree.tostring(paragraph, encoding="unicode", method="html"))


def _escape(text: str) -> str:
    # `&`, `<` and `>`, as xml.sax.saxutils.escape (which imports urllib.request: 0.2 s)
    return html.escape(text, quote=False)

