"""Output of the ``fugaku`` command: data on stdout, messages on stderr.

Every command writes through one :class:`Ui`: data (tables, JSON, raw text)
goes to standard output, messages and progress to standard error. Progress
bars and spinners appear only when standard error is a terminal. ``rich`` is
imported on first use, so ``fugaku --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import enum
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ._models import FileEntry, Job, MachineStatus, TransferResult

__all__ = [
    "OnProgress",
    "Ui",
    "entry_data",
    "job_data",
    "machine_data",
    "transfer_data",
]

OnProgress = Callable[[int, int | None], None]
"""Transfer progress callback: ``(bytes_done, bytes_total_or_None)``."""


class Ui:
    """The one writer of the command line: stdout for data, stderr for the rest.

    Args:
        as_json: Print data as JSON instead of tables.
    """

    def __init__(self, *, as_json: bool = False) -> None:
        self.as_json = as_json
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def out(self) -> Console:
        """The rich console on standard output (created on first use)."""
        if self._out is None:
            from rich.console import Console

            self._out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
        return self._out

    @property
    def err(self) -> Console:
        """The rich console on standard error (created on first use)."""
        if self._err is None:
            from rich.console import Console

            self._err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
        return self._err

    @property
    def interactive(self) -> bool:
        """True when standard error is a terminal (progress is shown)."""
        return sys.stderr.isatty()

    # --- data ------------------------------------------------------------------

    def json(self, data: object) -> None:
        """Print ``data`` as indented JSON on stdout."""
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)
        self.text(text + "\n")

    def text(self, text: str) -> None:
        """Write ``text`` to stdout exactly as given."""
        sys.stdout.write(text)
        sys.stdout.flush()

    def text_err(self, text: str) -> None:
        """Write ``text`` to stderr exactly as given (a job's standard error)."""
        sys.stderr.write(text)
        sys.stderr.flush()

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Print a table on stdout (plain columns when not a terminal)."""
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*("" if cell is None else str(cell) for cell in row))
        self.out.print(table)

    def fields(self, pairs: Sequence[tuple[str, object]]) -> None:
        """Print ``name: value`` lines on stdout."""
        width = max((len(name) for name, _ in pairs), default=0)
        for name, value in pairs:
            shown = "" if value is None else str(value)
            self.text(f"{name + ':':<{width + 1}} {shown}\n")

    # --- messages -----------------------------------------------------------------

    def message(self, text: str) -> None:
        """Print an informational message on stderr."""
        self.err.print(text, markup=False)

    def error(self, text: str) -> None:
        """Print an error message on stderr."""
        self.err.print(f"Error: {text}", markup=False, style="bold red")

    # --- progress -------------------------------------------------------------------

    @contextlib.contextmanager
    def transfer(self, label: str) -> Iterator[OnProgress | None]:
        """A progress bar for a transfer; yields the callback, or None off a tty."""
        if not self.interactive:
            yield None
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
        )
        with Progress(*columns, console=self.err, transient=True) as bar:
            task = bar.add_task(label, total=None)

            def update(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            yield update

    @contextlib.contextmanager
    def waiting(self, label: str) -> Iterator[None]:
        """A spinner with the elapsed time while a job runs (terminal only)."""
        if not self.interactive:
            yield
            return
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self.err, transient=True) as spinner:
            spinner.add_task(label, total=None)
            yield


def job_data(job: Job) -> dict[str, Any]:
    """A job as JSON-ready data (the wire record itself is left out)."""
    return {
        "id": str(job.id),
        "name": job.name,
        "user": job.user,
        "state": job.state.value,
        "status_code": job.status_code,
        "group": job.group,
        "resource_unit": job.resource_unit,
        "resource_group": job.resource_group,
        "end_code": job.end_code,
        "pjm_code": job.pjm_code,
        "accept_time": _iso(job.accept_time),
        "start_time": _iso(job.start_time),
        "end_time": _iso(job.end_time),
        "elapse": job.elapse,
        "elapse_limit": job.elapse_limit,
        "node_num": job.node_num,
        "cpu_num": job.cpu_num,
        "job_type": job.job_type,
    }


def entry_data(entry: FileEntry) -> dict[str, Any]:
    """A directory entry as JSON-ready data."""
    return {
        "name": entry.name,
        "path": entry.path,
        "kind": entry.kind.value,
        "mode": entry.mode,
        "size": entry.size,
        "owner": entry.owner,
        "group": entry.group,
        "modified": entry.modified,
        "link_target": entry.link_target,
    }


def transfer_data(result: TransferResult) -> dict[str, Any]:
    """A transfer result as JSON-ready data."""
    return {
        "remote_path": result.remote_path,
        "local_path": result.local_path,
        "size": result.size,
        "sha256": result.sha256,
        "verified": result.verified,
    }


def machine_data(status: MachineStatus) -> dict[str, Any]:
    """A machine status as JSON-ready data."""
    return {"machine": status.machine, "status": status.status, "ok": status.ok}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)
