"""What every reader of one import shares: the export, the language, the converter, the
static files and the findings."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from lxml import etree

from moocforge.importers.olx.export import Block, Export
from moocforge.importers.olx.html2md import HtmlToMarkdown
from moocforge.importers.olx.plan import Finding, Markdown, Text
from moocforge.importers.olx.statics import StaticMap


@dataclass
class Context:
    export: Export
    lang: str
    zone: ZoneInfo
    statics: StaticMap
    converter: HtmlToMarkdown = field(default_factory=HtmlToMarkdown)
    findings: list[Finding] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # reading url_name → its .md file
    raw_items: list[tuple[Block, str]] = field(default_factory=list)  # block, its olx file
    course_id_hint: str = ""  # the course id an exercise's grader payload names
    queue: str = ""  # the external grader queue, when not moocforge's default
    video_ids: dict[str, str] = field(default_factory=dict)  # item id → edx_video_id
    other_langs: tuple[str, ...] = ()  # languages a merged translation brings
    run_start: str | None = None  # the run's dates as written (defaults of ORA dates)
    run_end: str | None = None

    def find(self, code: str, severity: str, message: str, block: Block | None = None,
             item: str = "", hint: str = "") -> None:
        """A finding at `block`; without `hint`, the code's own (`plan.HINTS`)."""
        self.findings.append(Finding(code, severity, message, block.file if block else "",
                                     block.line if block else 0, item, hint))

    # ------------------------------------------------------------------ texts

    def text(self, value: str | None) -> Text | None:
        return Text.of(self.lang, value) if value else None

    def markdown(self, fragment: str, here: str, block: Block, raw_html: bool = True
                 ) -> Markdown:
        """HTML → Markdown for a file in folder `here` (course-relative)."""
        converted = self.converter.convert(fragment, lambda url: self.url(url, here),
                                           raw_html)
        self._inexact(converted.inexact, block)
        return Markdown({self.lang: converted.markdown})

    def inline(self, node: etree._Element | None, here: str, block: Block) -> Text | None:
        """The content of an element (a label, a choice, a hint) as one line of Markdown."""
        if node is None:
            return None
        fragment = inner_html(node)
        if not fragment.strip():
            return None
        converted = self.converter.inline(fragment, lambda url: self.url(url, here))
        self._inexact(converted.inexact, block)
        return Text.of(self.lang, converted.markdown) if converted.markdown else None

    def block_text(self, node: etree._Element | None, here: str, block: Block) -> Text | None:
        """The content of an element as Markdown paragraphs, without raw HTML (quiz text)."""
        if node is None or not inner_html(node).strip():
            return None
        converted = self.converter.convert(inner_html(node), lambda url: self.url(url, here),
                                           raw_html=False)
        self._inexact(converted.inexact, block)
        return Text.of(self.lang, converted.markdown.strip()) if converted.markdown else None

    def _inexact(self, texts: list[str], block: Block) -> None:
        for text in texts:
            self.find("MF654", "warning", f"HTML that quiz or prompt text cannot show as "
                      f"written is simplified to Markdown: \"{text}\"", block)

    # ------------------------------------------------------------------ links

    def url(self, url: str, here: str) -> str:
        """An export URL → the link a file of folder `here` writes."""
        if url.startswith(("/static/", "/c4x/")) or url.startswith("static/"):
            name = url.split("/static/", 1)[-1] if "/static/" in url else url[7:]
            name = name.split("?", 1)[0].split("#", 1)[0]
            target = self.statics.use(name)
            if target is not None:
                return posixpath.relpath(target, here or ".")
            return url
        for prefix in ("/jump_to_id/", "/course/jump_to_id/"):
            if url.startswith(prefix):
                page = self.pages.get(url[len(prefix):].strip("/"))
                if page is not None:
                    return posixpath.relpath(page, here or ".")
        return url

    # ------------------------------------------------------------------ dates

    def date(self, value: str | None, block: Block | None = None) -> str | None:
        """An OLX date (UTC) → the course's time zone, ISO with its offset; a midnight in
        UTC stays a bare date (the model's meaning of one). A date that does not parse, or
        that the time zone cannot hold (year 1 or 9999 past an offset), is None: reported
        (MF664) at `block` when given."""
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=ZoneInfo("UTC"))
            local = moment.astimezone(self.zone)
        except (ValueError, OverflowError):
            if block is not None:
                self.findings.append(Finding(
                    "MF664", "warning", f"{block.tag} '{block.url_name}': the date "
                    f"{value[:40]!r} is not a date moocforge can write in {self.zone.key}: "
                    "it is left out", block.file, block.line, hint="give it an ISO date "
                    "between the years 1 and 9999 (2027-03-01T09:00:00Z) in Studio and export "
                    "again, or set it in week.yml after the import"))
            return None
        if self.zone.key == "UTC" and local.time() == datetime.min.time():
            return local.date().isoformat()
        return local.isoformat()


def inner_html(node: etree._Element) -> str:
    text = etree.tostring(node, method="xml", encoding="unicode", with_tail=False)
    start = text.find(">") + 1
    end = text.rfind("</")
    if text.endswith("/>") or end < start:
        return ""
    return text[start:end]
