"""Transfers on the fake: atomic downloads, progress, binary data, replay."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from fugaku import NotFound, Overwrite, TransferError, TransportError
from fugaku_auth import ClientCredentials, OIDCAuth, ProviderConfig, TokenSet

from ._fake import FakeAPI
from .conftest import Twin

BINARY = bytes(range(256)) * 64 + b"\r\n--+++\r\n\xff\xfe"


class BrokenStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Sends some bytes, then fails like a dropped connection."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"x" * 1000
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"x" * 1000
        raise httpx.ReadError("connection reset")


def is_download(request: httpx.Request) -> bool:
    return (
        request.method == "GET"
        and request.url.path.startswith("/file/")
        and "view" not in request.url.params
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_binary_round_trip_with_checksums(
    api: Twin, fake: FakeAPI, tmp_path: Path
) -> None:
    source = tmp_path / "in.bin"
    source.write_bytes(BINARY)
    sent = api.upload(source, "/home/u10001/data.bin", checksum=True)
    assert fake.files["/home/u10001/data.bin"] == BINARY
    assert sent.sha256 == hashlib.sha256(BINARY).hexdigest()
    assert sent.verified == "sha256"
    got = api.download("/home/u10001/data.bin", tmp_path / "out.bin", checksum=True)
    assert (tmp_path / "out.bin").read_bytes() == BINARY
    assert got.sha256 == sent.sha256
    assert got.size == len(BINARY)
    assert leftovers(tmp_path) == ["in.bin", "out.bin"]


def test_progress_is_reported(api: Twin, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    source = tmp_path / "in.bin"
    source.write_bytes(BINARY)
    api.upload(source, "/home/u10001/p.bin", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(BINARY), len(BINARY))
    seen.clear()
    api.download(
        "/home/u10001/p.bin", tmp_path / "o", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (len(BINARY), len(BINARY))


def test_download_to_a_stream(api: Twin, fake: FakeAPI) -> None:
    fake.files["/home/u10001/s"] = b"stream me"
    buffer = io.BytesIO()
    api.download("/home/u10001/s", buffer)
    assert buffer.getvalue() == b"stream me"
    assert api.read_text("/home/u10001/s") == "stream me"


def test_short_download_leaves_no_file(
    api: Twin, fake: FakeAPI, tmp_path: Path
) -> None:
    fake.files["/home/u10001/f"] = b"0123456789"
    fake.overrides.append(
        lambda r: httpx.Response(200, content=b"01234") if is_download(r) else None
    )
    target = tmp_path / "f"
    target.write_bytes(b"previous")
    with pytest.raises(TransferError, match="expected 10"):
        api.download("/home/u10001/f", target)
    assert target.read_bytes() == b"previous"
    assert leftovers(tmp_path) == ["f"]


def test_a_disk_full_at_commit_leaves_no_temporary_file(
    api: Twin, fake: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.files["/home/u10001/f"] = b"0123456789"
    target = tmp_path / "f"
    target.write_bytes(b"previous")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        api.download("/home/u10001/f", target)
    assert target.read_bytes() == b"previous"
    assert leftovers(tmp_path) == ["f"]


def test_dropped_download_is_retried_then_cleaned_up(
    api: Twin, fake: FakeAPI, tmp_path: Path
) -> None:
    fake.files["/home/u10001/f"] = b"x" * 5000
    fake.overrides.append(
        lambda r: httpx.Response(200, stream=BrokenStream()) if is_download(r) else None
    )
    with pytest.raises(TransportError):
        api.download("/home/u10001/f", tmp_path / "f")
    assert sum(1 for r in fake.requests if is_download(r)) == 3
    assert leftovers(tmp_path) == []


def test_missing_remote_file(api: Twin, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        api.download("/home/u10001/none", tmp_path / "none")
    assert leftovers(tmp_path) == []


def test_checksum_mismatch_is_reported(
    api: Twin, fake: FakeAPI, tmp_path: Path
) -> None:
    fake.files["/home/u10001/c"] = b"abc"

    def lie(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.startswith("/command/") and b"sha256sum" in request.content:
            mark = request.content.decode().rsplit("echo ", 1)[1].split('"')[0]
            return httpx.Response(
                200,
                json={
                    "status": "OK",
                    "output": f"{'0' * 64}  x\n{mark}\n",
                    "error": "",
                },
            )
        return None

    fake.overrides.append(lie)
    with pytest.raises(TransferError, match="SHA-256"):
        api.download("/home/u10001/c", tmp_path / "c", checksum=True)
    assert leftovers(tmp_path) == []


def test_mkdir_and_remove_quote_their_paths(api: Twin, fake: FakeAPI) -> None:
    api.mkdir("~/a dir; rm -rf x")
    api.remove("/home/u10001/x'y", recursive=True)
    api.mkdir("/tmp/a b")
    commands = [
        json.loads(r.content)["command"]
        for r in fake.requests
        if r.url.path.startswith("/command/")
    ]
    assert any("""mkdir -p -- "$HOME"/'a dir; rm -rf x'""" in c for c in commands)
    assert any("""rm -rf -- "$HOME"/'x'"'"'y'""" in c for c in commands)
    assert any("mkdir -p -- '/tmp/a b'" in c for c in commands)


def test_account_is_cached(api: Twin, fake: FakeAPI) -> None:
    assert api.home() == "/home/u10001"
    assert api.groups() == ("hp120001", "extra")
    assert api.account().user == "u10001"
    assert sum(1 for r in fake.requests if b"id -Gn" in r.content) == 1


# --- an upload rejected for an expired token is re-sent whole after the refresh ----


def oidc_auth(refreshes: list[int]) -> tuple[OIDCAuth, httpx.MockTransport]:
    def token_endpoint(request: httpx.Request) -> httpx.Response:
        refreshes.append(1)
        return httpx.Response(
            200,
            json={
                "access_token": "fresh",
                "expires_in": 300,
                "token_type": "bearer",
                "refresh_token": "r2",
            },
        )

    token_transport = httpx.MockTransport(token_endpoint)
    provider = ProviderConfig(
        issuer="http://127.0.0.1:9/auth/realms/op",
        token_endpoint="http://127.0.0.1:9/auth/realms/op/protocol/openid-connect/token",
    )
    tokens = TokenSet(access_token="stale", expires_at=10**10, refresh_token="r1")
    auth = OIDCAuth(
        provider,
        ClientCredentials("cid", "secret"),
        tokens=tokens,
        http=httpx.Client(transport=token_transport),
        async_http=httpx.AsyncClient(transport=token_transport),
    )
    return auth, token_transport


def test_rejected_upload_is_resent_from_the_start(
    make_client: Callable[..., Twin], fake: FakeAPI, tmp_path: Path
) -> None:
    refreshes: list[int] = []
    auth, _ = oidc_auth(refreshes)

    def expire_stale(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization") == "Bearer stale":
            return httpx.Response(401)  # no WWW-Authenticate: must not crash
        return None

    fake.overrides.append(expire_stale)
    api = make_client(
        base_url="http://127.0.0.1:9", auth=auth, transport=fake.transport()
    )
    source = tmp_path / "up.bin"
    source.write_bytes(BINARY)
    api.upload(source, "/home/u10001/up.bin", overwrite=Overwrite.REPLACE)
    assert fake.files["/home/u10001/up.bin"] == BINARY
    assert len(refreshes) == 1
    uploads = [i for i, r in enumerate(fake.requests) if r.method == "PUT"]
    assert len(uploads) == 2
    for index in uploads:
        assert BINARY in fake.bodies[index]


def test_a_failing_progress_callback_leaves_no_temporary_file(
    api: Twin, fake: FakeAPI, tmp_path: Path
) -> None:
    fake.files["/home/u10001/p"] = b"x" * 1000

    def explode(done: int, total: int | None) -> None:
        raise RuntimeError("callback failed")

    with pytest.raises(RuntimeError, match="callback failed"):
        api.download("/home/u10001/p", tmp_path / "p", progress=explode)
    assert leftovers(tmp_path) == []


def test_download_into_a_directory_keeps_the_remote_name(
    api: Twin, fake: FakeAPI, tmp_path: Path
) -> None:
    fake.files["/home/u10001/named.txt"] = b"n"
    result = api.download("/home/u10001/named.txt", tmp_path)
    assert (tmp_path / "named.txt").read_bytes() == b"n"
    assert result.local_path == str(tmp_path / "named.txt")
