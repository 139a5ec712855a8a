"""``fugaku ls``, ``get``, ``put`` and ``exec``."""

from __future__ import annotations

import os
import posixpath
import shlex
import sys
from typing import TYPE_CHECKING

import click

from ._cli_common import App, from_home, json_option, pass_app
from ._console import entry_data, transfer_data

if TYPE_CHECKING:
    from ._models import TransferResult

__all__ = ["exec_command", "get", "ls", "put"]


@click.command()
@click.argument("path", default="~")
@json_option
@pass_app
def ls(app: App, path: str) -> None:
    """List a remote directory (default: your home).

    Relative paths are taken from your home.
    """
    entries = app.client().listdir(from_home(path))
    if app.ui.as_json:
        app.ui.json([entry_data(entry) for entry in entries])
        return
    rows = [
        (entry.mode, entry.size, entry.modified, _name(entry.name, entry.is_dir))
        for entry in entries
    ]
    app.ui.table(["MODE", "SIZE", "MODIFIED", "NAME"], rows)


@click.command()
@click.argument("remote")
@click.argument("local", required=False, type=click.Path(allow_dash=True))
@json_option
@pass_app
def get(app: App, remote: str, local: str | None) -> None:
    """Download a remote file (to LOCAL, a directory, or - for stdout).

    Relative remote paths are taken from your home. A local file is written
    atomically and its size checked.
    """
    remote = from_home(remote)
    target = _local_target(remote, local)
    with app.ui.transfer(f"get {posixpath.basename(remote)}") as progress:
        if target == "-":
            result = app.client().download(remote, sys.stdout.buffer, progress=progress)
        else:
            result = app.client().download(remote, target, progress=progress)
    if target == "-":
        return
    _print_transfer(app, "Downloaded", result.remote_path, target, result)


@click.command()
@click.argument("local", type=click.Path(exists=True, dir_okay=False))
@click.argument("remote", required=False)
@click.option("--overwrite", is_flag=True, help="Replace the remote file if it exists.")
@json_option
@pass_app
def put(app: App, local: str, remote: str | None, overwrite: bool) -> None:
    """Upload a local file (to REMOTE, or a directory ending in /).

    REMOTE defaults to your home; relative paths are taken from it. An
    existing remote file is replaced only with --overwrite (else exit 7).
    """
    from ._flows import Overwrite
    from .error import AlreadyExists

    target = _remote_target(local, remote)
    policy = Overwrite.REPLACE if overwrite else Overwrite.ERROR
    try:
        with app.ui.transfer(f"put {os.path.basename(local)}") as progress:
            result = app.client().upload(
                local, target, overwrite=policy, progress=progress
            )
    except AlreadyExists as exc:
        exc.args = (f"{target} exists on the machine; add --overwrite to replace it.",)
        raise
    _print_transfer(app, "Uploaded", local, result.remote_path, result)


@click.command("exec", context_settings={"allow_interspersed_args": False})
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@json_option
@pass_app
def exec_command(app: App, command: tuple[str, ...]) -> None:
    """Run a command on a login node and print its standard output.

    Example: fugaku exec -- 'ls -l ~ | head'

    One argument is a shell command line as is; several are quoted word by
    word. The WebAPI returns standard output only, not the exit status.
    """
    line = command[0] if len(command) == 1 else shlex.join(command)
    output = app.client().command(line)
    if app.ui.as_json:
        app.ui.json({"command": line, "output": output})
        return
    app.ui.text(output if not output or output.endswith("\n") else output + "\n")


def _local_target(remote: str, local: str | None) -> str:
    name = posixpath.basename(remote.rstrip("/"))
    if local is None:
        return name
    if os.path.isdir(local):
        return os.path.join(local, name)
    return local


def _remote_target(local: str, remote: str | None) -> str:
    name = os.path.basename(local)
    target = from_home(remote or "~/")
    if target.endswith("/") or target == "~":
        return posixpath.join(target, name)
    return target


def _print_transfer(
    app: App, verb: str, source: str, dest: str, result: TransferResult
) -> None:
    if app.ui.as_json:
        app.ui.json(transfer_data(result))
        return
    app.ui.message(f"{verb} {source} -> {dest} ({result.size} bytes).")


def _name(name: str, is_dir: bool) -> str:
    return name + "/" if is_dir else name
