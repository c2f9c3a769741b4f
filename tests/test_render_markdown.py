"""The shared Markdown renderer: one reused converter gives the same HTML as a fresh one."""

from __future__ import annotations

import markdown
import pytest

from moocforge.render.markdown import (
    INLINE_STYLE_CONFIGS,
    MARKDOWN_EXTENSIONS,
    Renderer,
    render,
)

TEXTS = [
    "# Title\n\nSome *text* with `code`.\n",
    "```c\nint main(void) { return 0; }\n```\n",
    "!!! note\n    An admonition.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Math \\(x^2\\) and a footnote[^1].\n\n[^1]: The note.\n",
    "plain words only",
]


@pytest.mark.parametrize("text", TEXTS)
def test_reused_converter_matches_a_fresh_one(text: str) -> None:
    fresh = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS,
                              extension_configs=INLINE_STYLE_CONFIGS, output_format="html")
    shared = Renderer()
    for _ in range(2):  # the second conversion must not see state from the first
        assert shared.render(text) == fresh
        assert render(text) == fresh


def test_relative_urls_are_rewritten_and_others_kept() -> None:
    html = render("![alt](img/a.png) [doc](other.md#x) [web](https://example.org) [top](#t)",
                  rewrite_url=lambda url: "/static/" + url.replace("/", "_"))
    assert 'src="/static/img_a.png"' in html
    assert 'href="/static/other.md#x"' in html
    assert 'href="https://example.org"' in html and 'href="#t"' in html
    assert render("[doc](other.md)") == '<p><a href="other.md">doc</a></p>'


def test_strip_h1_and_xhtml() -> None:
    html = render("# Title\n\n![a](x.png)", strip_h1=True, xhtml=True)
    assert "Title" not in html and html.endswith("/></p>")
