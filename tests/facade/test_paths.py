"""Remote path rules and their encoding on the wire."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from fugaku import InvalidRemotePath
from fugaku._paths import normalise, to_wire

from ._fake import HOME, FakeAPI
from .conftest import Twin


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/u/a.txt", "/home/u/a.txt"),
        ("/home//u/./a.txt", "/home/u/a.txt"),
        ("~", HOME),
        ("~/x/y", f"{HOME}/x/y"),
        ("/", "/"),
    ],
)
def test_paths_normalise(path: str, expected: str) -> None:
    assert normalise(path, HOME) == expected


@pytest.mark.parametrize(
    "path",
    [
        "relative/x",
        "/a/../b",
        "/a/..",
        "~bob/x",
        "/a\x00b",
        "/a\nb",
        "/a\rb",
        "",
        "/x\x7f",
        "/home/u10001/bad\udcffname",  # os.fsdecode of a non-UTF-8 name
    ],
)
def test_unsafe_paths_are_refused(path: str) -> None:
    with pytest.raises(InvalidRemotePath):
        normalise(path, HOME)


def test_tilde_needs_the_home() -> None:
    with pytest.raises(InvalidRemotePath, match="home"):
        normalise("~/x", None)


def test_wire_form_drops_the_leading_slash() -> None:
    assert to_wire("/home/u/a b") == "home/u/a b"


def test_awkward_names_go_out_encoded(api: Twin, fake: FakeAPI) -> None:
    name = "/home/u10001/dir x/a b#c%d?e&f+ü日本.txt"
    api.write_bytes(name, b"payload")
    upload = next(r for r in fake.requests if r.url.path.startswith("/file/"))
    raw = upload.url.raw_path.decode("ascii")
    assert raw.startswith("/file/computer/home/u10001/dir%20x/")
    assert "#" not in raw
    assert "?" not in raw
    assert "%25d" in raw
    assert "%3F" in raw
    assert "%23" in raw
    assert unquote(raw) == "/file/computer" + name
    assert upload.url.query == b""
    assert api.read_bytes(name) == b"payload"


def test_tilde_is_expanded_on_the_client(api: Twin, fake: FakeAPI) -> None:
    api.write_bytes("~/notes.txt", b"x")
    paths = [unquote(r.url.raw_path.decode()) for r in fake.requests]
    assert f"/file/computer{HOME}/notes.txt" in paths
    assert not any("~" in path for path in paths)
    api.write_bytes("~/again.txt", b"y")
    lookups = [r for r in fake.requests if b"id -Gn" in r.content]
    assert len(lookups) == 1


def test_dot_dot_is_refused_before_sending(api: Twin, fake: FakeAPI) -> None:
    with pytest.raises(InvalidRemotePath):
        api.read_bytes("/home/u10001/../../etc/passwd")
    assert fake.requests == []


def test_a_lone_surrogate_is_refused_before_sending(api: Twin, fake: FakeAPI) -> None:
    for operation in (api.read_bytes, api.stat, api.listdir):
        with pytest.raises(InvalidRemotePath, match="valid Unicode"):
            operation("/home/u10001/bad\udcffname")
    with pytest.raises(InvalidRemotePath, match="valid Unicode"):
        api.write_bytes("/home/u10001/x\udcff", b"data")
    assert fake.requests == []
