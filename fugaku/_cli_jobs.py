"""``fugaku jobs``, ``job show|wait|cancel``, ``submit`` and ``run``."""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._cli_common import App, from_home, job_exit_code, json_option, pass_app
from ._console import job_data

if TYPE_CHECKING:
    from ._models import Job, JobId

__all__ = ["job", "jobs", "run", "submit"]

F = TypeVar("F", bound=Callable[..., Any])
_TIMEOUT_HELP = "Stop waiting after this many seconds (the job keeps running)."


def _job_id(ctx: click.Context, param: click.Parameter, value: str) -> JobId:
    """Parse a PJM job id: ``N``, ``N_k`` or ``N[k]``."""
    from ._models import JobId

    try:
        return JobId.parse(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a job id (N, N_k or N[k])"
        ) from None


def _job_argument(command: F) -> F:
    return click.argument("job_id", metavar="JOBID", callback=_job_id)(command)


@click.command()
@click.option("--history", is_flag=True, help="Jobs that ended in the last 24 hours.")
@click.option("--state", help="Only jobs in this state (RUN, QUE, EXT...).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many jobs.")
@json_option
@pass_app
def jobs(app: App, history: bool, state: str | None, limit: int | None) -> None:
    """List your queued and running jobs (--history: ended ones)."""
    client = app.client()
    listing = client.list_history if history else client.list_jobs
    found = listing(status=state, limit=limit)
    if app.ui.as_json:
        app.ui.json([job_data(item) for item in found])
        return
    if not found:
        app.ui.message("No jobs." if not history else "No jobs ended in 24 hours.")
        return
    headers = ["JOBID", "NAME", "STATE", "RSCGRP", "NODES", "ACCEPTED", "EXIT"]
    app.ui.table(headers, [_row(item) for item in found])


@click.group()
def job() -> None:
    """Show, wait for or cancel one job."""


@job.command("show")
@_job_argument
@json_option
@pass_app
def show(app: App, job_id: JobId) -> None:
    """Show a job from the queue or the 24-hour history."""
    _print_job(app, app.client().job(job_id))


@job.command("wait")
@_job_argument
@click.option("--timeout", type=float, help=_TIMEOUT_HELP)
@click.option("--cancel-on-timeout", is_flag=True, help="Cancel the job on timeout.")
@json_option
@pass_app
def wait(
    app: App, job_id: JobId, timeout: float | None, cancel_on_timeout: bool
) -> None:
    """Wait until a job ends; exit with its exit code."""
    final = _wait(app, job_id, timeout, cancel_on_timeout)
    _print_job(app, final)
    click.get_current_context().exit(job_exit_code(final))


@job.command("cancel")
@_job_argument
@json_option
@pass_app
def cancel(app: App, job_id: JobId) -> None:
    """Cancel a job (pjdel); an ended job is left alone."""
    cancelled = app.client().cancel(job_id)
    if app.ui.as_json:
        app.ui.json({"job": str(job_id), "cancelled": cancelled})
        return
    verdict = "cancelled" if cancelled else "had already ended; nothing to cancel"
    app.ui.message(f"Job {job_id} {verdict}.")


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("script", type=click.Path(exists=True, dir_okay=False))
@click.argument("pjsub_options", nargs=-1, type=click.UNPROCESSED)
@click.option("--remote-path", help="Where to put the script (default: ~/<its name>).")
@click.option("--wait", "wait_", is_flag=True, help="Wait for the job to end.")
@click.option("--timeout", type=float, help=_TIMEOUT_HELP)
@json_option
@pass_app
def submit(
    app: App,
    script: str,
    pjsub_options: tuple[str, ...],
    remote_path: str | None,
    wait_: bool,
    timeout: float | None,
) -> None:
    """Upload a job script and submit it (pjsub options follow).

    Example: fugaku submit job.sh -L rscgrp=small -L node=1 -g GROUP --wait

    Prints the job id. With --wait, waits and exits with the job's exit code.
    """
    qopt = shlex.join(pjsub_options) or None
    remote = from_home(remote_path) if remote_path else None
    job_id = app.client().submit_file(script, remote, qopt=qopt)
    if wait_:
        # Named before waiting: if the wait fails, the user must not take the
        # error for a failed submission and submit again.
        app.ui.message(f"Submitted job {job_id}; waiting for it to end.")
    final = _wait(app, job_id, timeout, False) if wait_ else None
    _print_submitted(app, job_id, final)
    if final is not None:
        click.get_current_context().exit(job_exit_code(final))


@click.command(context_settings={"allow_interspersed_args": False})
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option(
    "-L",
    "resources",
    multiple=True,
    metavar="KEY=VALUE",
    help="pjsub resource, e.g. -L rscgrp=small.",
)
@click.option("-g", "--group", help="Group to charge the job to (pjsub -g).")
@click.option(
    "--name",
    default="fugaku-run",
    show_default=True,
    help="Job name; the script is written to ~/NAME.sh.",
)
@click.option("--qopt", help="Further pjsub options, as one string.")
@click.option("--timeout", type=float, help=_TIMEOUT_HELP)
@json_option
@pass_app
def run(
    app: App,
    command: tuple[str, ...],
    resources: tuple[str, ...],
    group: str | None,
    name: str,
    qopt: str | None,
    timeout: float | None,
) -> None:
    """Run a command as a job; print its output, exit with its code.

    Example: fugaku run -L rscgrp=small -- sh -c 'hostname; exit 3'

    One argument is a shell command line as is ('make && ./a.out');
    several are quoted word by word.
    """
    script = f"#!/bin/bash\n{_command_line(command)}\n"
    options = _qopt(resources, group, qopt)
    with app.ui.waiting(f"Running {name} as a job"), _interrupted_run(app):
        result = app.client().run(script, name=name, qopt=options, timeout=timeout)
    code = job_exit_code(result.job)
    if app.ui.as_json:
        app.ui.json(
            {"job": job_data(result.job), "exit_code": code}
            | {"stdout": result.stdout, "stderr": result.stderr}
        )
    else:
        app.ui.text(result.stdout)
        app.ui.text_err(result.stderr)
    click.get_current_context().exit(code)


def _wait(
    app: App, job_id: JobId | str, timeout: float | None, cancel_on_timeout: bool
) -> Job:
    """Wait for the job with a spinner on a terminal; say how it ended."""
    with app.ui.waiting(f"Waiting for job {job_id}"), _interruptible(app, job_id):
        final = app.client().wait(
            job_id, timeout=timeout, cancel_on_timeout=cancel_on_timeout
        )
    app.ui.message(_ending(final))
    return final


@contextlib.contextmanager
def _interruptible(app: App, job_id: JobId | str) -> Iterator[None]:
    """Ctrl-C stops the waiting, not the job: say so and exit 130."""
    try:
        yield
    except KeyboardInterrupt:
        app.ui.message(
            f"Stopped waiting; job {job_id} keeps running "
            f"(`fugaku job wait {job_id}`, `fugaku job cancel {job_id}`)."
        )
        raise click.exceptions.Exit(130) from None


@contextlib.contextmanager
def _interrupted_run(app: App) -> Iterator[None]:
    """Ctrl-C during ``run``: name the job if it was submitted; exit 130."""
    try:
        yield
    except KeyboardInterrupt as exc:
        notes = getattr(exc, "__notes__", ())
        for note in notes:
            app.ui.message(str(note))
        if not notes:
            app.ui.message(
                "Interrupted; the job may have been submitted: check "
                "`fugaku jobs` before running it again."
            )
        raise click.exceptions.Exit(130) from None


def _ending(final: Job) -> str:
    code = "" if final.end_code is None else f", exit code {final.end_code}"
    return (
        f"Job {final.id} ended: {final.state.value} ({final.state.description}{code})."
    )


def _print_job(app: App, item: Job) -> None:
    data = job_data(item)
    if app.ui.as_json:
        app.ui.json(data)
        return
    app.ui.fields([(name, value) for name, value in data.items() if value is not None])


def _print_submitted(app: App, job_id: JobId, final: Job | None) -> None:
    if app.ui.as_json:
        data: dict[str, Any] = {"job": str(job_id)}
        if final is not None:
            data["final"] = job_data(final)
            data["exit_code"] = job_exit_code(final)
        app.ui.json(data)
        return
    app.ui.text(f"{job_id}\n")
    if final is None:
        app.ui.message(f"Submitted job {job_id}; see `fugaku job show {job_id}`.")


def _row(item: Job) -> tuple[object, ...]:
    accepted = item.accept_time.strftime("%m-%d %H:%M:%S") if item.accept_time else ""
    return (
        item.id,
        item.name,
        item.state.value,
        item.resource_group,
        item.node_num,
        accepted,
        item.end_code,
    )


def _command_line(words: tuple[str, ...]) -> str:
    """One word is a shell line as given; several are quoted one by one."""
    return words[0] if len(words) == 1 else shlex.join(words)


def _qopt(
    resources: tuple[str, ...], group: str | None, extra: str | None
) -> str | None:
    parts = [f"-L {shlex.quote(item)}" for item in resources]
    if group:
        parts.append(f"-g {shlex.quote(group)}")
    if extra:
        parts.append(extra)
    return " ".join(parts) or None
