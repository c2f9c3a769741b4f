"""Checks across files: unique ids (also once reduced to url_names, and ignoring case),
objective references."""

from __future__ import annotations

import difflib

from moocforge.i18n import msg
from moocforge.load.cursor import Claim, LoadContext
from moocforge.load.sources import invisible_character, visible
from moocforge.model import Loc, Week, url_name


def register_id(ctx: LoadContext, item_id: str, loc: Loc, what: str = "item") -> bool:
    """Record an id (`week:x`, `lesson:x`, `objective:x` or an item id); False and a
    diagnostic when it collides with one already seen."""
    first = len(ctx.src.diagnostics)
    bad = invisible_character(item_id)
    if bad:  # ids end up in URLs, file names and XML: one that does not show breaks them
        shown = item_id.split(":", 1)[1] if ":" in item_id and what != "item" else item_id
        ctx.error("MF029", msg("{what} id '{shown}' holds the invisible character {character}",
                               what=what, shown=visible(shown), character=bad), loc,
                  msg("rename the file or folder the id comes from, or give it an explicit "
                      "`id:` of letters, digits, `_`, `-` and `.`"))
    accepted = _claim(ctx, item_id, loc, what)
    if ctx.claims is not None:
        ctx.claims.append(Claim(item_id, loc, what, accepted, first, len(ctx.src.diagnostics)))
    return accepted


def release_id(ctx: LoadContext, item_id: str) -> None:
    """Forget an accepted id (a reused reading that turned out not to apply)."""
    ctx.ids.pop(item_id, None)
    ctx.url_names.pop(url_name(item_id).lower(), None)


def _claim(ctx: LoadContext, item_id: str, loc: Loc, what: str) -> bool:
    shown = item_id.split(":", 1)[1] if ":" in item_id and what != "item" else item_id
    if item_id in ctx.ids:
        first = ctx.ids[item_id]
        ctx.error("MF022", msg("duplicate {what} id '{shown}' (first used at {first})", what=what,
                               shown=shown, first=first), loc,
                  msg("give one of them an explicit, different `id:`"))
        return False
    name = url_name(item_id)
    previous = ctx.url_names.get(name.lower())
    if previous is not None:
        other, where = previous
        if url_name(other) == name:
            ctx.error("MF022", msg("{what} id '{shown}' collides with another id once reduced to "
                                   "'{name}' (at {where})", what=what, shown=shown, name=name,
                                   where=where), loc,
                      msg("ids must differ in letters, digits, '_' or '-'"))
        else:
            ctx.error("MF028", msg("{what} id '{shown}' differs only by case from an id at "
                                   "{where}: their files collide on case-insensitive file "
                                   "systems (macOS, Windows) and in platform keys", what=what,
                                   shown=shown, where=where), loc,
                      msg("make the ids differ by more than letter case"))
        return False
    ctx.ids[item_id] = loc
    ctx.url_names[name.lower()] = (item_id, loc)
    return True


def check_objectives(ctx: LoadContext, weeks: list[Week]) -> None:
    known = sorted({o.id for w in weeks for o in w.objectives})
    for ref, loc in ctx.objective_refs:
        if ref not in known:
            close = difflib.get_close_matches(ref, known, n=1)
            ctx.error("MF023", msg("unknown objective '{ref}'", ref=ref), loc,
                      f"did you mean '{close[0]}'?" if close else
                      "declare it under `objectives:` in a week.yml")
