"""The Markdown pages of one language tree: home, one index per week, one page per item.

Pages are Markdown (so any mkdocs-compatible engine renders them) with raw HTML blocks for
the widgets. Item pages live at `<week folder>/<item>.md`, mirroring the course folders, so
relative links and images in readings keep working; they are rewritten when the page and
its source sit in different folders.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field

from lxml import etree

from moocforge.diagnostics import Diagnostic
from moocforge.kinds import UnknownKindError, kind_of, unhandled
from moocforge.model import (
    Codecast,
    Course,
    Discussion,
    Exercise,
    ExerciseTest,
    External,
    Item,
    Loc,
    Moment,
    Peer,
    Quiz,
    RawOlx,
    Reading,
    Ref,
    Video,
    Week,
)
from moocforge.render.markdown import is_relative_url
from moocforge.workload import item_minutes, week_minutes
from moocforge.writers.links import LinkIndex
from moocforge.writers.site.html import (
    E,
    render_inline,
    render_md,
    render_text,
    to_html,
    with_html,
)
from moocforge.writers.site.quiz import quiz_block
from moocforge.writers.site.raw import raw_olx_card
from moocforge.writers.site.strings import (
    Texts,
    colon,
    datetime_iso,
    format_duration,
    format_minutes,
    language_name,
)
from moocforge.writers.site.typography import for_language, markdown_spaces, tree_spaces

# Linear on any text: each pattern stops at the next character that could start another
# match (the next fence line, bracket or quote), so no opener rescans the rest of the text.
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_MD_LINK = re.compile(r"(!?\[[^\[\]\n]*+\]\()(<?)([^)\s>\[\]]++)(>?)((?:\s++\"[^\"]*+\")?\))")
_HTML_LINK = re.compile(r"""((?:src|href)=["'])([^"']++)(["'])""")
_H1 = re.compile(r"^# .+$", re.MULTILINE)
_BACKTICKS = re.compile(r"`([^`]+)`")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Learner-visible but not content: Material's search skips elements with this attribute.
NOT_CONTENT = {"data-search-exclude": "1"}


@dataclass
class Site:
    """What every page of one language tree needs to know."""

    course: Course
    lang: str
    s: Texts
    answers: bool
    preview: bool
    multilingual: bool
    lint: dict[str, list[Diagnostic]]  # item id ("" = course level) -> diagnostics
    page_of_item: dict[str, str]  # item id -> docs-relative .md path
    page_of_source: dict[str, str]  # course-relative .md source -> docs-relative .md path
    media: dict[str, str]  # course-relative media file -> site-relative path (from site root)
    transcripts: dict[tuple[str, str], str]  # (item id, lang) -> plain transcript text
    assets: set[str] = field(default_factory=set)  # course files to copy into docs/
    diagnostics: list[Diagnostic] = field(default_factory=list)
    links: LinkIndex | None = None  # the loader's resolution of every link
    week_assets: dict[str, set[str]] = field(default_factory=dict)  # week folder -> assets

    def resolve(self, folder: str, url: str) -> Ref | None:
        if self.links is None:
            self.links = LinkIndex(self.course)
        return self.links.resolve(folder, url)

    def to_site_root(self, page: str) -> str:
        """Relative URL from a page to the site root (above the language trees)."""
        depth = page.count("/") + (1 if self.multilingual else 0)
        return "../" * depth

    def kind_label(self, item: Item) -> str:
        name = kind_of(item).name
        if name not in self.s:
            raise UnknownKindError(f"the site writer has no label for item kind '{name}' "
                                   "(moocforge/writers/site/strings.py), and no handler for "
                                   f"item kind '{name}'")
        return self.s[name]

    def date(self, moment: Moment) -> etree._Element:
        """A date of the sources in this language, machine-readable in its attribute."""
        return E.TIME(self.s.date(moment, self.course.timezone),
                      datetime=datetime_iso(moment, self.course.timezone))

    def text(self, text: str) -> str:
        """A plain learner text (a title, a label) with this language's typography."""
        return for_language(text, self.lang)


def site_path(key: str) -> str:
    """Where a source file goes in the site tree: `@shared/x` (a shared root) → `_shared/x`."""
    return "_" + key[1:] if key.startswith("@") else key


def week_folder(week: Week) -> str:
    folder = week.dir.strip("/")
    return folder if folder and folder != "." else f"week-{week.number:02d}"


def page_name(item: Item) -> str:
    return "item-index" if item.url_name == "index" else item.url_name


def item_pages(course: Course) -> dict[str, str]:
    return {item.id: f"{week_folder(week)}/{page_name(item)}.md"
            for week, _, item in course.walk()}


def source_pages(course: Course, pages: dict[str, str]) -> dict[str, str]:
    """Every Markdown source file that is a reading → the page showing it."""
    return {path: pages[item.id] for item in course.items if isinstance(item, Reading)
            for path in item.files.values()}


# --------------------------------------------------------------------------- shared parts


def badges(site: Site, item: Item, week: Week | None = None) -> str:
    """The kind, graded/practice and minutes of an item; on its own page (`week` given) the
    row also names the item for mf-progress.js, which adds the visited and offline marks."""
    s = site.s
    row = E.P(E.CLASS("mf-badges"),
              E.SPAN(site.kind_label(item), E.CLASS(f"mf-badge mf-badge--{item.kind}")),
              **NOT_CONTENT)
    if week is not None:
        row.set("data-item", item.id)
        row.set("data-week", week_folder(week))
        row.set("data-kind", item.kind)
    if item.graded:
        label = s["graded"] + (f" · {item.assignment_type}" if item.assignment_type else "")
        row.append(E.SPAN(label, E.CLASS("mf-badge mf-badge--graded")))
    elif kind_of(item).scorable:
        row.append(E.SPAN(s["practice"], E.CLASS("mf-badge mf-badge--practice")))
    minutes = item_minutes(site.course, item, site.lang)
    if minutes:
        row.append(E.SPAN(f"≈ {format_minutes(minutes)}", E.CLASS("mf-badge mf-badge--time"),
                          title=site.s["workload"]))
    if item.due:
        row.append(E.SPAN(f"{s['due']} ", site.date(item.due), E.CLASS("mf-badge")))
    return to_html(row)


def lint_banner(site: Site, key: str, title: str) -> str:
    """A collapsible list of diagnostics (preview only), in the site's language."""
    found = site.lint.get(key, [])
    if not site.preview:
        return ""
    worst = "error" if any(d.severity == "error" for d in found) else \
        "warning" if any(d.severity == "warning" for d in found) else "info"
    box = E.DETAILS(E.CLASS(f"mf-lint mf-lint--{worst if found else 'clean'}"),
                    E.SUMMARY(f"{title} ({site.s.number(len(found))})"), **NOT_CONTENT)
    if found:
        box.append(E.UL(*[diagnostic_entry(d, site.s) for d in found]))
    else:
        box.append(E.P(site.s["lint_clean"]))
    if any(d.severity == "error" for d in found):
        box.set("open", "open")
    return to_html(box)


def diagnostic_entry(d: Diagnostic, s: Texts) -> etree._Element:
    """One diagnostic as a list entry: severity and code, message, where, hint; `code`
    spans of messages and hints shown as code."""
    entry = E.LI(E.STRONG(f"{s['severity_' + d.severity]} {d.code}"), " ",
                 *with_code(d.message), " ", E.CODE(str(d.loc) or s["course_level"]))
    if d.hint:
        entry.append(E.BR())
        entry.append(E.SPAN(*with_code(d.hint), E.CLASS("mf-lint-hint")))
    return entry


def with_code(text: str) -> list[str | etree._Element]:
    """Plain text whose `backtick spans` become <code> elements (diagnostic messages)."""
    parts: list[str | etree._Element] = []
    last = 0
    for match in _BACKTICKS.finditer(text):
        parts += [text[last:match.start()], E.CODE(match.group(1))]
        last = match.end()
    return [*parts, text[last:]]


def rewrite_links(site: Site, markdown: str, source: str, page: str) -> str:
    """Re-point relative links of `markdown` (read from course file `source`) for `page`."""

    def target(url: str) -> str:
        return link_target(site, url, source, page)

    def outside_code(text: str) -> str:
        text = _MD_LINK.sub(lambda m: m.group(1) + m.group(2) + target(m.group(3))
                            + m.group(4) + m.group(5), text)
        return _HTML_LINK.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), text)

    out, last = [], 0
    for fence in _FENCE.finditer(markdown):
        out.append(outside_code(markdown[last:fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(outside_code(markdown[last:]))
    return "".join(out)


def link_target(site: Site, url: str, source: str, page: str, html: bool = False) -> str:
    """A relative `url` written in course file `source`, as seen from `page`; pages linked
    from an HTML block (`html`) are named by their .html file, mkdocs does not see them.
    What the link points at is the loader's resolution (symlinks followed, confined to the
    course's roots): a file outside them is never published."""
    if not is_relative_url(url):
        return url
    _, hashmark, anchor = url.partition("#")
    ref = site.resolve(posixpath.dirname(source), url)
    if ref is None or ref.path is None or ref.status in ("anchor", "external", "empty",
                                                         "absolute"):
        return url  # a path that leaves the course: dangling-reference (MF400) reports it
    resolved = ref.path
    if ref.status == "outside":
        site.diagnostics.append(Diagnostic(
            "MF608", "error", f"link target '{url}' is a symlink that leads outside the "
            f"course folder ({resolved})", Loc.of(source), "replace the symbolic link by "
            "the file itself", rule="site"))
        return url
    if resolved in site.page_of_source:
        new = site.page_of_source[resolved]
        new = new[:-3] + ".html" if html else new
    elif ref.status == "ok":
        site.assets.add(resolved)
        new = site_path(resolved)
    else:
        site.diagnostics.append(Diagnostic(
            "MF606", "warning", f"link target '{url}' not found (looked for {resolved})",
            Loc.of(source), "fix the path; it is relative to the "
            "Markdown file", rule="site"))
        return url
    return posixpath.relpath(new, posixpath.dirname(page) or ".") + hashmark + anchor


def text_block(site: Site, markdown: str, source: str, page: str, top: int = 3) -> str:
    """Markdown that is not a reading body (a quiz intro, a statement, a prompt…) as an HTML
    block: Markdown works, the author's HTML shows as text. Its headings are shifted so that
    the highest is `h<top>`: the page keeps one <h1> and its outline."""
    return to_html(text_element(site, markdown, source, page, top))


def text_element(site: Site, markdown: str, source: str, page: str, top: int = 3
                 ) -> etree._Element:
    html = render_text(markdown, lambda url: link_target(site, url, source, page, html=True))
    box = with_html(E.DIV(E.CLASS("mf-text")), html)
    shift_headings(box, top)
    return tree_spaces(box) if site.lang == "fr" else box


def shift_headings(box: etree._Element, top: int) -> None:
    headings = [h for h in box.iter(*_HEADINGS)]
    if not headings:
        return
    shift = top - min(int(str(h.tag)[1]) for h in headings)
    for heading in headings:
        heading.tag = f"h{max(1, min(6, int(str(heading.tag)[1]) + shift))}"


def inline(site: Site, element: etree._Element, markdown: str) -> etree._Element:
    """`element` with inline Markdown appended, in this language's typography."""
    with_html(element, render_inline(markdown))
    return tree_spaces(element) if site.lang == "fr" else element


def _heading(title: str, level: int = 1, **attributes: str) -> str:
    element = etree.Element(f"h{level}", attributes)
    element.text = title.replace("\n", " ").strip()
    return to_html(element)


def _join(*blocks: str) -> str:
    return "\n\n".join(b.strip("\n") for b in blocks if b and b.strip()) + "\n"


# --------------------------------------------------------------------------- home and weeks


def home_page(site: Site) -> str:
    course, s, lang = site.course, site.s, site.lang
    title = course.title.get_lang(lang)
    intro = [text_block(site, course.summary.get_lang(lang), "course.yml", "index.md")] \
        if course.summary else []
    return _join(
        _heading(site.text(title)),
        lint_banner(site, "", s["lint_summary"]),
        *intro,
        f"## {s['weeks']}", _weeks_table(site),
        _progress_box(site),
        f"## {s['grading']}", _grading(site),
        *_runs(site),
        *_description(site, title),
    )


def _weeks_table(site: Site) -> str:
    course, s, lang = site.course, site.s, site.lang
    weeks = E.TABLE(E.CLASS("mf-weeks"), E.THEAD(E.TR(
        E.TH(s["week"], scope="col"), E.TH(s["lessons"], scope="col"),
        E.TH(s["workload"], scope="col"))))
    body = E.TBODY()
    total = 0.0
    for week in course.weeks:
        minutes = week_minutes(course, week)
        total += minutes
        folder = week_folder(week)
        name = E.TD(E.A(site.text(f"{week.number}. {week.title.get_lang(lang)}"),
                        href=f"{folder}/index.html"), " ",
                    E.SPAN(E.CLASS("mf-week-progress"), **{"data-week": folder}))
        body.append(E.TR(name, E.TD(site.s.number(len(week.lessons))),
                         E.TD(format_minutes(minutes))))
    body.append(E.TR(E.TH(s["total"], scope="row"), E.TD(""), E.TD(format_minutes(total))))
    weeks.append(body)
    # The items of every week, for the completion mf-progress.js shows beside each week.
    items = E.SCRIPT(json.dumps({week_folder(week): [[item.id, item.kind] for item in week.items]
                                 for week in course.weeks}).replace("</", "<\\/"),
                     type="application/json")
    items.set("class", "mf-weeks-data")
    return to_html(E.DIV(E.CLASS("mf-table-wrap"), weeks, items))


def _progress_box(site: Site) -> str:
    """The learner's progress and its reset control; shown by mf-progress.js (the progress
    lives in the browser, so without JavaScript there is nothing to show)."""
    s = site.s
    box = E.SECTION(
        E.CLASS("mf-progress-box"),
        E.H2(s["progress"], id="mf-progress"),
        E.P(s["progress_note"], E.CLASS("mf-note")),
        E.P(E.CLASS("mf-progress-summary")),
        E.P(E.BUTTON(s["reset"], E.CLASS("md-button mf-reset"), type="button")),
        E.DIV(E.P(s["reset_confirm"], id="mf-reset-question"),
              E.P(E.BUTTON(s["reset_yes"], E.CLASS("md-button md-button--primary mf-reset-yes"),
                           type="button"), " ",
                  E.BUTTON(s["reset_no"], E.CLASS("md-button mf-reset-no"), type="button")),
              E.CLASS("mf-reset-confirm"), role="group",
              hidden="hidden", **{"aria-labelledby": "mf-reset-question"}),
        E.P(E.CLASS("mf-reset-status"), role="status", tabindex="-1"),
        hidden="hidden", **{"aria-labelledby": "mf-progress"}, **NOT_CONTENT)
    return to_html(box)


def _description(site: Site, title: str) -> list[str]:
    """The course description (about.md): its own leading `# Title` repeats the page's and
    is left out; when it brings its own sections it needs no "About" heading of ours."""
    course, s = site.course, site.s
    if not course.description:
        return []
    box = text_element(site, course.description.get_lang(site.lang), "course.yml",
                       "index.md", top=1)
    first = box[0] if len(box) else None
    if first is not None and first.tag == "h1" and \
            " ".join(str(first.xpath("string()")).split()) == " ".join(title.split()):
        tail = (first.tail or "").strip()
        box.remove(first)
        if tail:
            box.text = (box.text or "") + tail
    first = box[0] if len(box) else None
    own_sections = first is not None and first.tag in _HEADINGS and not (box.text or "").strip()
    shift_headings(box, 2 if own_sections else 3)
    return [to_html(box)] if own_sections else [f"## {s['about']}", to_html(box)]


def _grading(site: Site) -> str:
    s, grading = site.s, site.course.grading
    table = E.TABLE(E.CLASS("mf-grading-types"), E.THEAD(E.TR(
        E.TH(s["type"], scope="col"), E.TH(s["weight"], scope="col"),
        E.TH(s["drop"], scope="col"))))
    body = E.TBODY(*[E.TR(E.TD(t.type), E.TD(s.percent(t.weight)), E.TD(s.number(t.drop)))
                     for t in grading.types])
    table.append(body)
    box = E.DIV(E.CLASS("mf-grading"), E.DIV(E.CLASS("mf-table-wrap"), table),
                E.P(E.STRONG(s.label("pass")), " ", s.percent(grading.pass_threshold)))
    return to_html(box)


def _runs(site: Site) -> list[str]:
    if not site.course.runs:
        return []
    s = site.s
    listing = E.UL()
    for run in site.course.runs:
        entry = E.LI(E.STRONG(run.id))
        if run.start:
            entry.append(E.SPAN(f" — {s['start']} ", site.date(run.start)))
        if run.end:
            entry.append(E.SPAN(f", {s['end']} ", site.date(run.end)))
        listing.append(entry)
    return [f"## {s['runs']}", to_html(listing)]


def week_page(site: Site, week: Week) -> str:
    s, lang = site.s, site.lang
    folder = week_folder(week)
    parts = [_heading(site.text(f"{s['week']} {week.number} — {week.title.get_lang(lang)}"))]
    if week.summary:
        parts.append(text_block(site, week.summary.get_lang(lang),
                                posixpath.join(week.dir, "week.yml"), f"{folder}/index.md"))
    parts.append(to_html(E.P(E.CLASS("mf-badges"), E.SPAN(
        f"≈ {format_minutes(week_minutes(site.course, week))}",
        E.CLASS("mf-badge mf-badge--time")), **NOT_CONTENT)))
    parts.append(to_html(E.P(E.CLASS("mf-week-progress"), **{"data-week": folder},
                             **NOT_CONTENT)))
    parts.append(_offline_box(site, folder))
    if week.objectives:
        parts.append(f"## {s['objectives']}")
        parts.append(to_html(E.UL(*[inline(site, E.LI(id=f"obj-{o.id}"), o.text.get_lang(lang))
                                    for o in week.objectives])))
    parts.append(f"## {s['lessons']}")
    for lesson in week.lessons:
        parts.append(_heading(site.text(lesson.title.get_lang(lang)), 3,
                              id=f"lesson-{lesson.url_name}"))
        listing = E.UL(E.CLASS("mf-lesson"))
        for item in lesson.items:
            href = posixpath.relpath(site.page_of_item[item.id][:-3] + ".html", folder)
            entry = E.LI(E.A(site.text(item.title.get_lang(lang)), href=href), " ",
                         **{"data-item": item.id, "data-kind": item.kind})
            with_html(entry, badges(site, item).split(">", 1)[1].removesuffix("</p>"))
            listing.append(entry)
        parts.append(to_html(listing))
    return _join(*parts)


def _offline_box(site: Site, folder: str) -> str:
    """"Make this week available offline" (mf-site.js shows it where a service worker can
    run: the built site over HTTPS or on localhost, never the preview)."""
    if site.preview:
        return ""
    s = site.s
    box = E.DIV(E.CLASS("mf-offline"),
                E.BUTTON(s["offline_save"], E.CLASS("md-button mf-offline-save"), type="button"),
                " ", E.SPAN(E.CLASS("mf-offline-status"), role="status"),
                hidden="hidden", **{"data-week": folder}, **NOT_CONTENT)
    return to_html(box)


# --------------------------------------------------------------------------- items


def item_page(site: Site, week: Week, item: Item) -> str:
    page = site.page_of_item[item.id]
    title = site.text(item.title.get_lang(site.lang))
    head = [badges(site, item, week), lint_banner(site, item.id, site.s["lint"])]
    body: list[str]
    match item:
        case Reading():
            return _reading(site, item, page, title, head)
        case Video():
            body = _video(site, item, page)
        case Quiz():
            intro = [text_block(site, item.intro.get_lang(site.lang), item.file, page, top=2)] \
                if item.intro else []
            body = [*intro, quiz_block(item, site.lang, site.s, site.answers)]
        case Exercise():
            body = _exercise(site, item, page)
        case Peer():
            body = _peer(site, item, page)
        case Discussion():
            body = _discussion(site, item)
        case External():
            body = _external(site, item, page)
        case Codecast():
            from moocforge.writers.site.codecast import codecast_body  # it imports this module

            body = codecast_body(site, item, page)
        case RawOlx():
            body = [raw_olx_card(item, site.s)]
        case _:
            unhandled(item, "the site writer")
    return _join(_heading(title), *head, *body)


def _reading(site: Site, item: Reading, page: str, title: str, head: list[str]) -> str:
    lang = site.lang if site.lang in item.files else site.course.default_lang
    source = item.files.get(lang) or next(iter(item.files.values()))
    text = rewrite_links(site, item.body.get_lang(site.lang), source, page)
    if site.lang == "fr":
        text = markdown_spaces(text)
    match = _H1.search(text)
    if match and not text[:match.start()].strip():
        return _join(text[:match.end()], *head, text[match.end():])
    return _join(_heading(title), *head, text)


def _video(site: Site, item: Video, page: str) -> list[str]:
    s, root = site.s, site.to_site_root(page)
    figure = E.FIGURE(E.CLASS("mf-video"))
    if item.youtube_id:
        url = f"https://www.youtube-nocookie.com/embed/{item.youtube_id}"
        watch = f"https://www.youtube.com/watch?v={item.youtube_id}"
        figure.append(E.DIV(E.CLASS("mf-video-frame"), E.IFRAME(
            src=url, title=item.title.get_lang(site.lang), loading="lazy",
            allow="encrypted-media; picture-in-picture", allowfullscreen="allowfullscreen")))
        figure.append(E.P(s["youtube_offline"], " ", E.A(s["watch_youtube"], href=watch),
                          **NOT_CONTENT))
    else:
        src = root + site.media[item.file] if item.file in site.media else item.url
        if src:
            figure.append(_player(site, item, src, root))
            figure.append(E.P(E.A(s["download_video"], href=src, download=""), **NOT_CONTENT))
        else:
            figure.append(E.P(s["no_video"], E.CLASS("mf-missing")))
    if item.duration:
        figure.append(E.FIGCAPTION(s.label("duration"), " ", E.SPAN(
            format_duration(item.duration), E.CLASS("mf-duration")), **NOT_CONTENT))
    parts = [to_html(figure)]
    text = site.transcripts.get((item.id, site.lang)) or site.transcripts.get(
        (item.id, site.course.default_lang))
    if text:
        # A scrolling box must be reachable with the keyboard (WCAG 2.1.1): focusable, named.
        box = E.DIV(E.CLASS("mf-transcript"), lang=site.lang if (item.id, site.lang) in
                    site.transcripts else site.course.default_lang, tabindex="0",
                    role="region", **{"aria-label": s["transcript_of"]})
        for paragraph in text.split("\n\n"):
            box.append(E.P(site.text(paragraph)))
        parts += [f"## {s['transcript']}", to_html(box)]
    return parts


def _player(site: Site, item: Video, src: str, root: str) -> etree._Element:
    video = E.VIDEO(controls="controls", preload="metadata", playsinline="playsinline")
    video.set("aria-label", item.title.get_lang(site.lang))
    video.append(E.SOURCE(src=src, type="video/mp4" if src.endswith(".mp4") else
                          "video/webm" if src.endswith(".webm") else "video/ogg"
                          if src.endswith((".ogv", ".ogg")) else "video/mp4"))
    for lang in sorted(item.transcripts, key=lambda x: (x != site.lang, x)):
        key = f"{item.id}:{lang}"
        if key not in site.media:
            continue
        track = E.TRACK(kind="subtitles", srclang=lang, label=language_name(lang),
                        src=root + site.media[key])
        if lang == site.lang:
            track.set("default", "default")
        video.append(track)
    video.append(E.P(site.s["video_fallback"], **NOT_CONTENT))
    return video


def _fence(code: str, language: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks} {language}\n{code.rstrip()}\n{ticks}"


def _exercise(site: Site, item: Exercise, page: str) -> list[str]:
    s, lang = site.s, site.lang
    statement_src = f"{item.dir.rstrip('/')}/_"  # only its folder matters
    parts = [f"## {s['statement']}",
             text_block(site, item.statement.get_lang(lang), statement_src, page)]
    if item.starter.strip():
        parts += [f"## {s['starter']}", _fence(item.starter, item.language)]
    visible = [t for t in item.tests if not t.hidden]
    hidden = len(item.tests) - len(visible)
    parts.append(f"## {s['tests']}")
    if visible:
        parts.append(_tests_table(site, visible))
    if hidden:
        parts.append(to_html(E.P(s.plural("hidden_tests", hidden), E.CLASS("mf-note"))))
    limits = f"{s.number(item.limits.time_s)}{chr(0xa0)}{s['seconds']}, " \
             f"{s.megabytes(item.limits.memory_mb)}"
    parts.append(to_html(E.P(E.CLASS("mf-note"), f"{s.label('language')} "
                             f"{item.language.upper()} · {s.label('limits')} {limits}")))
    return parts


def _tests_table(site: Site, visible: list[ExerciseTest]) -> str:
    """The visible tests, numbered (their ids are the authors' names, not the learners').
    `no-copy`: Material's copy buttons would cover the short inputs and outputs."""
    s = site.s
    table = E.TABLE(E.CLASS("mf-tests"), E.THEAD(E.TR(
        E.TH(s["test"], scope="col"), E.TH(s["input"], scope="col"),
        E.TH(s["expected"], scope="col"))))
    body = E.TBODY()
    for number, test in enumerate(visible, start=1):
        given = E.TD(E.PRE(E.CODE(test.stdin)) if test.stdin else "")
        if test.args:
            given.append(E.P(s.label("arguments"), " ", E.CODE(" ".join(test.args))))
        expected = E.TD(E.PRE(E.CODE(test.expected_stdout))
                        if test.expected_stdout is not None else "")
        if test.exit_code is not None:
            expected.append(E.P(f"{s.label('exit_code')} {test.exit_code}"))
        body.append(E.TR(E.TH(f"{s['test']} {number}", scope="row"), given, expected))
    table.append(body)
    return to_html(E.DIV(E.CLASS("mf-table-wrap no-copy"), table))


def _peer(site: Site, item: Peer, page: str) -> list[str]:
    s, lang = site.s, site.lang
    parts = [f"## {s['prompt']}", text_block(site, item.prompt.get_lang(lang), item.file, page)]
    sub = item.submission
    facts = E.UL()
    if sub.text != "none":
        facts.append(E.LI(f"{s['text_answer']} ({s[sub.text]})"))
    if sub.files != "none":
        kinds = ", ".join(sub.file_types) if sub.file_types else "*"
        facts.append(E.LI(f"{s['files']} ({s[sub.files]})", colon("", lang), f" {kinds}"))
    if item.submission_start or item.submission_due:
        facts.append(E.LI(*_dates(site, item.submission_start, item.submission_due)))
    parts += [f"## {s['submission']}", to_html(facts)]
    parts += [f"## {s['rubric']}", to_html(E.DIV(E.CLASS("mf-table-wrap"), _rubric(site, item)))]
    steps = E.OL(E.CLASS("mf-steps"))
    for step in item.steps:
        entry = E.LI(E.STRONG(s[f"step_{step.kind}"]))
        details: list[str | etree._Element] = []
        if step.must_grade:
            details.append(s.plural("must_grade", step.must_grade))
        if step.graded_by:
            details += ["; " if details else "", s.plural("graded_by", step.graded_by)]
        if step.start or step.due:
            details += ["; " if details else "", *_dates(site, step.start, step.due)]
        if details:
            entry.append(E.SPAN(" — ", *details))
        steps.append(entry)
    parts += [f"## {s['steps']}", to_html(steps)]
    return parts


def _dates(site: Site, start: Moment | None, due: Moment | None
           ) -> list[str | etree._Element]:
    s = site.s
    bits: list[str | etree._Element] = []
    if start:
        bits += [f"{s['from']} ", site.date(start)]
    if due:
        bits += [" " if bits else "", f"{s['until']} ", site.date(due)]
    return bits


def _rubric(site: Site, item: Peer) -> etree._Element:
    s, lang = site.s, site.lang
    table = E.TABLE(E.CLASS("mf-rubric"), E.THEAD(E.TR(
        E.TH(s["criterion"], scope="col"), E.TH(s["rubric"], scope="col"))))
    body = E.TBODY()
    for criterion in item.rubric:
        head = inline(site, E.TH(scope="row"), criterion.label.get_lang(lang) or criterion.name)
        if criterion.prompt.get_lang(lang):
            head.append(inline(site, E.DIV(E.CLASS("mf-criterion-prompt")),
                               criterion.prompt.get_lang(lang)))
        options = E.UL(E.CLASS("mf-rubric-options"))
        for option in criterion.options:
            entry = E.LI(E.STRONG(s.plural("points", option.points)), " — ")
            inline(site, entry, option.label.get_lang(lang) or option.name)
            if option.explanation.get_lang(lang):
                entry.append(E.SPAN(colon("", lang), " "))
                inline(site, entry, option.explanation.get_lang(lang))
            options.append(entry)
        body.append(E.TR(head, E.TD(options)))
    table.append(body)
    return table


def _discussion(site: Site, item: Discussion) -> list[str]:
    box = with_html(E.DIV(E.CLASS("mf-discussion")), render_md(item.prompt.get_lang(site.lang)))
    shift_headings(box, 2)
    if site.lang == "fr":
        tree_spaces(box)
    box.append(E.P(site.s["discussion_note"], E.CLASS("mf-note")))
    return [to_html(box)]


def _external(site: Site, item: External, page: str) -> list[str]:
    """An inert card: the tool opens on the platform, not in this site."""
    s, lang = site.s, site.lang
    card = E.DIV(E.CLASS("mf-external"))
    if item.description:
        with_html(card, text_block(site, item.description.get_lang(lang), item.loc.path, page,
                                   top=2))
    where = s["external_lti"] if item.lti else s["external_app"]
    card.append(E.P(where, E.CLASS("mf-note")))
    card.append(E.P(E.A(s["external_open"], href=item.url, rel="noopener")))
    return [to_html(card)]
