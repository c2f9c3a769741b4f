"""The kit's zip packer writes the bytes `moocforge.output.pack_zip` writes, faster."""

from __future__ import annotations

import io
import zipfile

from moocforge.output import pack_zip
from moocforge.writers.coursera import archive
from moocforge.writers.coursera.archive import pack_kit_zip


def both(files, prefix="") -> tuple[bytes, bytes]:
    ours, reference = io.BytesIO(), io.BytesIO()
    pack_kit_zip(files, ours, prefix)
    pack_zip(files, reference, prefix)
    return ours.getvalue(), reference.getvalue()


def test_same_bytes_as_pack_zip(tmp_path):
    source = tmp_path / "checker.c"
    source.write_bytes(b"int main(void) { return 0; }\n" * 300)
    files = {
        "module-01/01-01-a.html": "<p>Bonjour à tous</p>\n".encode() * 50,
        "module-01/01-02-é-ü.md": b"# Titre\n",  # a name that is not ASCII
        "empty.txt": b"",
        "instructor/module-01/01-03-ex.checker.c": source,
        "README.html": b"x" * 100_000,
    }
    ours, reference = both(files, prefix="kit-fr")
    assert ours == reference
    with zipfile.ZipFile(io.BytesIO(ours)) as packed:
        assert packed.testzip() is None
        assert packed.read("kit-fr/instructor/module-01/01-03-ex.checker.c") == \
            source.read_bytes()
        assert packed.read("kit-fr/module-01/01-02-é-ü.md") == b"# Titre\n"
        assert packed.namelist() == sorted(packed.namelist())


def test_compressed_media_is_stored_not_deflated_again(tmp_path):
    video = tmp_path / "hello.mp4"
    video.write_bytes(bytes(range(256)) * 4000)
    files = {"module-01/01-01-hello.mp4": video, "blueprint.xlsx": b"PK\x03\x04 nested zip",
             "module-01/01-02-fig.PNG": b"\x89PNG" + bytes(100), "README.html": b"<p>x</p>" * 99}
    ours = io.BytesIO()
    pack_kit_zip(files, ours)
    with zipfile.ZipFile(ours) as packed:
        assert packed.testzip() is None
        methods = {info.filename: info.compress_type for info in packed.infolist()}
        assert methods == {"README.html": zipfile.ZIP_DEFLATED,
                           "blueprint.xlsx": zipfile.ZIP_STORED,
                           "module-01/01-01-hello.mp4": zipfile.ZIP_STORED,
                           "module-01/01-02-fig.PNG": zipfile.ZIP_STORED}
        assert packed.read("module-01/01-01-hello.mp4") == video.read_bytes()
        assert packed.read("module-01/01-02-fig.PNG") == files["module-01/01-02-fig.PNG"]
    again = io.BytesIO()
    pack_kit_zip(files, again)
    assert again.getvalue() == ours.getvalue()


def test_same_bytes_under_source_date_epoch_and_without_prefix(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ours, reference = both({"b.json": b"{}\n", "a.csv": b"\xef\xbb\xbfx\r\n"})
    assert ours == reference
    assert zipfile.ZipFile(io.BytesIO(ours)).getinfo("a.csv").date_time == (
        2023, 11, 14, 22, 13, 20)


def test_an_archive_needing_zip64_goes_to_pack_zip(monkeypatch):
    monkeypatch.setattr(archive, "_LIMIT", 1000)  # as if 1,000 bytes were 2 GiB
    files = {f"f{n}.bin": bytes(range(256)) * 2 for n in range(6)}  # incompressible-ish
    ours, reference = both(files)
    assert ours == reference
    monkeypatch.setattr(archive, "_MAX_ENTRIES", 3)
    ours, reference = both({"a": b"1", "b": b"2", "c": b"3", "d": b"4"})
    assert ours == reference
