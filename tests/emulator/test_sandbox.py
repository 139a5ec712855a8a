"""Path escapes: nothing outside the sandbox root is read or written."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, Sandbox, SandboxError

from ._helpers import HOME, error_body

ESCAPES = [
    "/file/computer/home/u10001/../../../../etc/passwd",
    "/file/computer/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/file/computer/home/u10001/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/file/computer/..%2f..%2f..%2fetc%2fpasswd",
    "/file/computer/home/u10001/a%00.txt",
]


def raw_get(client: httpx.Client, target: str) -> httpx.Response:
    """Send ``target`` byte for byte (httpx would fold ``..`` otherwise)."""
    request = client.build_request("GET", target)
    request.extensions["target"] = target.encode("ascii")
    return client.send(request)


@pytest.mark.parametrize("target", ESCAPES)
def test_download_escapes_are_refused(api_client: httpx.Client, target: str) -> None:
    response = raw_get(api_client, target)
    assert response.status_code == 400
    assert b"root:" not in response.content


@pytest.mark.parametrize("target", ESCAPES)
def test_upload_escapes_are_refused(
    api_client: httpx.Client, emulator: Emulator, target: str
) -> None:
    request = api_client.build_request("PUT", target, files={"file": ("x", b"owned")})
    request.extensions["target"] = target.replace("passwd", "owned").encode()
    assert api_client.send(request).status_code == 400
    assert not (emulator.sandbox_root.parent / "owned").exists()


def test_absolute_paths_stay_inside(api_client: httpx.Client) -> None:
    """``/etc/passwd`` means the sandbox's /etc/passwd, which does not exist."""
    error_body(api_client.get("/file/computer/etc/passwd"), 400)
    error_body(api_client.get("/file/computer/%2Fetc%2Fpasswd"), 400)


def test_symlink_out_is_refused(
    api_client: httpx.Client, emulator: Emulator, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    os.symlink(outside, emulator.local_home / "link")
    os.symlink(outside / "secret.txt", emulator.local_home / "file-link")
    error_body(api_client.get(f"/file/computer/{HOME}/link/secret.txt"), 400)
    error_body(api_client.get(f"/file/computer/{HOME}/file-link"), 400)
    error_body(
        api_client.get(f"/file/computer/{HOME}/link/", params={"view": "read"}), 400
    )
    files = {"file": ("x", b"x")}
    error_body(api_client.put(f"/file/computer/{HOME}/link/new.txt", files=files), 400)
    error_body(api_client.put(f"/file/computer/{HOME}/file-link", files=files), 400)
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert (outside / "secret.txt").read_text() == "secret"


def test_symlink_inside_is_followed(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    (emulator.local_home / "real.txt").write_text("inside")
    os.symlink(emulator.local_home / "real.txt", emulator.local_home / "alias.txt")
    assert api_client.get(f"/file/computer/{HOME}/alias.txt").content == b"inside"


@pytest.mark.parametrize(
    "remote",
    ["../etc", "home/../../x", "a\x00b", "", "/home/u/../../.."],
)
def test_resolve_refuses(tmp_path: Path, remote: str) -> None:
    sandbox = Sandbox(tmp_path / "root", "u")
    with pytest.raises(SandboxError):
        sandbox.resolve(remote)


def test_resolve_maps_absolute_and_relative(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "root", "u")
    assert sandbox.resolve("/home/u/x") == sandbox.home / "x"
    assert sandbox.resolve("home/u/x") == sandbox.home / "x"
    assert sandbox.resolve("x", base="/home/u") == sandbox.home / "x"
    assert sandbox.to_remote(sandbox.home / "x") == "/home/u/x"


def test_home_from_a_command_reaches_the_same_files(api_client: httpx.Client) -> None:
    """``echo $HOME`` shows the local sandbox path; the file API accepts it."""
    output = api_client.post("/command/computer/", json={"command": "echo $HOME"})
    home = output.json()["output"].strip()
    files = {"file": ("x", b"via $HOME")}
    assert api_client.put(f"/file/computer{home}/h.txt", files=files).status_code == 200
    assert api_client.get(f"/file/computer/{HOME}/h.txt").content == b"via $HOME"


def test_local_root_prefix_maps_inside(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "root", "u")
    local = sandbox.root.as_posix()
    assert sandbox.resolve(f"{local}/home/u/x") == sandbox.home / "x"
    assert sandbox.resolve(local) == sandbox.root
    with pytest.raises(SandboxError):
        sandbox.resolve(f"{local}/../x")
