"""What our builds add to the theme's Jinja environment renders what Jinja renders."""

from __future__ import annotations

import jinja2

from moocforge.writers.site.build import StaticInclude, Translations, _static_icons

TEMPLATES = {
    ".icons/plain.svg": "<svg><path d='M0 0'/></svg>\n",
    ".icons/templated.svg": "<svg>{{ colour }}</svg>",
    "page.html": "[{% include '.icons/plain.svg' %}|{% include '.icons/' ~ name ~ '.svg' %}"
                 "|{% include '.icons/plain.svg' %}]",
    "fr.html": "{% macro t(key) %}{{ {'a': 'A fr'}[key] }}{% endmacro %}",
    "en.html": "{% macro t(key) %}{{ {'a': 'A en', 'b': 'B en'}[key] }}{% endmacro %}",
}


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), auto_reload=False)


def test_icons_without_jinja_are_static_includes_with_the_same_text():
    plain, ours = environment(), environment()
    ours.get_template = _static_icons(ours)  # type: ignore[method-assign]
    for name in ("templated", "plain"):
        context = {"name": name, "colour": "red"}
        assert ours.get_template("page.html").render(context) == \
            plain.get_template("page.html").render(context)
    assert isinstance(ours.get_template(".icons/plain.svg"), StaticInclude)
    assert not isinstance(ours.get_template(".icons/templated.svg"), StaticInclude)


def test_translations_are_those_of_the_language_then_english_then_the_key():
    env = environment()
    lang, fallback = env.get_template("fr.html").module, env.get_template("en.html").module
    translate = Translations()
    keys = ("a", "b", "c", "a")
    assert [str(translate(lang, fallback, key)) for key in keys] == ["A fr", "B en", "c", "A fr"]
    assert len(translate.kept) == 3
