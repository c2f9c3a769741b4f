"""Results of pure functions of immutable model objects, kept by the object's identity.

A week reused from the cache keeps its items, tracks and texts from one load to the next
(`moocforge.load.reuse`): what was computed from one of them holds as long as it is the
same object. Looking an object up by `id()` costs nothing, where hashing a frozen
dataclass walks all of its fields. Each entry keeps its object alive, so that its `id()`
is not reused by another object meanwhile; a memo that reaches its size limit starts over.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class IdentityMemo(Generic[T, R]):
    """`compute(obj, *args)`, once per object (by identity) and arguments (compared by
    equality, so a dict will do; the last ones asked for each object), for at most `limit`
    objects."""

    def __init__(self, compute: Callable[..., R], limit: int) -> None:
        self.compute, self.limit = compute, limit
        self.entries: dict[int, tuple[T, tuple[Any, ...], R]] = {}
        functools.update_wrapper(self, compute)

    def __call__(self, obj: T, *args: object) -> R:
        found = self.entries.get(id(obj))
        if found is not None and found[0] is obj and found[1] == args:
            return found[2]
        if len(self.entries) >= self.limit:
            self.entries.clear()
        result = self.compute(obj, *args)
        self.entries[id(obj)] = (obj, args, result)
        return result


def by_identity(limit: int) -> Callable[[Callable[..., R]], IdentityMemo[Any, R]]:
    """Decorator: memoise a pure function by its first argument's identity (and the
    equality of the others)."""
    return lambda compute: IdentityMemo(compute, limit)


# Content digests of model objects, noted by whoever knows them cheaply (the loader knows a
# week's from what its reading depended on), each worked out when first asked for: by
# identity, so that an object derived from a noted one (`dataclasses.replace`) has none
# until it is noted too.
_DIGESTS: dict[int, tuple[object, bytes | Callable[[], bytes]]] = {}
_DIGESTS_MAX = 100_000


def note_digest(obj: object, digest: bytes | Callable[[], bytes]) -> None:
    if len(_DIGESTS) >= _DIGESTS_MAX:
        _DIGESTS.clear()
    known = _DIGESTS.get(id(obj))
    if known is None or known[0] is not obj:
        _DIGESTS[id(obj)] = (obj, digest)


def noted_digest(obj: object) -> bytes | None:
    """The digest noted for this very object, if any."""
    found = _DIGESTS.get(id(obj))
    if found is None or found[0] is not obj:
        return None
    digest = found[1]
    if callable(digest):
        digest = digest()
        _DIGESTS[id(obj)] = (obj, digest)
    return digest
