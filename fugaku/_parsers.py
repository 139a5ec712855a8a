"""Pure parsers for what the service returns as text or loosely typed records."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ._models import Account, FileEntry, FileKind, Job, JobId, JobState

__all__ = [
    "parse_account",
    "parse_job",
    "parse_jobs",
    "parse_listing",
    "parse_pjdel",
    "parse_pjsub",
]

_SUBMITTED = re.compile(r"\bJob\s+(\d+(?:_\d+|\[\d+\])?)\s+submitted")
_ACCEPTED = re.compile(r"\bAccepted\s+job\s+(\S+?)\.?\s*$", re.MULTILINE)
# One ``ls -l`` line: the name is everything after the one space that follows
# the date (``Dec  4 15:44``, ``Jan 10  2023`` or ``2026-12-04 15:44``), so
# leading and trailing spaces of names survive; device files show
# ``major, minor`` where other entries show their size.
_LS_LINE = re.compile(
    r"(?P<mode>\S{10,})\s+\d+\s+(?P<owner>\S+)\s+(?P<group>\S+)\s+"
    r"(?:(?P<size>\d+)|\d+,\s*\d+)\s+"
    r"(?P<date>\d{4}-\d{2}-\d{2} +\S+|\S+ +\d{1,2} +[\d:]+) "
    r"(?P<name>.+)"
)
# Longer digit strings are not counts or codes (and int() refuses > 4300).
_INTEGER = re.compile(r"-?\d{1,30}")
_KINDS = {"-": FileKind.FILE, "d": FileKind.DIRECTORY, "l": FileKind.SYMLINK}


def parse_pjsub(message: str) -> JobId | None:
    """Job id from ``[INFO] PJM 0000 pjsub Job 1394270 submitted.``, else None."""
    match = _SUBMITTED.search(message)
    return JobId.parse(match.group(1)) if match else None


def parse_pjdel(message: str) -> bool:
    """True when pjdel's message says it accepted the cancellation."""
    return _ACCEPTED.search(message) is not None


def parse_jobs(records: Iterable[Mapping[str, Any]]) -> list[Job]:
    """Normalise a list of wire job records (E7, E9, E10) into ``Job`` values."""
    return [parse_job(record) for record in records]


def parse_job(record: Mapping[str, Any]) -> Job:
    """Normalise one wire job record: ""/null to None, numeric text to int."""
    raw = dict(record)
    status = _text(raw.get("status")) or ""
    return Job(
        id=_job_id(raw),
        name=_text(raw.get("name")) or "",
        user=_text(raw.get("user")) or "",
        state=JobState.parse(status),
        status_code=status,
        group=_text(raw.get("group")),
        resource_unit=_text(raw.get("queue")),
        resource_group=_text(raw.get("rsc_grp")),
        end_code=_int(raw.get("end_code")),
        pjm_code=_int(raw.get("pjm_code")),
        accept_time=_time(raw.get("accept_time")),
        start_time=_time(raw.get("start_time")),
        end_time=_time(raw.get("end_time")),
        elapse=_int_or_text(raw.get("elapse")),
        elapse_limit=_int_or_text(raw.get("elapse_limit")),
        node_num=_int_or_text(raw.get("node_num")),
        cpu_num=_int(raw.get("cpu_num")),
        job_type=_text(raw.get("job_type")),
        raw=raw,
    )


def _job_id(raw: Mapping[str, Any]) -> JobId:
    for key in ("jid", "jobid"):
        text = _text(raw.get(key))
        if text and text.isascii() and text.isdigit():
            return JobId(int(text))  # the common plain id, without the regex
        if text:
            try:
                return JobId.parse(text)
            except ValueError:
                continue
    return _job_id_from_parts(raw)


def _job_id_from_parts(raw: Mapping[str, Any]) -> JobId:
    number = _int(raw.get("jobid"))
    if number is None:
        raise ValueError(f"job record without a usable job id: {raw!r}")
    return JobId(number, _int(raw.get("stepno")), _int(raw.get("bulkno")))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = (value if type(value) is str else str(value)).strip()
    return text or None


def _int(value: Any) -> int | None:
    if type(value) is int:  # the common cases first (bool is not int here)
        return value
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = _text(value)
    if text is None or _INTEGER.fullmatch(text) is None:
        return None
    return int(text)


def _int_or_text(value: Any) -> int | str | None:
    number = _int(value)
    return number if number is not None else _text(value)


def _time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    text = _text(value)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_listing(text: str, directory: str) -> list[FileEntry]:
    """Parse ``ls -l`` text into entries; lines that do not parse are skipped.

    Lines end at ``\n`` only: names may hold other line-breaking characters.

    Args:
        text: The listing (``output`` of ``GET /file/{machine}/{dir}/?view=read``).
        directory: Absolute remote directory the listing is of.
    """
    entries = (_parse_line(line, directory) for line in text.split("\n"))
    return [entry for entry in entries if entry is not None]


def _parse_line(line: str, directory: str) -> FileEntry | None:
    match = _LS_LINE.fullmatch(line)
    if match is None:
        return None
    size = match["size"]
    modified = " ".join(match["date"].split())
    return _entry(
        match["mode"],
        match["owner"],
        match["group"],
        int(size) if size else 0,
        modified,
        match["name"],
        directory,
    )


def _entry(
    mode: str,
    owner: str,
    group: str,
    size: int,
    modified: str,
    name: str,
    directory: str,
) -> FileEntry:
    kind = _KINDS.get(mode[0], FileKind.OTHER)
    target = None
    if kind is FileKind.SYMLINK and " -> " in name:
        name, target = name.split(" -> ", 1)
    return FileEntry(
        name=name,
        path=posixpath.join(directory, name),
        kind=kind,
        mode=mode,
        size=size,
        owner=owner,
        group=group,
        modified=modified,
        link_target=target,
    )


def parse_account(output: str) -> Account:
    """Parse the three lines of ``id -un; echo "$HOME"; id -Gn``.

    Raises:
        ValueError: The output does not have the three expected lines.
    """
    lines = [line.strip() for line in output.strip().splitlines()]
    if len(lines) < 3 or not lines[0] or not lines[1].startswith("/"):
        raise ValueError("unexpected output from the account lookup command")
    return Account(user=lines[0], home=lines[1], groups=tuple(lines[2].split()))
