"""The packer's tarballs are the ones Python's `tarfile` writes (PAX format), byte for byte,
and GNU tar reads them back: long and non-ASCII names, sizes at block edges, empty files."""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import tarfile

import pytest

from moocforge.output import pack_tar_gz

LONG_DIR = "d" * 60 + "/" + "e" * 38  # 99 characters: 100 with the folder's "/"
FILES: dict[str, bytes] = {
    "a.txt": b"a",
    "empty.txt": b"",
    "block.bin": b"x" * 512,
    "block-and-one.bin": b"y" * 513,
    "n" * 100: b"exactly a hundred characters",
    "n" * 101: b"one past the ustar name field",
    f"{LONG_DIR}/f.xml": b"<f/>",
    "problème/énoncé.md": "Écrire ½ €".encode(),
    "caf\udce9.txt": b"a name read from a disk whose names are not UTF-8",
    "deep/" + "/".join(f"level{i}" for i in range(30)) + "/leaf.txt": b"deep",
}


def tarfile_reference(files: dict[str, bytes], prefix: str, mtime: int) -> bytes:
    """What the packer wrote with `tarfile` before it wrote headers itself."""
    names = set(files)
    for rel in files:
        parts = rel.split("/")
        names.update("/".join(parts[:i]) for i in range(1, len(parts)))
    buffer = io.BytesIO()

    def info(name: str, kind: bytes, mode: int) -> tarfile.TarInfo:
        entry = tarfile.TarInfo(name)
        entry.type, entry.mode, entry.mtime = kind, mode, mtime
        entry.uid = entry.gid = 0
        entry.uname = entry.gname = ""
        return entry

    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(info(prefix, tarfile.DIRTYPE, 0o755))
        for rel in sorted(names):
            if rel not in files:
                tar.addfile(info(f"{prefix}/{rel}", tarfile.DIRTYPE, 0o755))
                continue
            entry = info(f"{prefix}/{rel}", tarfile.REGTYPE, 0o644)
            entry.size = len(files[rel])
            tar.addfile(entry, io.BytesIO(files[rel]))
    return buffer.getvalue()


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_the_tarball_is_what_tarfile_writes(tmp_path, monkeypatch, epoch):
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dest = tmp_path / "out.tar.gz"
    pack_tar_gz(FILES, dest, prefix="course")
    expected = tarfile_reference(FILES, "course", int(epoch or 0))
    assert gzip.decompress(dest.read_bytes()) == expected


def test_a_source_file_packs_as_its_bytes(tmp_path):
    source = tmp_path / "static.bin"
    source.write_bytes(bytes(range(256)) * 5)
    pack_tar_gz({"static/x.bin": source}, tmp_path / "from-disk.tar.gz", "course")
    pack_tar_gz({"static/x.bin": source.read_bytes()}, tmp_path / "from-memory.tar.gz",
                "course")
    assert (tmp_path / "from-disk.tar.gz").read_bytes() == (
        tmp_path / "from-memory.tar.gz").read_bytes()


def test_tar_tools_read_every_entry_back(tmp_path):
    dest = tmp_path / "out.tar.gz"
    pack_tar_gz(FILES, dest, prefix="course")
    with tarfile.open(dest) as tar:
        members = {m.name: m for m in tar.getmembers()}
        for rel, data in FILES.items():
            member = members[f"course/{rel}"]
            assert (member.mode, member.uid, member.uname) == (0o644, 0, "")
            handle = tar.extractfile(member)
            assert handle is not None and handle.read() == data
        assert members["course/" + LONG_DIR].isdir()
    if shutil.which("tar") is None:
        pytest.skip("GNU tar is not installed")
    out = tmp_path / "unpacked"
    out.mkdir()
    subprocess.run(["tar", "-xzf", str(dest), "-C", str(out)], check=True)
    for rel, data in FILES.items():
        assert (out / "course" / rel).read_bytes() == data
