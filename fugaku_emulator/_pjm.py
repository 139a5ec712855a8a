"""pjsub's options, from ``qopt`` and from ``#PJM`` lines in the script.

Understood: ``-L``/``--rsc-list`` (``node``, ``elapse``, ``rscgrp``,
``rscunit``; other keys are accepted and ignored), ``-N``/``--name``,
``-o``/``--out``, ``-e``/``--err``, ``-j``/``--join``, ``-g``, ``-x``,
``--step``, ``--bulk``, ``--sparam``. A few options that change nothing here
(``--mpi``, ``-m``, ``-s``...) are accepted; anything else is refused the way
pjsub refuses it. Options on the command line (``qopt``) win over the
script's ``#PJM`` lines, as with pjsub.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = [
    "JobOptions",
    "PjsubError",
    "parse_elapse",
    "parse_job_options",
    "parse_node",
]

_WITH_VALUE = {"-m", "--mail-list", "--mpi", "-p", "-z", "--llio", "-w", "-U"}
_FLAGS = {"-s", "-S", "-X", "--no-check-directory", "--restart", "--norestart"}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._@-]{0,62}")
_ELAPSE = re.compile(r"(?:(\d+):)?(?:(\d+):)?(\d+)")


class PjsubError(Exception):
    """pjsub refused the submission; the message is pjsub's ``[ERR.]`` line."""


@dataclass
class JobOptions:
    """What one submission asked for; ``None`` means pjsub's default."""

    name: str | None = None
    resources: dict[str, str] = field(default_factory=dict)
    stdout: str | None = None
    stderr: str | None = None
    join: bool = False
    group: str | None = None
    step: bool = False
    bulk: bool = False
    sparam: str | None = None
    env: dict[str, str] = field(default_factory=dict)


def parse_job_options(script: str, qopt: str) -> JobOptions:
    """Merge the script's ``#PJM`` lines with ``qopt`` (``qopt`` wins).

    Raises:
        PjsubError: An option is unknown or lacks its value.
    """
    options = JobOptions()
    for line in _directive_lines(script):
        _apply(_split(line), options)
    _apply(_split(qopt), options)
    return options


def parse_elapse(value: str) -> int:
    """Seconds of a PJM elapse value, ``[[hour:]minute:]second``.

    Raises:
        PjsubError: The value is not of that form.
    """
    if value == "unlimited":
        return 365 * 24 * 3600
    match = _ELAPSE.fullmatch(value.strip())
    if match is None:
        raise PjsubError(_invalid("elapse", value))
    numbers = [int(part) for part in match.groups() if part is not None]
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def parse_node(value: str) -> int:
    """Node count of a shape ``X``, ``XxY`` or ``XxYxZ``.

    Raises:
        PjsubError: The shape is malformed or empty.
    """
    parts = value.strip().split("x")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        raise PjsubError(_invalid("node", value))
    count = 1
    for part in parts:
        count *= int(part)
    if count < 1:
        raise PjsubError(_invalid("node", value))
    return count


def valid_name(name: str) -> bool:
    """Whether ``name`` obeys PJM's job-name rule (63 characters, letter first)."""
    return _NAME.fullmatch(name) is not None


def _directive_lines(script: str) -> Iterator[str]:
    """Yield the text after ``#PJM`` of the leading comment block."""
    for raw in script.splitlines():
        line = raw.strip()
        if line.startswith("#PJM"):
            yield line[4:]
        elif line and not line.startswith("#"):
            return


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise PjsubError("[ERR.] PJM 0007 pjsub Syntax error in options.") from exc


def _apply(tokens: list[str], options: JobOptions) -> None:
    """Apply pjsub options to ``options``."""
    queue = list(tokens)
    while queue:
        option = queue.pop(0)
        name, attached = _split_attached(option)
        if name in ("--step", "--bulk", "-j", "--join") or name in _FLAGS:
            _apply_flag(name, options)
            continue
        value = attached if attached is not None else _take(queue, name)
        _apply_value(name, value, options)


def _split_attached(option: str) -> tuple[str, str | None]:
    """Split ``--name=value`` and ``-Lnode=1`` into option and value."""
    if option.startswith("--") and "=" in option:
        name, _, value = option.partition("=")
        return name, value
    if option.startswith("-") and not option.startswith("--") and len(option) > 2:
        return option[:2], option[2:]
    return option, None


def _take(queue: list[str], name: str) -> str:
    if name not in _KNOWN_WITH_VALUE:
        raise PjsubError(f"[ERR.] PJM 0007 pjsub Invalid option: {name}.")
    if not queue:
        raise PjsubError(f"[ERR.] PJM 0008 pjsub Option {name} requires an argument.")
    return queue.pop(0)


def _apply_flag(name: str, options: JobOptions) -> None:
    if name == "--step":
        options.step = True
    elif name == "--bulk":
        options.bulk = True
    elif name in ("-j", "--join"):
        options.join = True


def _apply_value(name: str, value: str, options: JobOptions) -> None:
    """Apply an option that carries a value."""
    if name in ("-L", "--rsc-list"):
        options.resources.update(_key_values(value))
    elif name in ("-N", "--name"):
        options.name = value
    elif name in ("-o", "--out"):
        options.stdout = value
    elif name in ("-e", "--err"):
        options.stderr = value
    elif name == "-g":
        options.group = value
    elif name == "--sparam":
        options.sparam = value
    elif name == "-x":
        options.env.update(_key_values(value))
    elif name not in _WITH_VALUE:
        raise PjsubError(f"[ERR.] PJM 0007 pjsub Invalid option: {name}.")


def _key_values(text: str) -> dict[str, str]:
    """Parse ``key=value[,key=value...]``."""
    pairs: dict[str, str] = {}
    for item in text.split(","):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise PjsubError(_invalid(key.strip() or "-L", item))
        pairs[key.strip()] = value.strip()
    return pairs


def _invalid(key: str, value: str) -> str:
    return f"[ERR.] PJM 0009 pjsub Invalid value: {key}={value}."


_KNOWN_WITH_VALUE = _WITH_VALUE | {
    "-L",
    "--rsc-list",
    "-N",
    "--name",
    "-o",
    "--out",
    "-e",
    "--err",
    "-g",
    "--sparam",
    "-x",
}
