"""`targets.site` in course.yml: the preview site's settings."""

from __future__ import annotations

from moocforge.settings import Settings, Url


class SiteSettings(Settings):
    section = "targets.site"
    doc = "The browsable site (mkdocs + Material)."

    site_url = Url("", "Where the site will be served; with it, mkdocs writes a sitemap and a "
                   "404 page with absolute links.", example="https://moocs.example.org/abc-c/")
