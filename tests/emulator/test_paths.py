"""Rewriting between the remote view (/home/u10001) and the local sandbox."""

from __future__ import annotations

from pathlib import Path

from fugaku_emulator._paths import CHUNK, PathText


def make(tmp_path: Path) -> PathText:
    root = tmp_path / "root"
    return PathText(root, "/home/u1", root / "home" / "u1")


def test_to_local_only_whole_components(tmp_path: Path) -> None:
    paths = make(tmp_path)
    local = paths.root + "/home/u1"
    assert paths.to_local("cat /home/u1/a") == f"cat {local}/a"
    assert paths.to_local("ls /home/u1") == f"ls {local}"
    assert paths.to_local("ls /home/u10 x/home/u1") == "ls /home/u10 x/home/u1"
    assert paths.to_local(f"echo {local}") == f"echo {local}"


def test_to_remote(tmp_path: Path) -> None:
    paths = make(tmp_path)
    assert paths.to_remote(f"{paths.root}/home/u1\n{paths.root}\n") == "/home/u1\n/\n"
    assert paths.to_remote(f"{paths.root}x") == f"{paths.root}x"


def test_rewrite_file_across_chunks(tmp_path: Path) -> None:
    paths = make(tmp_path)
    line = f"at {paths.root}/home/u1/z\n".encode()
    data = line * (3 * CHUNK // len(line) + 7) + f"end {paths.root}".encode()
    target = tmp_path / "out.txt"
    target.write_bytes(data)
    paths.rewrite_file(target)
    result = target.read_bytes()
    assert paths.root.encode() not in result
    assert result.count(b"at /home/u1/z\n") == data.count(line)
    assert result.endswith(b"end /")


def test_rewrite_leaves_unrelated_files_alone(tmp_path: Path) -> None:
    paths = make(tmp_path)
    target = tmp_path / "plain.bin"
    target.write_bytes(bytes(range(256)))
    before = target.stat().st_mtime_ns
    paths.rewrite_file(target)
    assert target.stat().st_mtime_ns == before
    paths.rewrite_file(tmp_path / "missing")


def test_rewrite_keeps_the_mode(tmp_path: Path) -> None:
    paths = make(tmp_path)
    target = tmp_path / "out.txt"
    target.write_text(f"{paths.root}/home/u1\n")
    target.chmod(0o644)
    paths.rewrite_file(target)
    assert target.read_text() == "/home/u1\n"
    assert target.stat().st_mode & 0o777 == 0o644
