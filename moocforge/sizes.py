"""Sizes as people type them: `500M`, `2GiB`, `1.5 GB`, `800000000`.

One reading wherever a size is set (`MOOCFORGE_CACHE_SIZE`, `moocforge stats
--memory-limit`): k, M, G, T and kB, MB, GB, TB are powers of 1000, as ccache, DuckDB and
disk makers count; Ki, Mi, Gi, Ti and KiB, MiB, GiB, TiB are powers of 1024; a bare number,
or one ending in B, is bytes. Letters may be in either case.
"""

from __future__ import annotations

import re

SIZE_EXAMPLES = "500MB, 2GiB or 800000000"

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(i?)b?|b)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """The number of bytes `text` says, or None when it is not a size."""
    found = _SIZE.fullmatch(text)
    if found is None:
        return None
    number, prefix, binary = found.groups()
    if not prefix:
        return int(float(number))
    base = 1024 if binary else 1000
    return int(float(number) * base ** ("kmgt".index(prefix.lower()) + 1))
