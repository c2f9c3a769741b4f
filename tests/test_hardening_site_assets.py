"""The site publishes no file from outside the course through a symlink (issue 13, item 6).

A reading's image is a symlink (or sits in a symlinked folder) that leads outside the course:
the site writer reports it (MF608, an error, like MF530 for OLX and MF572 for Coursera) and
no byte of the target reaches the generated project or the site. A symlink that stays inside
the course is still published.
"""

from __future__ import annotations

from pathlib import Path

from moocforge.app import load as prepare
from moocforge.writers import WriterOptions
from moocforge.writers.site import write

SECRET = b"root:x:0:0:secret-marker:/root:/bin/sh\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def build(course: Path, out: Path) -> list:
    prepared = prepare(course)
    assert prepared.ok, [str(d) for d in prepared.diagnostics]
    return write(prepared.course, out / "my-course" / "site", WriterOptions())


def leaked(out: Path) -> list[str]:
    return [str(p.relative_to(out)) for p in out.rglob("*")
            if p.is_file() and SECRET in p.read_bytes()]


def test_symlinked_image_leading_outside_is_an_error_and_not_published(make_course,
                                                                      tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_bytes(SECRET)
    (outside / "pictures").mkdir()
    (outside / "pictures" / "map.png").write_bytes(SECRET)
    course = make_course({"weeks/01-bienvenue/intro.md":
                          "# Hi\n\n![leak](leak.png)\n\n![map](pics/map.png)\n\n"
                          '<img src="leak.png" alt="again">\n'})
    (course / "weeks/01-bienvenue/leak.png").symlink_to(outside / "passwd")
    (course / "weeks/01-bienvenue/pics").symlink_to(outside / "pictures")
    out = tmp_path / "build"
    found = build(course, out)
    escaping = sorted({(d.code, d.severity, str(d.loc)) for d in found if d.code == "MF608"})
    assert escaping == [("MF608", "error", "weeks/01-bienvenue/intro.md")]
    messages = " ".join(d.message for d in found if d.code == "MF608")
    assert "leak.png" in messages and "pics/map.png" in messages
    assert leaked(out) == []


def test_symlink_inside_the_course_is_published(make_course, tmp_path):
    course = make_course({"weeks/01-bienvenue/intro.md": "# Hi\n\n![logo](logo.png)\n",
                          "images/real-logo.png": PNG})
    (course / "weeks/01-bienvenue/logo.png").symlink_to(course / "images/real-logo.png")
    out = tmp_path / "build"
    found = build(course, out)
    assert not [d for d in found if d.severity == "error"], [str(d) for d in found]
    site = out / "my-course" / "site"
    assert (site / "fr/weeks/01-bienvenue/logo.png").read_bytes() == PNG
