"""OIDCAuth plugged into the generated client, against the emulator's WebAPI."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import pytest

from fugaku_auth import OIDCAuth, ProviderConfig, exchange_code, start_login

webapi = pytest.importorskip("fugaku_webapi")
from fugaku_webapi.api.status import list_machines  # noqa: E402


def _auth(emulator_idp: Any) -> OIDCAuth:
    provider = ProviderConfig.discover(emulator_idp.metadata_url)
    attempt = start_login(provider, emulator_idp.client)
    redirect = emulator_idp.approve(attempt.url)
    tokens = exchange_code(provider, emulator_idp.client, attempt, redirect)
    expired = dataclasses.replace(tokens, expires_at=time.time() - 1)
    return OIDCAuth(provider, emulator_idp.client, expired)


def test_same_auth_object_serves_sync_and_async(emulator_idp: Any) -> None:
    auth = _auth(emulator_idp)
    client = webapi.Client(
        base_url=emulator_idp.emu.api_url, httpx_args={"auth": auth}, timeout=None
    )
    with client:
        assert list_machines.sync_detailed(client=client).status_code == 200
    assert auth.refresh_count == 1

    async def call() -> int:
        async with client:
            response = await list_machines.asyncio_detailed(client=client)
        return int(response.status_code)

    assert asyncio.run(call()) == 200
    assert auth.refresh_count == 1


def test_api_401_is_refreshed_and_retried(emulator_idp: Any) -> None:
    auth = _auth(emulator_idp)
    client = webapi.Client(base_url=emulator_idp.emu.api_url, httpx_args={"auth": auth})
    provider = ProviderConfig.discover(emulator_idp.metadata_url)
    with client:
        assert list_machines.sync_detailed(client=client).status_code == 200
        assert auth.tokens is not None
        emulator_idp.revoke_access_token(provider, auth.tokens.access_token)
        assert list_machines.sync_detailed(client=client).status_code == 200
    assert auth.refresh_count == 2
