"""TokenStore: 0600, atomic writes, directories, corruption, keyring backend."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from fugaku_auth import (
    KeyringTokenStore,
    TokenStore,
    TokenStoreError,
    default_token_dir,
)

from ._fake import fresh_tokens


def test_file_is_0600_in_a_0700_directory(tmp_path: Path) -> None:
    store = TokenStore("alice", tmp_path / "tokens")
    store.save(fresh_tokens())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_round_trip_and_delete(tmp_path: Path) -> None:
    store = TokenStore("default", tmp_path)
    assert store.load() is None
    tokens = fresh_tokens()
    store.save(tokens)
    assert store.load() == tokens
    store.delete()
    assert store.load() is None


def test_save_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = TokenStore("p", tmp_path)
    for _ in range(5):
        store.save(fresh_tokens())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


def test_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TokenStore("p", tmp_path)
    old = fresh_tokens()
    store.save(old)

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(TokenStoreError):
        store.save(fresh_tokens())
    monkeypatch.undo()
    assert store.load() == old
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]


def test_loose_permissions_are_fixed_on_read(tmp_path: Path) -> None:
    store = TokenStore("p", tmp_path)
    store.save(fresh_tokens())
    store.path.chmod(0o644)
    store.load()
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"version": 1}', '{"version": 7}']
)
def test_corrupt_store_is_a_typed_error(tmp_path: Path, content: str) -> None:
    store = TokenStore("p", tmp_path)
    store.path.write_text(content)
    with pytest.raises(TokenStoreError):
        store.load()


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe{}",
        b'{"version": 1, "access_token": "a", "expires_at": "soon"}',
        b'{"version": 1, "access_token": "a", "received_at": null}',
        b'{"version": 1, "access_token": "a", "refresh_token": 5}',
        b'{"version": 1, "access_token": "a", "scope": ["openid"]}',
    ],
)
def test_garbled_store_is_a_typed_error_when_loaded(
    tmp_path: Path, content: bytes
) -> None:
    store = TokenStore("p", tmp_path)
    store.path.write_bytes(content)
    with pytest.raises(TokenStoreError, match="corrupt"):
        store.load()


@pytest.mark.parametrize("profile", ["../evil", "a/b", "", ".hidden", "x" * 80])
def test_profile_names_cannot_escape_the_directory(profile: str) -> None:
    with pytest.raises(TokenStoreError):
        TokenStore(profile)


def test_directory_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUGAKU_HOME", str(tmp_path / "home"))
    assert default_token_dir() == tmp_path / "home" / "tokens"
    monkeypatch.setenv("FUGAKU_TOKEN_DIR", str(tmp_path / "t"))
    assert TokenStore("x").path == tmp_path / "t" / "x.json"


def test_lock_excludes_other_holders_until_released(tmp_path: Path) -> None:
    store, other = (
        TokenStore("p", tmp_path),
        TokenStore("p", tmp_path, lock_timeout=0.1),
    )
    with store.lock(), pytest.raises(TokenStoreError):
        other.acquire()
    with other.lock():
        pass


def test_repr_does_not_show_tokens(tmp_path: Path) -> None:
    store = TokenStore("p", tmp_path)
    tokens = fresh_tokens()
    store.save(tokens)
    assert tokens.access_token not in repr(store)


class MemoryKeyring:
    """A keyring backend living in a dict (the real one needs a desktop)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.items.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.items[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        import keyring.errors

        if (service, user) not in self.items:
            raise keyring.errors.PasswordDeleteError(user)
        del self.items[(service, user)]


def test_keyring_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    backend: Any = MemoryKeyring()
    for name in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(keyring, name, getattr(backend, name))
    store = KeyringTokenStore("p", directory=tmp_path)
    assert store.load() is None
    tokens = fresh_tokens()
    store.save(tokens)
    assert store.load() == tokens
    assert ("fugaku-sdk", "p") in backend.items
    with store.lock():
        pass
    store.delete()
    store.delete()
    assert store.load() is None


def test_store_and_auth_survive_pickling(tmp_path: Path) -> None:
    import pickle

    import httpx

    from fugaku_auth import OIDCAuth

    from ._fake import CLIENT, FakeIdP, provider

    fake = FakeIdP()
    store = TokenStore("p", tmp_path)
    store.save(fake.tokens())
    auth = OIDCAuth(provider(), CLIENT, store=store, http_args={"timeout": 5.0})
    copy = pickle.loads(pickle.dumps(auth))
    assert copy.store is not None
    assert copy.store.path == store.path
    with copy.store.lock():
        pass
    with httpx.Client(auth=copy, transport=fake.transport()) as http:
        assert http.get("https://api.test/status/").status_code == 200
    assert copy.tokens == store.load()
