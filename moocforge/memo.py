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
V = TypeVar("V")


class IdentityTable(Generic[V]):
    """Values kept by their object's identity, for at most `limit` objects (a full table
    starts over)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[int, tuple[object, V]] = {}

    def get(self, obj: object) -> V | None:
        found = self.entries.get(id(obj))
        return found[1] if found is not None and found[0] is obj else None

    def put(self, obj: object, value: V) -> None:
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[id(obj)] = (obj, value)  # the object is kept: its id is not reused


class IdentityMemo(Generic[T, R]):
    """`compute(obj, *args)`, once per object (by identity) and arguments (compared by
    equality, so a dict will do; the last ones asked for each object), for at most `limit`
    objects."""

    def __init__(self, compute: Callable[..., R], limit: int) -> None:
        self.compute = compute
        self.table: IdentityTable[tuple[tuple[Any, ...], R]] = IdentityTable(limit)
        functools.update_wrapper(self, compute)

    @property
    def entries(self) -> dict[int, Any]:
        return self.table.entries

    def __call__(self, obj: T, *args: object) -> R:
        found = self.table.get(obj)
        if found is not None and found[0] == args:
            return found[1]
        result = self.compute(obj, *args)
        self.table.put(obj, (args, result))
        return result


def by_identity(limit: int) -> Callable[[Callable[..., R]], IdentityMemo[Any, R]]:
    """Decorator: memoise a pure function by its first argument's identity (and the
    equality of the others)."""
    return lambda compute: IdentityMemo(compute, limit)


# Content digests of model objects, noted by whoever knows them cheaply (the loader knows a
# week's from what its reading depended on), each worked out when first asked for: by
# identity, so that an object derived from a noted one (`dataclasses.replace`) has none
# until it is noted too.
_DIGESTS: IdentityTable[bytes | Callable[[], bytes]] = IdentityTable(100_000)


def note_digest(obj: object, digest: bytes | Callable[[], bytes]) -> None:
    if _DIGESTS.get(obj) is None:
        _DIGESTS.put(obj, digest)


def noted_digest(obj: object) -> bytes | None:
    """The digest noted for this very object, if any."""
    digest = _DIGESTS.get(obj)
    if callable(digest):
        digest = digest()
        _DIGESTS.put(obj, digest)
    return digest
