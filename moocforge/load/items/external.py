"""`- {external: https://…/launch, lti: "1.3", keys: {…}}`: an external tool or web app.

The repository never holds secrets: `keys` names what the platform team configures (an LTI
1.1 passport id, an LTI 1.3 reusable configuration id) or carries public URLs (the tool's
OIDC login URL and keyset URL); the schema allows no other key.
"""

from __future__ import annotations

from moocforge.i18n import msg
from moocforge.load.items.common import Entry, common, item_title
from moocforge.model import External

LTI_KEYS = {
    "1.1": ("passport",),
    "1.3": ("config", "oidc_url", "keyset_url"),
}


def read(entry: Entry) -> External:
    cursor = entry.cursor
    iid = cursor.string("id")
    title = item_title(entry, None, iid)
    lti = cursor.get("lti")
    version = str(lti) if lti in ("1.1", "1.3") else None
    raw_keys = cursor.get("keys")
    keys = {str(k): str(v) for k, v in raw_keys.items()} if isinstance(raw_keys, dict) else {}
    if version is not None:
        _check_keys(entry, version, keys)
    custom = cursor.get("custom")
    return External(**common(entry, iid, title), url=cursor.string("external"), lti=version,  # type: ignore[arg-type]
                    keys=keys,
                    custom={str(k): str(v) for k, v in custom.items()}
                    if isinstance(custom, dict) else {},
                    weight=cursor.number("weight", 1.0) or 0.0,
                    launch=cursor.string("launch", "new_window"),  # type: ignore[arg-type]
                    description=cursor.opt_text("description"))


def _check_keys(entry: Entry, version: str, keys: dict[str, str]) -> None:
    allowed = LTI_KEYS[version]
    for key in keys:
        if key not in allowed:
            entry.ctx.error("MF015", msg("keys.{key} is not an LTI {version} setting", key=key,
                                         version=version),
                            entry.cursor.key_loc("keys", key),
                            msg("LTI {version} takes {allowed}", version=version,
                                allowed=', '.join(allowed)))
    if version == "1.1" and "passport" not in keys:
        entry.ctx.error("MF012", msg("an LTI 1.1 tool needs `keys: {{passport: <id>}}`"), entry.loc,
                        msg("the passport id names the key/secret pair the platform team enters "
                            "in the course's advanced settings (LTI Passports)"))
    if version == "1.3" and "config" not in keys and not {"oidc_url", "keyset_url"} <= set(keys):
        entry.ctx.error("MF012", msg("an LTI 1.3 tool needs `keys: {{config: <id>}}` or both "
                                     "`oidc_url` and `keyset_url`"), entry.loc,
                        msg("config names a reusable LTI configuration of the platform; the URLs "
                            "come from the tool's registration page"))
