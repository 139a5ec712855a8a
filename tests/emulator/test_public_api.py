"""The package's public surface."""

from __future__ import annotations

import fugaku_emulator


def test_all_names_exist() -> None:
    for name in fugaku_emulator.__all__:
        assert hasattr(fugaku_emulator, name), name


def test_all_is_sorted_and_public() -> None:
    names = fugaku_emulator.__all__
    assert list(names) == sorted(names)
    assert all(not name.startswith("_") for name in names)
