"""One reading of sizes for every setting: SI letters are powers of 1000, `i` ones of 1024."""

from __future__ import annotations

import pytest

from moocforge.analytics.backend import memory_bytes
from moocforge.sizes import parse_size


@pytest.mark.parametrize(("text", "size"), [
    ("800000", 800_000), ("512B", 512), ("64k", 64_000), ("64kB", 64_000),
    ("500M", 500_000_000), (" 3 MB ", 3_000_000), ("2G", 2_000_000_000),
    ("1.5GB", 1_500_000_000), ("1T", 10**12),
    ("64Ki", 64 << 10), ("64KiB", 64 << 10), ("500MiB", 500 << 20), ("1.5GiB", 3 << 29),
    ("2gib", 2 << 30), ("1TiB", 1 << 40),
])
def test_sizes_read_as_ccache_and_duckdb_read_them(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "-1G", "", "2 GiBs", "1.5.2G", "G", "2P", "0x10"])
def test_what_is_not_a_size_says_so(text: str) -> None:
    assert parse_size(text) is None


def test_a_memory_cap_that_is_not_a_size_names_what_would_be() -> None:
    assert memory_bytes("2GB") == 2_000_000_000  # DuckDB's own reading of its settings
    with pytest.raises(ValueError, match=r"not a memory size: 'lots'.*2GiB"):
        memory_bytes("lots")
