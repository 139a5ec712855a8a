"""The public surface: everything in __all__ exists, nothing private leaks."""

from __future__ import annotations

from pathlib import Path

import fugaku_auth

FORBIDDEN = ("import fugaku\n", "from fugaku ", "fugaku_emulator", "fugaku_webapi")


def test_all_is_complete_and_sorted() -> None:
    public = {name for name in dir(fugaku_auth) if not name.startswith("_")}
    assert set(fugaku_auth.__all__) == public
    assert all(hasattr(fugaku_auth, name) for name in fugaku_auth.__all__)


def test_errors_share_one_root() -> None:
    errors = [getattr(fugaku_auth, n) for n in fugaku_auth.__all__]
    errors = [e for e in errors if isinstance(e, type) and issubclass(e, Exception)]
    assert len(errors) >= 12
    assert all(issubclass(e, fugaku_auth.AuthError) for e in errors)


def test_imports_nothing_else_of_ours() -> None:
    package = Path(fugaku_auth.__file__).parent
    for source in package.glob("*.py"):
        text = source.read_text()
        for other in FORBIDDEN:
            assert other not in text, (source.name, other)
