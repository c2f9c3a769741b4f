"""The search plugin's faster tokenizer: the same events as HTMLParser, or none at all."""

from __future__ import annotations

import pytest

from moocforge.writers.site import tagscan
from moocforge.writers.site.tagscan import fast_search_parser, html_events, recorded

# Each of these takes the fast path: its events must be HTMLParser's own.
TAKEN = [
    "",
    "just text &amp; more &#233;t&eacute; &nbsp;. a &b c & d",
    "<p>One <strong>two</strong> three</p>\n<p>four</p>\n",
    '<h2 id="deux">Deux<a class="headerlink" href="#deux" title="Permanent link">&para;</a></h2>',
    '<DIV Class="Admonition NOTE" data-x>Upper-case names</DIV>',
    "<a href='single' title=unquoted data-empty=\"\">quotes</a>",
    '<a href="?a=1&amp;b=2" title="x &gt; y">an escaped value</a>',
    '<a title="a > b">a greater-than sign inside quotes</a>',
    '<br/><img src="x.png" alt="" /><div/><input type="checkbox" checked>',
    "<p>trailing text with an ampersand at the end &",
    '<script type="application/json" class="mf-quiz-data">{"a": "<b>&amp;</b>"}</script>'
    "<p>after</p>",
    '<iframe src="https://example.org/embed" title="Video"></iframe><p>after</p>',
    "<style>p > a { color: red }</style><p>styled</p>",
    "<pre><code>  keep\n   spaces &lt;here&gt;\n</code></pre>",
    "</p>stray end tags</div>",
]

# Each of these is left to HTMLParser (html_events gives None).
LEFT = [
    "<!-- a comment --><p>x</p>",
    "<!DOCTYPE html><p>x</p>",
    "<?xml version='1.0'?><p>x</p>",
    "a < b and c > d",
    "<p>unclosed <a href='x'",
    "<script>never closed",
    "<script>x</script <p>",
    "<1>not a tag</1>",
]


@pytest.mark.parametrize("html", TAKEN)
def test_events_are_those_of_html_parser(html):
    events = html_events(html)
    assert events is not None, "the fast path should take this HTML"
    assert events == recorded(html).events


@pytest.mark.parametrize("html", LEFT)
def test_anything_else_is_left_to_html_parser(html):
    assert html_events(html) is None


def test_a_tag_seen_again_comes_from_what_was_kept():
    tagscan._kept.clear()
    html_events('<p class="k">a</p><p class="k">b</p>')
    assert tagscan._kept['<p class="k">'] == [("starttag", "p", [("class", "k")])]


def test_material_search_sections_are_the_same():
    from material.plugins.search import plugin

    page = ("<p>Preface</p>\n<h1 id=\"titre\">Titre</h1>\n<p>Texte <code>x &lt; 1</code></p>\n"
            "<h2 id=\"a\">A<a class=\"headerlink\" href=\"#a\">&para;</a></h2>\n"
            "<div data-search-exclude><p>hidden</p></div>\n<ul>\n<li>un</li>\n</ul>\n"
            "<script type=\"application/json\">{\"k\": 1}</script>\n<pre><code>a\n  b\n</code>"
            "</pre>\n")
    assert html_events(page) is not None

    def sections(parser_class, html):
        parser = parser_class()
        parser.feed(html)
        parser.close()
        return [(s.id, s.title, s.text, s.is_excluded()) for s in parser.data]

    original = plugin.Parser
    with fast_search_parser():
        assert plugin.Parser is not original
        fast = [sections(plugin.Parser, html) for html in (page, page + "<!-- left -->")]
    assert plugin.Parser is original
    assert fast == [sections(original, html) for html in (page, page + "<!-- left -->")]
