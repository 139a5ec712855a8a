"""What the generated client puts on the wire for uploads and remote paths.

The two template overrides in generator/templates exist for these cases: a
fixed multipart boundary `+++` let a payload containing "\\r\\n--+++" cut the
upload short, and the stock path quoting sent `/` as `%2F`.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
from urllib.parse import unquote

import httpx
import pytest

import fugaku_webapi
from fugaku_webapi.api.file import list_directory, overwrite_file, upload_file
from fugaku_webapi.models import FileUpload
from fugaku_webapi.types import File

PAYLOAD = b"line one\r\n--+++\r\nnot a part header\r\n--+++--\r\n\x00\xff tail"
NASTY_PATH = "home/u10001/dir with space/a#b%c?d/データ 100%.txt"


class Recorder:
    """A MockTransport handler that keeps every request it answers."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200, json={"status": "OK", "output": "0", "error": ""})


def _client(recorder: Recorder) -> fugaku_webapi.Client:
    return fugaku_webapi.Client(
        base_url="http://127.0.0.1:9",
        httpx_args={"transport": httpx.MockTransport(recorder)},
    )


def _file_part(request: httpx.Request) -> bytes:
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        head + request.content
    )
    parts = list(message.iter_parts())
    assert len(parts) == 1
    assert parts[0].get_param("name", header="content-disposition") == "file"
    body = parts[0].get_payload(decode=True)
    assert isinstance(body, bytes)
    return body


@pytest.mark.parametrize("endpoint", [upload_file, overwrite_file])
def test_upload_body_survives_boundary_lookalike(endpoint: object) -> None:
    recorder = Recorder()
    body = FileUpload(file=File(payload=io.BytesIO(PAYLOAD), file_name="x.bin"))

    endpoint.sync_detailed(  # type: ignore[attr-defined]
        "computer", "home/u10001/x.bin", client=_client(recorder), body=body
    )

    request = recorder.requests[0]
    boundary = request.headers["content-type"].split("boundary=")[1]
    assert boundary != "+++"
    assert len(boundary) >= 16
    assert _file_part(request) == PAYLOAD


def test_remote_path_keeps_slashes_and_encodes_the_rest() -> None:
    recorder = Recorder()
    body = FileUpload(file=File(payload=io.BytesIO(b"x"), file_name="x"))

    upload_file.sync_detailed(
        "computer", NASTY_PATH, client=_client(recorder), body=body
    )

    raw_path = recorder.requests[0].url.raw_path.decode("ascii")
    assert raw_path.startswith("/file/computer/home/u10001/dir%20with%20space/")
    assert "?" not in raw_path
    assert "#" not in raw_path
    assert "%23" in raw_path
    assert "%3F" in raw_path
    assert "%25" in raw_path
    assert unquote(raw_path) == f"/file/computer/{NASTY_PATH}"


def test_listing_sends_trailing_slash_and_view_read() -> None:
    recorder = Recorder()

    list_directory.sync_detailed(
        "computer", "home/u10001/my dir", client=_client(recorder), view="read"
    )

    url = recorder.requests[0].url
    assert url.raw_path == b"/file/computer/home/u10001/my%20dir/?view=read"


def test_machine_and_job_id_quote_every_reserved_character() -> None:
    from fugaku_webapi.api.queue import get_job

    kwargs = get_job._get_kwargs("computer", "1394531[0]")

    assert kwargs["url"] == "/queue/computer/1394531%5B0%5D"
