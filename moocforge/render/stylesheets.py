"""Pygments' HTML formatter, made once per code block by Python-Markdown's highlighter,
builds its style's stylesheet each time (a quarter of a millisecond; a site has hundreds
of blocks). Inside `shared_stylesheets()` a formatter takes the stylesheet the first one of
its style and class prefix built: the same two tables, which formatters only read."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def shared_stylesheets() -> Iterator[None]:
    from pygments.formatters.html import HtmlFormatter

    formatter: Any = HtmlFormatter
    original = formatter._create_stylesheet
    kept: dict[tuple[Any, str], tuple[dict[Any, str], dict[str, Any]]] = {}

    def create_stylesheet(self: Any) -> None:
        key = (self.style, self.classprefix)
        found = kept.get(key)
        if found is None:
            original(self)
            kept[key] = (self.ttype2class, self.class2style)
        else:
            self.ttype2class, self.class2style = found

    formatter._create_stylesheet = create_stylesheet
    try:
        yield
    finally:
        formatter._create_stylesheet = original
