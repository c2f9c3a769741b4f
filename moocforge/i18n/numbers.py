"""Numbers as each language writes them: `3,5` in French is 3.5 (CLDR data, from Babel)."""

from __future__ import annotations

import re
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError

# Digits with one optional fractional part; spaces (thin or not) may group thousands.
_DECIMAL = re.compile(r"^[-+−]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$")


@lru_cache(maxsize=64)
def decimal_symbol(lang: str) -> str:
    """The decimal separator of `lang` ("," for fr, de; "." for en); "." when CLDR does not
    know the language."""
    try:
        symbol: str = Locale.parse(lang.replace("-", "_")).number_symbols["latn"]["decimal"]
    except (UnknownLocaleError, ValueError, KeyError, TypeError):
        return "."
    return symbol


def parse_number(text: str, lang: str) -> float | None:
    """The number a learner or an author of `lang` writes: `3.5` in every language, `3,5`
    too where the decimal separator is a comma. None for anything else (a comma in English,
    where it groups thousands, is ambiguous)."""
    cleaned = re.sub(r"\s", "", text).replace("−", "-")
    if not _DECIMAL.match(cleaned):
        return None
    if "," in cleaned:
        if decimal_symbol(lang) != ",":
            return None
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def format_decimal(value: float, lang: str) -> str:
    """`3.5` as `lang` writes it (`3,5` in French), with no grouping of thousands."""
    text = f"{value:g}"
    return text.replace(".", decimal_symbol(lang)) if "e" not in text else text
