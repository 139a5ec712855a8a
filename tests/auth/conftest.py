"""Fixtures for fugaku_auth: loopback providers, a fake provider, isolation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._fake import FakeIdP
from ._providers import EmulatorProvider, NodeProvider


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need node's oidc-provider (``-m oidc_provider``)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        on_node = "idp" in names and "[oidc-provider" in item.name
        if "oidc_provider" in names or on_node:
            item.add_marker(pytest.mark.oidc_provider)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real config or token directories, nor a real proxy."""
    home = tmp_path / "fugaku-home"
    monkeypatch.setenv("FUGAKU_HOME", str(home))
    for name in ("FUGAKU_TOKEN_DIR", "FUGAKU_CONFIG", "FUGAKU_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    # Loopback traffic must never be routed through a machine-wide proxy.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FUGAKU_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return home


@pytest.fixture
def fake() -> FakeIdP:
    return FakeIdP()


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[NodeProvider]:
    """panva's oidc-provider on 127.0.0.1 (tests/oidc_provider/server.mjs)."""
    try:
        with NodeProvider.running() as provider:
            yield provider
    except RuntimeError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"oidc-provider unavailable: {exc}")


@pytest.fixture(scope="session")
def emulator_idp() -> Iterator[EmulatorProvider]:
    """fugaku_emulator's identity provider, through its documented interface."""
    emulator = pytest.importorskip("fugaku_emulator")
    if not hasattr(emulator, "Emulator"):
        pytest.skip("fugaku_emulator.Emulator has not landed yet")
    config: Any = emulator.EmulatorConfig(
        submit_delay=0.0, token_lifetime=300, rotate_refresh_tokens=True
    )
    with emulator.Emulator(config) as emu:
        yield EmulatorProvider(emu)


@pytest.fixture(params=["oidc-provider", "emulator"])
def idp(request: pytest.FixtureRequest) -> Any:
    """Each loopback provider in turn, for the shared integration tests."""
    name = "oidc_provider" if request.param == "oidc-provider" else "emulator_idp"
    return request.getfixturevalue(name)
