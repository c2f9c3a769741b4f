"""External tools → the `lti_consumer` XBlock (xblock-lti-consumer), written inline.

LTI 1.1: `lti_version="lti_1p1"`, the launch URL and the *passport id* (`lti_id`): the key
and secret stay in the course's advanced settings ("LTI Passports"), filled in by the
platform team (MF516 reminds them). LTI 1.3: `lti_version="lti_1p3"` with the tool's
launch, OIDC login and keyset URLs (public), or `config_type="external"` naming a
reusable configuration of the platform (`external_config`). A plain web app (no `lti:`)
has no launch protocol on Open edX: it is written as an html component linking to it, and
reported.
"""

from __future__ import annotations

from lxml import etree

from moocforge.model import External
from moocforge.writers.olx.context import Build
from moocforge.writers.olx.xmlutil import element, json_attr, sub, write_text, write_xml


def lti_block(b: Build, item: External, name: str, counted: bool, due: str | None
              ) -> etree._Element:
    if item.lti is None:
        return _web_app(b, item, name)
    attrs: dict[str, str | None] = {
        "url_name": name,
        "display_name": b.t(item.title),
        "description": b.t(item.description) if item.description else None,
        "launch_target": item.launch,
        "custom_parameters": json_attr([f"{k}={v}" for k, v in sorted(item.custom.items())]),
        "has_score": "true" if item.graded else "false",
        "weight": f"{item.weight:g}" if counted else "0",
        "due": due,
        "ask_to_send_username": "false",
        "ask_to_send_email": "false",
        "launch_url": item.url,  # read for LTI 1.1; for 1.3 too by validators such as olxcleaner
    }
    if item.lti == "1.1":
        passport = item.keys.get("passport", "")
        attrs.update(lti_version="lti_1p1", lti_id=passport)
        b.loss("MF516", f"external '{item.id}': the LTI 1.1 passport '{passport}' (key and "
               "secret) is entered by the platform team, not shipped", item.loc,
               f"in Studio, Advanced settings → LTI Passports: add \"{passport}:<key>:<secret>\"",
               item, "info")
    elif "config" in item.keys:
        attrs.update(lti_version="lti_1p3", config_type="external",
                     external_config=item.keys["config"], lti_1p3_launch_url=item.url)
    else:
        attrs.update(lti_version="lti_1p3", config_type="new", lti_1p3_launch_url=item.url,
                     lti_1p3_oidc_url=item.keys.get("oidc_url"),
                     lti_1p3_tool_key_mode="keyset_url",
                     lti_1p3_tool_keyset_url=item.keys.get("keyset_url"))
    return element("lti_consumer", attrs)


def _web_app(b: Build, item: External, name: str) -> etree._Element:
    b.loss("MF515", f"external '{item.id}' is a web app without LTI: Open edX shows a link "
           "to it, with no sign-in and no grade", item.loc,
           "declare `lti: \"1.3\"` (or 1.1) if the tool supports it", item)
    link = element("p")
    sub(link, "a", b.t(item.title), {"href": item.url, "target": "_blank", "rel": "noopener"})
    description = b.md(b.t(item.description), item.loc.path) if item.description else ""
    parts = [description, etree.tostring(link, encoding="unicode")]
    write_xml(b.tree, f"html/{name}.xml", element("html", {"filename": name,
                                                          "display_name": b.t(item.title)}))
    write_text(b.tree, f"html/{name}.html", "\n".join(p for p in parts if p))
    return element("html", {"url_name": name})
