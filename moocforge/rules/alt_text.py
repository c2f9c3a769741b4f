"""Images have alt text; links say where they lead.

**Why.** WCAG 2.1 success criterion 1.1.1 (non-text content, level A) requires a text
alternative for every image, and 2.4.4 (link purpose) link texts that make sense out of
context; screen-reader users list the links of a page and hear "https colon slash slash…"
or "click here". Coursera requires alt text on every image and link texts that are titles,
not bare URLs (platforms.md, section 3).

**What it checks.** In every Markdown file of the course and in Markdown held in quiz, peer
and discussion texts:

- Markdown images `![alt](src)` have a non-empty alt text that is not a file name;
- HTML `<img>` tags have an `alt` attribute (`alt=""` marks a decorative image and is
  accepted when `allow_decorative` is on);
- link texts are not bare URLs (`[https://…](https://…)`, `<https://…>`) and are not in
  `vague_links`.

**Options:**

- `allow_decorative: true` — accept `<img alt="">` for decorative images.
- `bare_urls: true` — report links whose text is their URL.
- `vague_links: [click here, here, this link, link, ici, cliquez ici, ce lien, lien]` — link
  texts that say nothing (compared case-insensitively; empty list: off).

**Passes:**

```markdown
![The four stages of compilation: preprocess, compile, assemble, link](img/stages.png)
See [the GCC manual](https://gcc.gnu.org/onlinedocs/).
```

**Fails:**

```markdown
![](img/stages.png)
See <https://gcc.gnu.org/onlinedocs/>, or click [here](https://gcc.gnu.org).
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moocforge.diagnostics import Diagnostic, Severity
from moocforge.i18n import msg
from moocforge.model import Course, Document, Ref
from moocforge.rules._common import Finding, Options
from moocforge.rules._markdown import documents

CODE = "MF301"
NAME = "alt-text"
DEFAULT_SEVERITY: Severity = "error"
SCOPE = "item"  # findings depend on one item alone: the preview re-checks changed ones
DEFAULTS: dict[str, object] = {
    "allow_decorative": True,
    "bare_urls": True,
    "vague_links": ["click here", "here", "this link", "link", "ici", "cliquez ici",
                    "ce lien", "lien"],
}
_FILE_NAME = re.compile(r"^[\w.-]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.IGNORECASE)
_URL_TEXT = re.compile(r"^(?:https?://|ftp://|www\.)\S+$", re.IGNORECASE)
finding = Finding(CODE, NAME, DEFAULT_SEVERITY)


def check(course: Course, options: Options) -> Iterator[Diagnostic]:
    vague = {v.casefold() for v in options["vague_links"]}
    for doc in documents(course):
        for ref in doc.refs:
            if ref.kind == "image":
                yield from _image(doc, ref, options)
            elif ref.kind == "link" and ref.text:
                yield from _link(doc, ref, options, vague)


def _image(doc: Document, ref: Ref, options: Options) -> Iterator[Diagnostic]:
    alt = ref.text.strip()
    if ref.syntax == "html" and ref.has_alt and not alt and options["allow_decorative"]:
        return
    if not alt:
        yield finding(options, msg("image '{target}' has no alt text",
                                   target=ref.target), doc.loc(ref.line,
                      ref.col), hint="describe what the image shows, for learners who "
                      "cannot see it: ![What it shows](" + ref.target + ")", item=doc.item)
    elif _FILE_NAME.match(alt):
        yield finding(options, msg("image '{target}' has a file name as alt text ('{alt}')",
                                   target=ref.target, alt=alt),
                      doc.loc(ref.line, ref.col), hint=msg("describe what the image shows"),
                      item=doc.item)


def _link(doc: Document, ref: Ref, options: Options, vague: set[str]) -> Iterator[Diagnostic]:
    text = re.sub(r"[*_`]", "", ref.text).strip()
    if options["bare_urls"] and (_URL_TEXT.match(text) or ref.syntax == "autolink"):
        yield finding(options, msg("link text is a bare URL ({text})",
                                   text=text), doc.loc(ref.line, ref.col),
                      hint="write the title of the page: [GCC manual](" + ref.target + ")",
                      item=doc.item)
    elif text.casefold().strip(" .:!") in vague:
        yield finding(options, msg("link text '{text}' does not say where the link leads",
                                   text=text),
                      doc.loc(ref.line, ref.col),
                      hint=msg("use the title of the target as link text"), item=doc.item)
