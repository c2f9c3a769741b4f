"""The Markdown pages of one language tree: home, one index per week, one page per item.

Pages are Markdown (so any mkdocs-compatible engine renders them) with raw HTML blocks for
the widgets. Item pages live at `<week folder>/<item>.md`, mirroring the course folders, so
relative links and images in readings keep working; they are rewritten when the page and
its source sit in different folders.
"""

from __future__ import annotations

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
from moocforge.writers.site.strings import format_duration, format_minutes, language_name

# Linear on any text: each pattern stops at the next character that could start another
# match (the next fence line, bracket or quote), so no opener rescans the rest of the text.
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_MD_LINK = re.compile(r"(!?\[[^\[\]\n]*+\]\()(<?)([^)\s>\[\]]++)(>?)((?:\s++\"[^\"]*+\")?\))")
_HTML_LINK = re.compile(r"""((?:src|href)=["'])([^"']++)(["'])""")
_H1 = re.compile(r"^# .+$", re.MULTILINE)


@dataclass
class Site:
    """What every page of one language tree needs to know."""

    course: Course
    lang: str
    s: dict[str, str]
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


def badges(site: Site, item: Item) -> str:
    s = site.s
    row = E.P(E.CLASS("mf-badges"),
              E.SPAN(site.kind_label(item), E.CLASS(f"mf-badge mf-badge--{item.kind}")))
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
        row.append(E.SPAN(f"{s['until']} {item.due}", E.CLASS("mf-badge")))
    return to_html(row)


def lint_banner(site: Site, key: str, title: str) -> str:
    """A collapsible list of diagnostics (preview only)."""
    found = site.lint.get(key, [])
    if not site.preview:
        return ""
    worst = "error" if any(d.severity == "error" for d in found) else \
        "warning" if any(d.severity == "warning" for d in found) else "info"
    box = E.DETAILS(E.CLASS(f"mf-lint mf-lint--{worst if found else 'clean'}"),
                    E.SUMMARY(f"{title} ({len(found)})"))
    if found:
        listing = E.UL()
        for d in found:
            entry = E.LI(E.STRONG(f"{d.severity} {d.code}"), f" {d.message} ",
                         E.CODE(str(d.loc) or "<course>"))
            if d.hint:
                entry.append(E.BR())
                entry.append(E.SPAN(d.hint, E.CLASS("mf-lint-hint")))
            listing.append(entry)
        box.append(listing)
    else:
        box.append(E.P(site.s["lint_clean"]))
    if any(d.severity == "error" for d in found):
        box.set("open", "open")
    return to_html(box)


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


def text_block(site: Site, markdown: str, source: str, page: str) -> str:
    """Markdown that is not a reading body (a quiz intro, a statement, a prompt…) as an HTML
    block: Markdown works, the author's HTML shows as text."""
    html = render_text(markdown, lambda url: link_target(site, url, source, page, html=True))
    return to_html(with_html(E.DIV(E.CLASS("mf-text")), html))


def _heading(title: str, level: int = 1, **attributes: str) -> str:
    element = etree.Element(f"h{level}", attributes)
    element.text = title.replace("\n", " ").strip()
    return to_html(element)


def _join(*blocks: str) -> str:
    return "\n\n".join(b.strip("\n") for b in blocks if b and b.strip()) + "\n"


# --------------------------------------------------------------------------- home and weeks


def home_page(site: Site) -> str:
    course, s, lang = site.course, site.s, site.lang
    intro = [text_block(site, course.summary.get_lang(lang), "course.yml", "index.md")] \
        if course.summary else []
    weeks = E.TABLE(E.CLASS("mf-weeks"), E.THEAD(E.TR(
        E.TH(s["week"], scope="col"), E.TH(s["lessons"], scope="col"),
        E.TH(s["workload"], scope="col"))))
    body = E.TBODY()
    total = 0.0
    for week in course.weeks:
        minutes = week_minutes(course, week)
        total += minutes
        link = f"{week_folder(week)}/index.html"
        body.append(E.TR(E.TD(E.A(f"{week.number}. {week.title.get_lang(lang)}", href=link)),
                         E.TD(str(len(week.lessons))), E.TD(format_minutes(minutes))))
    body.append(E.TR(E.TH(s["total"], scope="row"), E.TD(""), E.TD(format_minutes(total))))
    weeks.append(body)
    return _join(
        _heading(course.title.get_lang(lang)),
        lint_banner(site, "", s["lint_summary"]),
        *intro,
        f"## {s['weeks']}", to_html(weeks),
        f"## {s['grading']}", _grading(site),
        *_runs(site),
        *([f"## {s['about']}", text_block(site, course.description.get_lang(lang),
                                          "course.yml", "index.md")]
          if course.description else []),
    )


def _grading(site: Site) -> str:
    s, grading = site.s, site.course.grading
    table = E.TABLE(E.THEAD(E.TR(E.TH(s["type"], scope="col"), E.TH(s["weight"], scope="col"),
                                 E.TH(s["drop"], scope="col"))))
    body = E.TBODY(*[E.TR(E.TD(t.type), E.TD(f"{t.weight:.0%}"), E.TD(str(t.drop)))
                     for t in grading.types])
    table.append(body)
    box = E.DIV(E.CLASS("mf-grading"), table,
                E.P(E.STRONG(f"{s['pass']} : " if site.lang == "fr" else f"{s['pass']}: "),
                    f"{grading.pass_threshold:.0%}"))
    return to_html(box)


def _runs(site: Site) -> list[str]:
    if not site.course.runs:
        return []
    s = site.s
    items = E.UL(*[E.LI(E.STRONG(run.id), f" — {s['start']} {run.start}"
                        + (f", {s['end']} {run.end}" if run.end else ""))
                   for run in site.course.runs])
    return [f"## {s['runs']}", to_html(items)]


def week_page(site: Site, week: Week) -> str:
    s, lang = site.s, site.lang
    folder = week_folder(week)
    parts = [_heading(f"{s['week']} {week.number} — {week.title.get_lang(lang)}")]
    if week.summary:
        parts.append(text_block(site, week.summary.get_lang(lang),
                                posixpath.join(week.dir, "week.yml"), f"{folder}/index.md"))
    parts.append(to_html(E.P(E.CLASS("mf-badges"), E.SPAN(
        f"≈ {format_minutes(week_minutes(site.course, week))}",
        E.CLASS("mf-badge mf-badge--time")))))
    if week.objectives:
        parts.append(f"## {s['objectives']}")
        parts.append(to_html(E.UL(*[with_html(E.LI(id=f"obj-{o.id}"),
                                              render_inline(o.text.get_lang(lang)))
                                    for o in week.objectives])))
    parts.append(f"## {s['lessons']}")
    for lesson in week.lessons:
        parts.append(_heading(lesson.title.get_lang(lang), 3, id=f"lesson-{lesson.url_name}"))
        listing = E.UL(E.CLASS("mf-lesson"))
        for item in lesson.items:
            href = posixpath.relpath(site.page_of_item[item.id][:-3] + ".html", folder)
            entry = E.LI(E.A(item.title.get_lang(lang), href=href), " ")
            with_html(entry, badges(site, item).removeprefix('<p class="mf-badges">')
                      .removesuffix("</p>"))
            listing.append(entry)
        parts.append(to_html(listing))
    return _join(*parts)


# --------------------------------------------------------------------------- items


def item_page(site: Site, week: Week, item: Item) -> str:
    page = site.page_of_item[item.id]
    title = item.title.get_lang(site.lang)
    head = [badges(site, item), lint_banner(site, item.id, site.s["lint"])]
    body: list[str]
    match item:
        case Reading():
            return _reading(site, item, page, title, head)
        case Video():
            body = _video(site, item, page)
        case Quiz():
            intro = [text_block(site, item.intro.get_lang(site.lang), item.file, page)] \
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
        figure.append(E.P(s["youtube_offline"], " ", E.A(s["watch_youtube"], href=watch)))
    else:
        src = root + site.media[item.file] if item.file in site.media else item.url
        if src:
            figure.append(_player(site, item, src, root))
            figure.append(E.P(E.A(s["download_video"], href=src)))
        else:
            figure.append(E.P(s["no_video"], E.CLASS("mf-missing")))
    if item.duration:
        figure.append(E.FIGCAPTION(f"{s['duration']} : " if site.lang == "fr" else
                                   f"{s['duration']}: ", E.SPAN(format_duration(item.duration),
                                                                E.CLASS("mf-duration"))))
    parts = [to_html(figure)]
    text = site.transcripts.get((item.id, site.lang)) or site.transcripts.get(
        (item.id, site.course.default_lang))
    if text:
        box = E.DIV(E.CLASS("mf-transcript"), lang=site.lang)
        for paragraph in text.split("\n\n"):
            box.append(E.P(paragraph))
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
    video.append(E.P(site.s["video_fallback"]))
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
        table = E.TABLE(E.CLASS("mf-tests"), E.THEAD(E.TR(
            E.TH(s["test"], scope="col"), E.TH(s["input"], scope="col"),
            E.TH(s["expected"], scope="col"))))
        body = E.TBODY()
        for test in visible:
            given = E.TD(E.PRE(E.CODE(test.stdin)) if test.stdin else "")
            if test.args:
                given.append(E.P(f"{s['arguments']}: ", E.CODE(" ".join(test.args))))
            expected = E.TD(E.PRE(E.CODE(test.expected_stdout))
                            if test.expected_stdout is not None else "")
            if test.exit_code is not None:
                expected.append(E.P(f"{s['exit_code']}: {test.exit_code}"))
            body.append(E.TR(E.TD(test.name), given, expected))
        table.append(body)
        parts.append(to_html(E.DIV(E.CLASS("mf-table-wrap"), table)))
    if hidden:
        parts.append(to_html(E.P(s["hidden_tests"].format(n=hidden), E.CLASS("mf-note"))))
    parts.append(to_html(E.P(E.CLASS("mf-note"), f"{s['language']}: {item.language.upper()} · "
                             f"{s['limits']}: {item.limits.time_s:g} s, "
                             f"{item.limits.memory_mb} MB")))
    return parts


def _peer(site: Site, item: Peer, page: str) -> list[str]:
    s, lang = site.s, site.lang
    parts = [f"## {s['prompt']}", text_block(site, item.prompt.get_lang(lang), item.file, page)]
    sub = item.submission
    facts = E.UL()
    if sub.text != "none":
        facts.append(E.LI(f"{s['text_answer']} ({s[sub.text]})"))
    if sub.files != "none":
        kinds = ", ".join(sub.file_types) if sub.file_types else "*"
        facts.append(E.LI(f"{s['files']} ({s[sub.files]}): {kinds}"))
    if item.submission_start or item.submission_due:
        facts.append(E.LI(_dates(s, item.submission_start, item.submission_due)))
    parts += [f"## {s['submission']}", to_html(facts)]
    parts += [f"## {s['rubric']}", to_html(E.DIV(E.CLASS("mf-table-wrap"), _rubric(site, item)))]
    steps = E.OL(E.CLASS("mf-steps"))
    for step in item.steps:
        entry = E.LI(E.STRONG(s[f"step_{step.kind}"]))
        details = []
        if step.must_grade:
            details.append(s["must_grade"].format(n=step.must_grade))
        if step.graded_by:
            details.append(s["graded_by"].format(n=step.graded_by))
        if step.start or step.due:
            details.append(_dates(s, step.start, step.due))
        if details:
            entry.tail = None
            entry.append(E.SPAN(" — " + "; ".join(details)))
        steps.append(entry)
    parts += [f"## {s['steps']}", to_html(steps)]
    return parts


def _dates(s: dict[str, str], start: Moment | None, due: Moment | None) -> str:
    bits = ([f"{s['from']} {start}"] if start else []) + ([f"{s['until']} {due}"] if due else [])
    return " ".join(bits)


def _rubric(site: Site, item: Peer) -> etree._Element:
    s, lang = site.s, site.lang
    table = E.TABLE(E.CLASS("mf-rubric"), E.THEAD(E.TR(
        E.TH(s["criterion"], scope="col"), E.TH(s["rubric"], scope="col"))))
    body = E.TBODY()
    for criterion in item.rubric:
        head = with_html(E.TH(scope="row"), render_inline(criterion.label.get_lang(lang)
                                                          or criterion.name))
        if criterion.prompt.get_lang(lang):
            head.append(with_html(E.DIV(E.CLASS("mf-criterion-prompt")),
                                  render_inline(criterion.prompt.get_lang(lang))))
        options = E.UL(E.CLASS("mf-rubric-options"))
        for option in criterion.options:
            entry = E.LI(E.STRONG(f"{option.points} {s['points']}"), " — ")
            with_html(entry, render_inline(option.label.get_lang(lang) or option.name))
            if option.explanation.get_lang(lang):
                with_html(entry, " : " if lang == "fr" else ": ")
                with_html(entry, render_inline(option.explanation.get_lang(lang)))
            options.append(entry)
        body.append(E.TR(head, E.TD(options)))
    table.append(body)
    return table


def _discussion(site: Site, item: Discussion) -> list[str]:
    box = with_html(E.DIV(E.CLASS("mf-discussion")), render_md(item.prompt.get_lang(site.lang)))
    box.append(E.P(site.s["discussion_note"], E.CLASS("mf-note")))
    return [to_html(box)]


def _external(site: Site, item: External, page: str) -> list[str]:
    """An inert card: the tool opens on the platform, not in this site."""
    s, lang = site.s, site.lang
    card = E.DIV(E.CLASS("mf-external"))
    if item.description:
        with_html(card, text_block(site, item.description.get_lang(lang), item.loc.path, page))
    where = s["external_lti"] if item.lti else s["external_app"]
    card.append(E.P(where, E.CLASS("mf-note")))
    card.append(E.P(E.A(s["external_open"], href=item.url, rel="noopener")))
    return [to_html(card)]
