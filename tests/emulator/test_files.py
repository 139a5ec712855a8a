"""E4-E6: create-only upload, overwrite, streamed download, listing."""

from __future__ import annotations

import hashlib
import os
import re
import tracemalloc
from collections.abc import Iterator

import httpx
import pytest

from fugaku_emulator import Emulator
from fugaku_webapi_strict import models as strict

from ._helpers import HOME, error_body, strict_body, text_output

MiB = 1024 * 1024


def upload(client: httpx.Client, method: str, path: str, data: bytes) -> httpx.Response:
    files = {"file": ("payload.bin", data, "application/octet-stream")}
    return client.request(method, f"/file/computer/{path}", files=files)


def test_post_creates_then_409(api_client: httpx.Client, emulator: Emulator) -> None:
    assert text_output(upload(api_client, "POST", f"{HOME}/a.txt", b"one")) == "0"
    body = error_body(upload(api_client, "POST", f"{HOME}/a.txt", b"two"), 409)
    assert (body.err_id, body.err_msg, body.error) == (
        "E002011",
        "Already file exists.",
        "Conflict Error",
    )
    assert (emulator.local_home / "a.txt").read_bytes() == b"one"


def test_put_overwrites_and_creates(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    assert text_output(upload(api_client, "PUT", f"{HOME}/b.txt", b"first")) == "0"
    assert text_output(upload(api_client, "PUT", f"{HOME}/b.txt", b"second")) == "0"
    assert (emulator.local_home / "b.txt").read_bytes() == b"second"


def test_binary_round_trip(api_client: httpx.Client) -> None:
    data = bytes(range(256)) * 64 + b"\r\n--+++\r\n" + b"\x00" * 10
    text_output(upload(api_client, "POST", f"{HOME}/bin.dat", data))
    response = api_client.get(f"/file/computer/{HOME}/bin.dat")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.content == data


def test_path_with_encoded_leading_slash(api_client: httpx.Client) -> None:
    """The generated client quotes with safe="": /file/computer/%2Fhome%2F..."""
    text_output(upload(api_client, "PUT", f"{HOME}/enc.txt", b"x"))
    response = api_client.get("/file/computer/%2Fhome%2Fu10001%2Fenc.txt")
    assert response.content == b"x"


def test_download_missing_is_e002002(api_client: httpx.Client) -> None:
    body = error_body(api_client.get(f"/file/computer/{HOME}/nope"), 400)
    assert (body.err_id, body.err_msg, body.error) == (
        "E002002",
        "File Download Error",
        "IO Error",
    )


def test_download_directory_without_listing_is_400(api_client: httpx.Client) -> None:
    error_body(api_client.get(f"/file/computer/{HOME}"), 400)


def test_tilde_is_not_expanded(api_client: httpx.Client) -> None:
    text_output(upload(api_client, "PUT", f"{HOME}/t.txt", b"x"))
    error_body(api_client.get("/file/computer/~/t.txt"), 400)
    error_body(upload(api_client, "PUT", "~/t.txt", b"x"), 400)


def test_upload_into_missing_directory_is_io_error(api_client: httpx.Client) -> None:
    body = error_body(upload(api_client, "PUT", f"{HOME}/no/such/x", b"x"), 400)
    assert body.error == "IO Error"


def test_upload_without_file_field_is_422(api_client: httpx.Client) -> None:
    response = api_client.post(
        f"/file/computer/{HOME}/c.txt", files={"other": ("x", b"x")}
    )
    assert response.status_code == 422
    body = strict_body(strict.ValidationError, response)
    assert body.detail[0].loc == ["body", "file"]
    assert body.detail[0].type == "value_error.missing"


def test_upload_not_multipart_is_422(api_client: httpx.Client) -> None:
    response = api_client.post(f"/file/computer/{HOME}/c.txt", content=b"raw")
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("suffix", "params"),
    [("/", {"view": "read"}), ("/", {}), ("", {"view": "read"})],
)
def test_listing_forms(
    api_client: httpx.Client, suffix: str, params: dict[str, str]
) -> None:
    text_output(upload(api_client, "PUT", f"{HOME}/list-me.txt", b"12345"))
    (api_client.post("/command/computer/", json={"command": "mkdir -p ~/sub"}))
    output = text_output(
        api_client.get(f"/file/computer/{HOME}{suffix}", params=params)
    )
    lines = output.splitlines()
    assert lines[0].startswith("total ")
    entry = next(line for line in lines if line.endswith(" list-me.txt"))
    assert re.match(
        r"-rw-r--r-- +1 u10001 hp120001 +5 \w{3} [ \d]\d \d\d:\d\d list-me.txt", entry
    )
    assert any(line.startswith("d") and line.endswith(" sub") for line in lines)


def test_listing_of_missing_directory_is_400(api_client: httpx.Client) -> None:
    error_body(
        api_client.get(f"/file/computer/{HOME}/ghost/", params={"view": "read"}), 400
    )


def test_overwrite_keeps_permissions(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    text_output(upload(api_client, "PUT", f"{HOME}/run.sh", b"#!/bin/sh\n"))
    os.chmod(emulator.local_home / "run.sh", 0o744)
    text_output(upload(api_client, "PUT", f"{HOME}/run.sh", b"#!/bin/sh\necho\n"))
    assert (emulator.local_home / "run.sh").stat().st_mode & 0o777 == 0o744


def _multipart(size: int, boundary: str) -> Iterator[bytes]:
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    chunk = b"\xab" * MiB
    for _ in range(size // MiB):
        yield chunk
    yield f"\r\n--{boundary}--\r\n".encode()


@pytest.mark.parametrize(
    "size", [64 * MiB, pytest.param(1024 * MiB, marks=pytest.mark.slow, id="1GiB")]
)
def test_large_upload_and_download_stream(
    api_client: httpx.Client, emulator: Emulator, size: int
) -> None:
    """Both directions stream: the memory peak stays small whatever the size."""
    boundary = "emulator-test-boundary"
    tracemalloc.start()
    try:
        response = api_client.put(
            f"/file/computer/{HOME}/big.bin",
            content=_multipart(size, boundary),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert text_output(response) == "0"
        digest = hashlib.sha256()
        with api_client.stream("GET", f"/file/computer/{HOME}/big.bin") as stream:
            assert stream.headers["content-length"] == str(size)
            for piece in stream.iter_bytes():
                digest.update(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (emulator.local_home / "big.bin").stat().st_size == size
    expected = hashlib.sha256()
    for _ in range(size // MiB):
        expected.update(b"\xab" * MiB)
    assert digest.hexdigest() == expected.hexdigest()
    assert peak < 24 * MiB
    assert not list(emulator.local_home.glob(".upload-*"))


def test_409_after_a_large_body_is_answered_cleanly(api_client: httpx.Client) -> None:
    text_output(upload(api_client, "POST", f"{HOME}/exists.bin", b"x"))
    response = upload(api_client, "POST", f"{HOME}/exists.bin", b"y" * (8 * MiB))
    assert error_body(response, 409).err_msg == "Already file exists."
    assert api_client.get("/status/").status_code == 200
