"""``pjsub``, ``pjstat`` and ``pjdel`` inside the sandbox, as on a login node.

Commands and job scripts find these on their ``PATH``. They call the
emulator's own WebAPI (URL and a tools token in the environment), so a
``pjsub`` typed into ``POST /command`` lands in the same scheduler. Output
follows the real tools' messages where they are documented; the ``pjstat``
table is a simplified rendition.
"""

from __future__ import annotations

import os
import shlex
import ssl
import sys
from pathlib import Path
from typing import Any, TextIO

import httpx

__all__ = ["main"]

COLUMNS = ("JOB_ID", "JOB_NAME", "MD", "ST", "USER", "START_DATE", "ELAPSE_LIM", "NODE")


def main(tool: str, argv: list[str] | None = None) -> int:
    """Run ``tool`` (``pjsub``, ``pjstat`` or ``pjdel``) with ``argv``."""
    args = sys.argv[1:] if argv is None else argv
    runners = {"pjsub": _pjsub, "pjstat": _pjstat, "pjdel": _pjdel}
    with _client() as client:
        return runners[tool](client, args, sys.stdout, sys.stderr)


def _client() -> httpx.Client:
    """An httpx client for the emulator that started this process."""
    verify: ssl.SSLContext | bool = True
    ca = os.environ.get("FUGAKU_EMULATOR_CA")
    if ca:
        verify = ssl.create_default_context(cafile=ca)
    token = os.environ["FUGAKU_EMULATOR_TOKEN"]
    return httpx.Client(
        base_url=os.environ["FUGAKU_EMULATOR_URL"],
        headers={"Authorization": f"Bearer {token}"},
        verify=verify,
        timeout=120.0,
    )


def _pjsub(client: httpx.Client, args: list[str], out: TextIO, err: TextIO) -> int:
    """``pjsub [options] [script]``; without a script, read it from stdin."""
    options, script = _split_script(args)
    body: dict[str, str] = {"qopt": shlex.join(options)}
    if script is None:
        body["jobscript"] = sys.stdin.read()
    else:
        body["jobfile"] = str(Path(script).absolute())
    response = client.post("/queue/computer/", json=body)
    return _report(response, out, err)


def _pjstat(client: httpx.Client, args: list[str], out: TextIO, err: TextIO) -> int:
    """``pjstat [-H] [jobid]``: the queue, or the history with ``-H``."""
    path = "/queue/computer/sacct" if "-H" in args else "/queue/computer"
    ids = [arg for arg in args if not arg.startswith("-")]
    params = {"jobid": ids[0]} if ids else {}
    response = client.get(path, params=params)
    body: dict[str, Any] = response.json()
    if response.status_code != 200:
        print(body.get("err_msg", body), file=err)
        return 1
    records = body.get("output") if body.get("status") == "OK" else []
    print(_table(records or []), file=out)
    return 0


def _pjdel(client: httpx.Client, args: list[str], out: TextIO, err: TextIO) -> int:
    """``pjdel jobid...``."""
    if not args:
        print("[ERR.] PJM 0007 pjdel Job ID is not specified.", file=err)
        return 1
    codes = [_report(client.delete(f"/queue/computer/{jid}"), out, err) for jid in args]
    return max(codes)


def _report(response: httpx.Response, out: TextIO, err: TextIO) -> int:
    """Print an envelope's output, or its error message; return the exit code."""
    body: dict[str, Any] = response.json()
    if response.status_code == 200:
        print(body.get("output", ""), file=out)
        return 0
    print(body.get("err_msg", body), file=err)
    return 1


def _split_script(args: list[str]) -> tuple[list[str], str | None]:
    """Separate pjsub options from the trailing script path."""
    with_value = {"-L", "--rsc-list", "-N", "--name", "-o", "--out", "-e", "--err"}
    with_value |= {"-g", "--sparam", "-x", "-m", "--mpi", "-p", "-z", "--llio"}
    index, options = 0, []
    while index < len(args) and args[index].startswith("-"):
        options.append(args[index])
        if args[index] in with_value and index + 1 < len(args):
            options.append(args[index + 1])
            index += 1
        index += 1
    rest = args[index:]
    return options, rest[0] if rest else None


def _table(records: list[dict[str, Any]]) -> str:
    """A pjstat-like table of job records."""
    rows = [COLUMNS]
    for record in records:
        rows.append(
            (
                str(record.get("jid", "")),
                str(record.get("name", "")),
                "NM",
                str(record.get("status", "")),
                str(record.get("user", "")),
                str(record.get("start_time") or "-"),
                str(record.get("elapse_limit", "")),
                str(record.get("node_num", "")),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join(
        " ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    )
