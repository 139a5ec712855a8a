"""Clients sharing one token store survive a server-side token invalidation.

Found by the soak (a sync and an async client, one store, tokens expired
early): after a 401, a client adopted the token another client had saved
earlier without refreshing, and that token was dead too, so the call ended
with "log in again". Only tokens received after the rejected request took
its token are adopted now; older ones are refreshed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fugaku import Fugaku, Overwrite
from fugaku_auth import (
    ClientCredentials,
    OIDCAuth,
    ProviderConfig,
    TokenSet,
    TokenStore,
)
from fugaku_emulator import Emulator


@pytest.fixture
def pair(emulator: Emulator, tmp_path: Path) -> Iterator[tuple[Fugaku, Fugaku]]:
    store = TokenStore("shared", tmp_path / "tokens")
    store.save(TokenSet.from_response(emulator.token_response()))
    provider = ProviderConfig.discover(emulator.metadata_url)
    credentials = ClientCredentials(
        emulator.client_id, emulator.client_secret, emulator.redirect_uri
    )

    def client() -> Fugaku:
        auth = OIDCAuth(provider, credentials, store=store)
        return Fugaku(emulator.api_url, auth=auth)

    with client() as first, client() as second:
        yield first, second


def test_a_stored_token_older_than_the_rejection_is_refreshed(
    emulator: Emulator, pair: tuple[Fugaku, Fugaku]
) -> None:
    first, second = pair
    first.machines()
    second.machines()
    emulator.faults.expire_tokens()
    first.machines()  # refreshes and saves a new token to the store
    emulator.faults.expire_tokens()  # which dies too, server-side

    assert second.machines()[0].machine == "computer"
    assert first.machines()[0].machine == "computer"


def test_an_upload_replayed_after_the_rejection_refreshes_too(
    emulator: Emulator, pair: tuple[Fugaku, Fugaku]
) -> None:
    first, second = pair
    first.machines()
    second.write_bytes("/home/u10001/a.txt", b"one", overwrite=Overwrite.REPLACE)
    emulator.faults.expire_tokens()
    first.machines()
    emulator.faults.expire_tokens()

    result = second.write_bytes(
        "/home/u10001/a.txt", b"two", overwrite=Overwrite.REPLACE
    )

    assert result.size == 3
    assert (emulator.local_home / "a.txt").read_bytes() == b"two"
