"""Reading bodies run no script: no `<script>`, no `on…=` handler, no `javascript:` link.

**Why.** A reading body is the one text whose raw HTML reaches learners as written: the
site, the Coursera kit and the OLX package publish it (the site and the kit show every
other text — titles, quiz choices, feedback, prompts — as text). A script there runs in
every learner's browser, on the platform's address: it can read their session, change
their answers or send them elsewhere. Platforms differ in what they strip on import, so
what the team previews is not what learners get. The usual source is an embed pasted from
another site.

**What it checks.** In every reading body (each language), outside code blocks, code
spans and HTML comments:

- `<script>` elements;
- event-handler attributes (`onclick=`, `onerror=`, `onload=`…) on any HTML tag;
- `javascript:` and `vbscript:` URLs, and `data:` URLs other than images, in HTML
  attributes (`href`, `src`, `action`, `formaction`…) and in Markdown links and images.

**Options:**

- `allow_scripts: false` — accept `<script>` elements (a team embedding its own widgets).
- `allow_handlers: false` — accept `on…=` attributes.
- `allow_javascript_urls: false` — accept `javascript:` (and `vbscript:`, `data:`) URLs.

**Passes:**

```markdown
# Compiling
<details><summary>Show the command</summary>

`gcc -Wall hello.c -o hello`
</details>

![The stages of compilation](img/stages.png)
```

**Fails:**

```markdown
# Compiling
<script src="https://example.org/tracker.js"></script>
<img src="img/stages.png" alt="The stages" onload="track()">
[Run it](javascript:run())
```
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Loc, Reading
from moocforge.rules._common import Finding, Options
from moocforge.rules._markdown import blank_code, refs

CODE = "MF304"
NAME = "unsafe-html"
DEFAULT_SEVERITY: Severity = "warning"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {"allow_scripts": False, "allow_handlers": False,
                               "allow_javascript_urls": False}
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)

# Linear on any text: a tag stops at the next `<` or `>`.
_TAG = re.compile(r"<([a-zA-Z][\w:-]*+)([^<>]*+)>")
_ATTRIBUTE = re.compile(r"(?<![\w:-])([\w:-]++)(?:\s*+=\s*+(\"[^\"]*+\"|'[^']*+'|[^\s\"'>]++))?")
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data",
                             "poster", "background", "cite"})
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    for item in course.items:
        if isinstance(item, Reading):
            for lang, body in item.body.items():
                yield from _body(item, item.files.get(lang, item.loc.file), body, options)


def _body(item: Reading, file: str, body: str, options: Options) -> Iterator[Diagnostic]:
    if "<" not in body and ":" not in body:
        return
    text = _blank_comments(blank_code(body))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for tag in _TAG.finditer(text):
        loc = _loc(file, starts, tag.start())
        yield from _tag(item, tag.group(1).lower(), tag.group(2), loc, options)
    if not options["allow_javascript_urls"]:
        for ref in refs(body):
            if ref.syntax != "html" and _runs_script(ref.target):
                yield _url_finding(item, ref.target, Loc(file, ref.line, ref.col), options)


def _tag(item: Reading, name: str, attributes: str, loc: Loc, options: Options
         ) -> Iterator[Diagnostic]:
    if name == "script" and not options["allow_scripts"]:
        yield finding(options, msg("a <script> element runs in every learner's browser"), loc,
                      hint=msg("link to the tool instead of embedding it; a team that vouches "
                               "for it sets `unsafe-html: {{allow_scripts: true}}`"), item=item.id)
    for match in _ATTRIBUTE.finditer(attributes):
        attribute = match.group(1).lower()
        value = (match.group(2) or "").strip("\"'")
        if attribute.startswith("on") and len(attribute) > 2 and \
                not options["allow_handlers"]:
            yield finding(options, msg("<{name} {attribute}=…> runs script in every learner's "
                                       "browser", name=name,
                                       attribute=attribute),
                          loc, hint=msg("remove the {attribute} attribute", attribute=attribute),
                          item=item.id)
        elif attribute in _URL_ATTRIBUTES and _runs_script(value) and \
                not options["allow_javascript_urls"]:
            yield _url_finding(item, value, loc, options)


def _url_finding(item: Reading, url: str, loc: Loc, options: Options) -> Diagnostic:
    shown = url if len(url) <= 40 else url[:39] + "…"
    return finding(options, msg("link '{shown}' runs script when followed", shown=shown), loc,
                   hint=msg("link to a page (https://…) or to a file of the course"),
                   item=item.id)


def _runs_script(url: str) -> bool:
    """javascript:, vbscript:, or data: other than an image (entities and the blanks that
    browsers ignore are taken into account)."""
    cleaned = _URL_NOISE.sub("", html.unescape(url)).lower()
    return cleaned.startswith(("javascript:", "vbscript:")) or (
        cleaned.startswith("data:") and not cleaned.startswith("data:image/"))


def _blank_comments(text: str) -> str:
    """`<!-- … -->` replaced by spaces, line breaks kept (found with str.find: linear). An
    unclosed comment is checked: better a warning too many than a script missed."""
    parts, last = [], 0
    while (start := text.find("<!--", last)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts += [text[last:start], re.sub(r"[^\n]", " ", text[start:end + 3])]
        last = end + 3
    return "".join(parts) + text[last:]


def _loc(file: str, starts: list[int], offset: int) -> Loc:
    line = bisect.bisect_right(starts, offset) - 1
    return Loc(file, line + 1, offset - starts[line] + 1)
