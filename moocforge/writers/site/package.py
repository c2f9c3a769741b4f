"""Writing the site: generate the mkdocs project, build each language tree, swap it in.

Codes (site range MF600–MF649):

- MF600 mkdocs failed to build a language tree (error)
- MF601 mkdocs reported a problem in a page, e.g. a broken link (warning)
- MF602 the site theme files (mkdocs.yml, themes/) are missing (error)
- MF603 a local video file is absent: its page has no player (warning)
- MF604 a transcript has no readable cue: left out of the site (warning)
- MF605 math without MathJax installed: formulas show as TeX source (info)
- MF606 a relative link or image in Markdown points to no file (warning)
- MF607 a regex answer uses Python-only syntax the browser cannot check (warning)
- MF608 a link or image in Markdown is a symlink that leads outside the course: not
  published (error)
- MF610–MF612 loss report: what a static site cannot do (forums, peer submissions,
  running code) (info)
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar, cast

from lxml.html import builder as E

from moocforge.diagnostics import Diagnostic, Severity, has_errors
from moocforge.model import Course
from moocforge.output import atomic_dir, source_date_epoch
from moocforge.writers import WriterOptions, settings_for
from moocforge.writers.site.build import (
    BuildResult,
    build_all,
    can_fork,
    forked_build,
    forked_map,
)
from moocforge.writers.site.html import to_html
from moocforge.writers.site.incremental import (
    LastBuild,
    Manifest,
    State,
    as_results,
    kept_messages,
    link_tree,
    plan,
    render_tree,
    src_digests,
)
from moocforge.writers.site.offline import write_service_worker
from moocforge.writers.site.project import (
    MEDIA_DIR,
    THEME,
    Generated,
    TreeOutput,
    TreeRunner,
    generate,
    tree_languages,
)
from moocforge.writers.site.rawblocks import noting
from moocforge.writers.site.search import fold_search_index, merge_search_index
from moocforge.writers.site.settings import SiteSettings
from moocforge.writers.site.strings import language_name
from moocforge.writers.xmltext import xml_clean

_DOC_FILE = re.compile(r"'([^']+\.md)'")
SW_TEMPLATE = THEME / "sw" / "mf-sw.js"


class _BuildFailed(Exception):
    pass


def write_site(course: Course, out_dir: Path, options: WriterOptions) -> list[Diagnostic]:
    course = xml_clean(course)
    src = out_dir.parent / "site-src"
    settings = settings_for(course, SiteSettings, "site", options)
    state = site_state(course, options)
    previous = state.load() if state else None
    title = course.title.get_lang(course.default_lang)
    diagnostics: list[Diagnostic] = []
    try:
        with atomic_dir(out_dir) as staging:
            # Without an earlier build each language tree is generated and built in a
            # worker of its own, at once (generating a tree costs a third of building it).
            builds: dict[str, BuildResult] = {}
            runner = _pipeline(src, staging, course, options, builds, state) \
                if previous is None and can_fork() else None
            generated = generate(course, src, languages=options.languages,
                                 answers=options.answers, preview=options.preview,
                                 lint=group_lint(options.lint), site_url=settings.site_url,
                                 reuse=state.reuse(previous) if state else None,
                                 record=state is not None, runner=runner)
            diagnostics += [*generated.diagnostics, *loss_report(course)]
            if has_errors(diagnostics):
                raise _BuildFailed
            digests = src_digests(src, previous) if previous else {}
            last, messages = _warm(previous, state, src, staging, generated, digests, title) \
                if previous and state else (LastBuild("full", "no earlier build kept"), None)
            if messages is None:
                results = _full(src, staging, generated, builds, state)
                messages = {lang: r.messages for lang, r in
                            zip(generated.languages, results, strict=True)}
                if not all(r.ok for r in results):
                    diagnostics += mkdocs_diagnostics(course, generated, results)
                    raise _BuildFailed
                finish(src, staging, generated, title, fold=False)
            diagnostics += mkdocs_diagnostics(course, generated,
                                              as_results(messages, generated.languages))
        if state:
            last.reused_weeks = generated.reused_weeks
            state.save(src, out_dir, generated, digests, messages, last, previous)
    except _BuildFailed:
        pass
    return diagnostics


def site_state(course: Course, options: WriterOptions) -> State | None:
    """The kept builds of `course`'s site with these options (None without a cache)."""
    settings = settings_for(course, SiteSettings, "site", options)
    # SOURCE_DATE_EPOCH dates the sitemap (`lastmod`, its gzip header): a kept build holds
    # for one epoch only.
    return State.of(course.edition, (options.languages, options.answers, options.preview,
                                     settings.site_url, source_date_epoch()))


def recycle(course: Course, replaced: Path, current: Path, options: WriterOptions) -> bool:
    """The site output `current` replaced becomes the kept copy of `current` (when this
    build moved the copy into its output): see `incremental.State.adopt`."""
    state = site_state(course, options)
    try:
        return state is not None and state.adopt(replaced, current)
    except Exception:  # the kept state is an optimisation: never fail a finished build
        return False


def _pipeline(src: Path, staging: Path, course: Course, options: WriterOptions,
              builds: dict[str, BuildResult], state: State | None) -> TreeRunner:
    """A tree runner that generates each language tree in a forked worker and builds it
    there right away (unless its pages have errors), its build result put in `builds`."""
    multilingual = len(tree_languages(course, options.languages)) > 1
    templates = state.templates if state else None
    return forked_runner(lambda lang, job: functools.partial(
        _generate_and_build, job, src / lang / "mkdocs.yml",
        staging / lang if multilingual else staging, templates), builds)


R = TypeVar("R")


def forked_runner(task: Callable[[str, Callable[[], TreeOutput]],
                                 Callable[[], tuple[TreeOutput, R | None]]],
                  results: dict[str, R]) -> TreeRunner:
    """A tree runner that runs `task(lang, job)` of each language tree in a forked worker:
    the generation's output goes back to `generate`, what else the task made (a build)
    into `results`, by language, when there is something."""

    def run(jobs: Sequence[tuple[str, Callable[[], TreeOutput]]],
            meanwhile: Callable[[], None] | None) -> list[TreeOutput]:
        found = forked_map([task(lang, job) for lang, job in jobs], meanwhile)
        for (lang, _), (_, result) in zip(jobs, found, strict=True):
            if result is not None:
                results[lang] = result
        return [output for output, _ in found]

    return run


def _generate_and_build(job: Callable[[], TreeOutput], config: Path, site_dir: Path,
                        templates: Path | None) -> tuple[TreeOutput, BuildResult | None]:
    with noting():
        output = job()
        if has_errors(output.diagnostics):
            return output, None
        result = forked_build(config, site_dir, templates)
    if result.ok:
        fold_search_index(site_dir)  # here, in parallel, rather than in `finish`
    return output, result


def _full(src: Path, staging: Path, generated: Generated, builds: dict[str, BuildResult],
          state: State | None) -> list[BuildResult]:
    """The full build's result per tree (their search indexes folded): built with the
    generation (`builds`), else now."""
    if all(lang in builds for lang in generated.languages):
        return [builds[lang] for lang in generated.languages]
    _clear(staging)
    results = build_all([(generated.config(src, lang), tree_dir(staging, generated, lang))
                         for lang in generated.languages], state.templates if state else None)
    for lang, result in zip(generated.languages, results, strict=True):
        if result.ok:
            fold_search_index(tree_dir(staging, generated, lang))
    return results


def _warm(previous: Manifest, state: State, src: Path, staging: Path, generated: Generated,
          digests: dict[str, bytes], title: str
          ) -> tuple[LastBuild, dict[str, list[tuple[str, str]]] | None]:
    """The incremental build into `staging`, with mkdocs' messages per language tree; no
    messages (None) when a full build is needed, and why."""
    changes, reason = plan(previous, digests, generated)
    if changes is None:
        return LastBuild("full", reason), None
    if not state.take_site(staging):
        link_tree(state.folder / "site", staging)
    messages, rendered = {}, {}
    for lang in generated.languages:
        tree = tree_dir(staging, generated, lang)
        try:
            result = render_tree(generated.config(src, lang), src / lang / "docs", tree,
                                 changes.pages[lang], changes.copies[lang], state.templates)
        except Exception:  # mkdocs internals (PageSession): the full build decides
            return LastBuild("full", f"re-rendering the {lang} pages failed"), None
        if not result.ok or (result.entries and
                             not merge_search_index(tree, result.order, result.entries)):
            return LastBuild("full", f"re-rendering the {lang} pages failed"), None
        messages[lang] = kept_messages(previous.messages.get(lang, []), result)
        rendered[lang] = result.rendered
    finish(src, staging, generated, title, fold=False)
    return LastBuild("incremental", rendered=rendered), messages


def _clear(folder: Path) -> None:
    for entry in list(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def tree_dir(site: Path, generated: Generated, lang: str) -> Path:
    return site / lang if generated.multilingual else site


def finish(src: Path, site: Path, generated: Generated, title: str, fold: bool = True,
           all_media: bool = True) -> None:
    """Add what mkdocs does not build: folded search indexes (unless already `fold`ed),
    shared media (every file, or with `all_media` off those the generation wrote anew: the
    preview's site keeps the others), the language chooser at the root and, except in the
    preview, the service worker."""
    trees = [tree_dir(site, generated, lang) for lang in generated.languages]
    for tree in trees if fold else ():
        fold_search_index(tree)
    if not generated.site_url:
        # mkdocs writes 404.html with root-absolute links, right only when the site is served
        # at a known address (`targets.site.site_url`); without one it would be a broken page.
        for tree in trees:
            (tree / "404.html").unlink(missing_ok=True)
    media = src / MEDIA_DIR
    sources: Iterable[Path] = ()
    if all_media and media.is_dir() and not (site / MEDIA_DIR).exists():
        link_tree(media, site / MEDIA_DIR)  # a full build: nothing there to compare with
    else:
        sources = (media.rglob("*") if media.is_dir() else []) if all_media else \
            (path for path in generated.media_changed if media in path.parents)
    for source in sorted(sources):
        if source.is_file():
            _link_or_copy(source, site / MEDIA_DIR / source.relative_to(media))
    if generated.multilingual:
        (site / "index.html").unlink(missing_ok=True)  # a new file: sites share hard links
        (site / "index.html").write_text(root_page(generated.languages, title), "utf-8")
    if not generated.preview:
        write_service_worker(site, trees, SW_TEMPLATE)


def _link_or_copy(source: Path, dest: Path) -> None:
    if dest.exists():
        if dest.samefile(source) or dest.read_bytes() == source.read_bytes():
            return  # preview: already there from the previous build
        dest.unlink()
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)


def root_page(languages: tuple[str, ...], title: str) -> str:
    """The site root of a multilingual site: it sends visitors to the first language, and
    lists every language for those whose browser does not follow the refresh."""
    first = languages[0]
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(title),
               E.META(**{"http-equiv": "refresh", "content": f"0; url={first}/index.html"}),
               E.META(name="viewport", content="width=device-width, initial-scale=1")),
        E.BODY(E.MAIN(E.H1(title), E.UL(*[E.LI(E.A(language_name(lang),
                                                   href=f"{lang}/index.html", hreflang=lang,
                                                   lang=lang)) for lang in languages]))),
        lang=first)
    return "<!DOCTYPE html>\n" + to_html(page) + "\n"


def group_lint(diagnostics: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {"": []}
    for d in diagnostics:
        grouped.setdefault(d.item, []).append(d)
    return grouped


def loss_report(course: Course) -> list[Diagnostic]:
    kinds = {item.kind for item in course.items}
    losses = [
        ("discussion", "MF610", "discussions are shown as prompts: a static site has no forum"),
        ("peer", "MF611", "peer assessments are described (prompt, rubric, steps) but "
                          "cannot be submitted or graded on the site"),
        ("exercise", "MF612", "code exercises show their statement and visible tests; the "
                              "site cannot run learners' code"),
    ]
    return [Diagnostic(code, "info", message, course.loc, rule="site")
            for kind, code, message in losses if kind in kinds]


def mkdocs_diagnostics(course: Course, generated: Generated, results: list[BuildResult]
                       ) -> list[Diagnostic]:
    found = []
    for lang, result in zip(generated.languages, results, strict=False):
        for level, message in result.messages:
            loc, item_id = course.loc, ""
            match = _DOC_FILE.search(message)
            if match and match.group(1) in generated.page_items:
                item_id = generated.page_items[match.group(1)]
                item = course.item(item_id)
                loc = item.loc if item else loc
            code, severity = ("MF600", "error") if level == "ERROR" else ("MF601", "warning")
            severity = cast(Severity, severity)
            found.append(Diagnostic(code, severity, f"mkdocs ({lang}): {message}", loc,
                                    "the page is generated from this item's sources",
                                    rule="site", item=item_id))
    return found


__all__ = ["finish", "group_lint", "loss_report", "recycle", "site_state", "tree_dir",
           "write_site"]
