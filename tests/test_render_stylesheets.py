"""Formatters sharing a style's stylesheet highlight exactly as formatters that each build
their own."""

from __future__ import annotations

from pygments import highlight
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import PythonLexer

from moocforge.render.stylesheets import shared_stylesheets

CODE = "def f(x):\n    return x + 1  # one more\n"
OPTIONS = [{}, {"noclasses": True, "style": "friendly"}, {"noclasses": True},
           {"classprefix": "mf-", "style": "friendly"}]


def _outputs() -> list[str]:
    return [highlight(CODE, PythonLexer(), HtmlFormatter(**options)) +
            HtmlFormatter(**options).get_style_defs(".x") for options in OPTIONS * 2]


def test_shared_stylesheets_highlight_the_same():
    alone = _outputs()
    with shared_stylesheets():
        shared = _outputs()
        first, second = HtmlFormatter(style="friendly"), HtmlFormatter(style="friendly")
        assert first.class2style is second.class2style  # built once
        assert HtmlFormatter(style="default").class2style is not first.class2style
    assert shared == alone
    assert HtmlFormatter(style="friendly").class2style is not first.class2style  # restored
