"""E3: shell commands on the emulated login node.

The command runs through ``bash -c`` as the local user, with ``HOME`` set
to the sandboxed home and the home as working directory, under a time
limit. It is a real shell: it can read and write anything the local user
can. That is the service's nature (a login node), and why the emulator binds
to loopback and demands a valid token. ``restricted`` mode runs nothing.

There is no chroot: the shell works on local paths, and ``_paths.PathText``
rewrites ``/home/<account>`` in the command and the sandbox root in the
output, so that ``echo $HOME`` prints ``/home/u10001`` as on Fugaku.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from ._bodies import BodyError, read_json_body
from ._context import ApiContext
from ._responses import error, text

__all__ = ["CommandHandlers", "job_environment"]

logger = logging.getLogger("fugaku.emulator")


def job_environment(account: str, home: Path) -> dict[str, str]:
    """The environment of commands and jobs: the sandboxed account's."""
    return {
        "HOME": str(home),
        "PWD": str(home),
        "USER": account,
        "LOGNAME": account,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "SHELL": "/bin/bash",
    }


class CommandHandlers:
    """Handler of ``POST /command/{machine}/``."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context

    async def run(self, request: Request) -> Response:
        """Run ``{"command": ...}``; ``output`` is its standard output.

        Standard error goes to ``error`` (undocumented on the real service).
        A command over the time limit is killed and answered with 500.
        """
        refused = self.context.bad_machine(request, "command")
        if refused is not None:
            return refused
        try:
            body = await read_json_body(request, required=("command",))
        except BodyError as exc:
            return exc.response
        command = body["command"]
        if self.context.config.restricted:
            return text(command)
        return await self._execute(self.context.paths.to_local(command))

    async def _execute(self, command: str) -> Response:
        limit = self.context.config.command_timeout
        process = await asyncio.create_subprocess_exec(
            "/bin/bash",
            "-c",
            command,
            cwd=self.context.sandbox.home,
            env=self.context.environment(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), limit)
        except TimeoutError:
            await _kill_group(process)
            logger.info("command killed after %.1f s", limit)
            message = f"The command did not finish within {limit:g} seconds."
            return error(500, "E001002", message, "Command Timeout")
        paths = self.context.paths
        return text(
            paths.to_remote(_decode(out)), error_text=paths.to_remote(_decode(err))
        )


async def _kill_group(process: asyncio.subprocess.Process) -> None:
    """Kill the command and everything it started, then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(process.communicate(), 5)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")
