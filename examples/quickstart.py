"""Quickstart: upload an input and a job script, submit, wait, fetch the result.

Against the real Fugaku, after ``fugaku login`` (or with an X.509
certificate in the profile)::

    python examples/quickstart.py --profile default --group hp120001

Against Fugaku-in-a-box on 127.0.0.1, logging in without a browser, with
settings and tokens in a temporary directory (``make demo`` runs this)::

    python examples/quickstart.py --emulator
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from fugaku import Fugaku, Job, JobId, Overwrite
from fugaku_auth import Settings, login_interactive

if TYPE_CHECKING:
    from fugaku_emulator import Emulator

WORKDIR = "~/fugaku-quickstart"
QOPT = '-L "rscgrp=small" -L "node=1" -L "elapse=0:05:00"'
NUMBERS = "".join(f"{number}\n" for number in range(1, 101))
JOB_SCRIPT = """\
#!/bin/bash
#PJM -N quickstart
cd "$HOME/fugaku-quickstart" || exit 1
{
  echo "Hello from a Fugaku job on $(hostname)."
  awk '{ n += 1; sum += $1 }
       END { printf "Read %d numbers; their sum is %d.\\n", n, sum }' input.txt
} > result.txt
"""


def main() -> int:
    """Run the quickstart against a profile or the emulator."""
    args = _arguments()
    qopt = f"{args.qopt} -g {args.group}" if args.group else args.qopt
    if not args.emulator:
        print(f"Fugaku quickstart (profile {args.profile or 'default'})")
        with open_client(Settings.load(args.profile)) as fugaku:
            return quickstart(fugaku, qopt, first_step=1)
    print("Fugaku quickstart against Fugaku-in-a-box (nothing leaves 127.0.0.1)")
    with emulator_settings() as settings, open_client(settings) as fugaku:
        code = quickstart(fugaku, qopt, first_step=3)
    step(8, "Stop the emulator. Next: `.venv/bin/fugaku --help`, and README.md.")
    return code


def open_client(settings: Settings) -> Fugaku:
    """A client for a profile: its stored tokens, else its X.509 certificate."""
    if settings.token_store().load() is not None:
        return Fugaku.from_settings(settings)
    if settings.x509() is not None:
        return Fugaku.from_settings(settings, auth=None)
    sys.exit(f"Not logged in: run `fugaku login --profile {settings.profile}`.")


def quickstart(fugaku: Fugaku, qopt: str, first_step: int) -> int:
    """The workflow: status, upload, submit, wait, download and print."""
    number = iter(range(first_step, first_step + 5))
    machine = fugaku.machine_status()
    step(
        next(number),
        f"Check the machine (GET /status): {machine.machine} is {machine.status}.",
    )

    workdir = fugaku.mkdir(WORKDIR)
    fugaku.write_text(f"{workdir}/input.txt", NUMBERS, overwrite=Overwrite.REPLACE)
    fugaku.write_text(f"{workdir}/job.sh", JOB_SCRIPT, overwrite=Overwrite.REPLACE)
    step(next(number), f"Upload input.txt and job.sh (PUT /file) to {workdir}.")

    job_id = fugaku.submit(jobfile=f"{workdir}/job.sh", qopt=qopt)
    step(next(number), f"Submit job.sh (pjsub via POST /queue): job {job_id}.")

    job = wait_with_progress(fugaku, job_id)
    ended = f"{job.state.value} ({job.state.description}), exit code {job.end_code}"
    step(next(number), f"Wait for it (polling GET /queue): {ended}.")

    result = fugaku.read_text(f"{workdir}/result.txt")
    step(next(number), "Download result.txt (GET /file), which the job wrote:")
    print("".join(f"      {line}\n" for line in result.splitlines()), end="")
    return 0 if job.end_code == 0 else 1


def wait_with_progress(fugaku: Fugaku, job_id: JobId) -> Job:
    """``fugaku.wait`` with a spinner and the elapsed time on a terminal."""
    started = time.monotonic()
    if not sys.stderr.isatty():
        return fugaku.wait(job_id)
    from rich.console import Console

    with Console(stderr=True).status(f"waiting for job {job_id}..."):
        job = fugaku.wait(job_id)
    print(f"      (waited {time.monotonic() - started:.1f} s)", file=sys.stderr)
    return job


@contextlib.contextmanager
def emulator_settings() -> Iterator[Settings]:
    """Start the emulator, log in without a browser, yield the profile's settings.

    The config file and the tokens live in a temporary directory, so the
    user's own settings and tokens are neither read nor touched.
    """
    from fugaku_emulator import Emulator, EmulatorConfig

    with (
        tempfile.TemporaryDirectory(prefix="fugaku-demo-") as home,
        Emulator(EmulatorConfig(submit_delay=0.5)) as emu,
    ):
        step(1, f"Start Fugaku-in-a-box: the WebAPI and its login on {emu.api_url}.")
        config = _write_config(Path(home), emu)
        settings = Settings.load("demo", config_file=config, env={})
        tokens = login_interactive(
            settings.provider(),
            settings.credentials(),
            open_browser=lambda url: _play_browser(emu, url),
        )
        settings.token_store().save(tokens)
        step(2, f"Log in: login page approved, code exchanged, tokens kept in {home}.")
        yield settings


def _write_config(home: Path, emu: Emulator) -> Path:
    """A ``demo`` profile for the emulator, as a user's config.toml holds one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = home / "config.toml"
    config.write_text(
        "[profile.demo]\n"
        f'metadata_url = "{emu.metadata_url}"\n'
        f'client_id = "{emu.client_id}"\n'
        f'client_secret = "{emu.client_secret}"\n'
        f'redirect_uri = "http://127.0.0.1:{port}/callback"\n'
        f'api_url = "{emu.api_url}"\n'
        f'token_dir = "{home / "tokens"}"\n'
    )
    return config


def _play_browser(emu: Emulator, url: str) -> bool:
    """Do what the user's browser would: approve the login page, follow the
    redirect back to the loopback address the login listens on."""
    httpx.get(emu.approve(url), timeout=10)
    return True


def step(number: int, text: str) -> None:
    """Print one step of the tour."""
    print(f"{number:>2}. {text}", flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile", help="profile of `fugaku login` (default: default)"
    )
    parser.add_argument("--emulator", action="store_true", help="use Fugaku-in-a-box")
    parser.add_argument("--group", help="group to charge the job to (pjsub -g)")
    parser.add_argument("--qopt", default=QOPT, help=f"pjsub options (default: {QOPT})")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
