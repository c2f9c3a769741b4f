"""Hostile exports are refused with a clear error, and nothing is written outside the
destination (nor the destination itself): path traversal, absolute paths, links, device
files, 100,000 tiny files, a 1 GB sparse member, a zip bomb, XML with external entities or
entity expansion. A user's folder is never written over."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from moocforge.importers.olx import Limits, import_olx
from moocforge.importers.olx.folder import MARKER

COURSE_XML = b'<course url_name="run" org="Org" course="N1"/>\n'
RUN_XML = b'<course display_name="T"><chapter url_name="c1"/></course>\n'
CHAPTER_XML = b'<chapter display_name="W"><sequential url_name="s1"/></chapter>\n'
SEQUENTIAL_XML = b'<sequential display_name="L"><vertical url_name="v1"/></sequential>\n'
VERTICAL_XML = b'<vertical display_name="U"><html url_name="h1"/></vertical>\n'
GOOD = {"course/course.xml": COURSE_XML, "course/course/run.xml": RUN_XML,
        "course/chapter/c1.xml": CHAPTER_XML, "course/sequential/s1.xml": SEQUENTIAL_XML,
        "course/vertical/v1.xml": VERTICAL_XML,
        "course/html/h1.xml": b'<html filename="h1" display_name="Hello"/>\n',
        "course/html/h1.html": b"<p>Hello <strong>world</strong>.</p>\n"}


def _tar(path: Path, members: list[tarfile.TarInfo | tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tar.addfile(member)
            else:
                info = tarfile.TarInfo(member[0])
                info.size = len(member[1])
                tar.addfile(info, io.BytesIO(member[1]))
    return path


def _good_members() -> list[tarfile.TarInfo | tuple[str, bytes]]:
    return list(GOOD.items())


def _refused(tmp_path: Path, archive: Path, *words: str, limits: Limits = Limits()) -> None:
    dest = tmp_path / "out" / "course"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = import_olx(archive, dest, limits=limits)
    assert not result.ok
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors and errors[0].code in ("MF663", "MF664"), result.diagnostics
    message = errors[0].message
    assert all(word in message for word in words), message
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "out") == before
    leftovers = list((tmp_path / "out").iterdir()) if (tmp_path / "out").exists() else []
    assert leftovers == [], "the staging folder is removed"


def test_a_good_archive_imports(tmp_path):
    archive = _tar(tmp_path / "good.tar.gz", _good_members())
    result = import_olx(archive, tmp_path / "course")
    assert result.ok, result.diagnostics
    assert "Hello **world**." in (tmp_path / "course/weeks/01-c1/h1.md").read_text()


def test_path_traversal_is_refused(tmp_path):
    archive = _tar(tmp_path / "evil.tar.gz", [*_good_members(), ("course/../../evil.txt", b"x")])
    _refused(tmp_path, archive, "leaves the archive")
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_absolute_paths_are_refused(tmp_path):
    target = tmp_path / "absolute-target.txt"
    archive = _tar(tmp_path / "abs.tar.gz", [*_good_members(), (str(target), b"x")])
    _refused(tmp_path, archive, "absolute")
    assert not target.exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_are_refused(tmp_path, kind):
    link = tarfile.TarInfo("course/static/passwd")
    link.type, link.linkname = kind, "/etc/passwd"
    archive = _tar(tmp_path / "link.tar.gz", [*_good_members(), link])
    _refused(tmp_path, archive, "link", "/etc/passwd")


@pytest.mark.parametrize("kind", [tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE])
def test_device_files_are_refused(tmp_path, kind):
    device = tarfile.TarInfo("course/static/dev")
    device.type = kind
    archive = _tar(tmp_path / "dev.tar.gz", [*_good_members(), device])
    _refused(tmp_path, archive, "device or FIFO")


def test_a_hundred_thousand_tiny_files_are_refused(tmp_path):
    path = tmp_path / "many.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        for name, data in GOOD.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for number in range(100_000):
            tar.addfile(tarfile.TarInfo(f"course/static/f{number}"))
    _refused(tmp_path, path, "more than 10000 files", "--max-files")


def test_a_sparse_one_gigabyte_member_is_refused(tmp_path):
    if shutil.which("tar") is None:
        pytest.skip("GNU tar is needed to make a sparse archive")
    folder = tmp_path / "src"
    for name, data in GOOD.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "course/static").mkdir()
    with open(folder / "course/static/huge.bin", "wb") as out:
        out.truncate(1024 ** 3)  # 1 GiB of holes: a few bytes on disk and in the archive
    archive = tmp_path / "sparse.tar.gz"
    subprocess.run(["tar", "--sparse", "-C", str(folder), "-czf", str(archive), "course"],
                   check=True)
    shutil.rmtree(folder)
    assert archive.stat().st_size < 64 * 1024
    _refused(tmp_path, archive, "more than 512 MB", "--max-mb")


def test_a_zip_bomb_is_refused_before_anything_is_written(tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in GOOD.items():
            zipped.writestr(name, data)
        zipped.writestr("course/static/zeros.bin", b"\0" * (8 * 1024 * 1024))
    assert archive.stat().st_size < 64 * 1024
    _refused(tmp_path, archive, "more than 4 MB", limits=Limits(bytes=4 * 1024 * 1024))


def test_a_zip_with_links_is_refused(tmp_path):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, data in GOOD.items():
            zipped.writestr(name, data)
        link = zipfile.ZipInfo("course/static/passwd")
        link.external_attr = (0o120777 << 16)
        zipped.writestr(link, "/etc/passwd")
    _refused(tmp_path, archive, "symbolic link")


XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE course [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<course display_name="&xxe;"><chapter url_name="c1"/></course>\n')
def _laughs() -> bytes:
    """The billion laughs: nine levels of ten entities each (10^9 "lol"s once expanded)."""
    levels = ['<!ENTITY lol1 "' + "&lol;" * 10 + '">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(levels)
            + ']>\n<course display_name="&lol9;"/>\n').encode()


LAUGHS = _laughs()


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_xml_with_entities_is_refused(tmp_path, payload):
    members = [(n, payload if n == "course/course/run.xml" else d) for n, d in GOOD.items()]
    archive = _tar(tmp_path / "xml.tar.gz", members)
    _refused(tmp_path, archive, "course/run.xml", "DOCTYPE or entities")


def test_an_unpacked_export_with_a_symlink_is_refused(tmp_path):
    folder = tmp_path / "export"
    for name, data in GOOD.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "course/static").mkdir()
    os.symlink("/etc/passwd", folder / "course/static/passwd")
    _refused(tmp_path, folder, "symbolic link")


def test_a_users_folder_is_never_written_over(tmp_path):
    archive = _tar(tmp_path / "good.tar.gz", _good_members())
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("my notes")
    for force in (False, True):
        result = import_olx(archive, mine, force=force)
        assert not result.ok and result.diagnostics[0].code == "MF662"
        assert "not empty" in result.diagnostics[0].message or \
            "not made by" in result.diagnostics[0].message
    assert sorted(p.name for p in mine.iterdir()) == ["notes.md"]


def test_force_replaces_an_earlier_import_and_keeps_it_as_a_backup(tmp_path):
    archive = _tar(tmp_path / "good.tar.gz", _good_members())
    dest = tmp_path / "course"
    assert import_olx(archive, dest).ok and (dest / MARKER).is_file()
    (dest / "edited.md").write_text("an edit")
    assert not import_olx(archive, dest).ok
    again = import_olx(archive, dest, force=True)
    assert again.ok and again.backup == tmp_path / "course.bak-1"
    assert (again.backup / "edited.md").read_text() == "an edit"
    assert not (dest / "edited.md").exists()
