"""Bad input: service text the parsers must survive, remote paths that must not stray.

Every parser of service text either returns a value that round-trips or
raises its documented error, never anything else; through the client, odd
answers become ``FugakuClientError`` subclasses. Remote paths either reach
the wire as exactly the intended absolute path (checked on the raw request
URL through ``httpx.MockTransport``) or are refused with ``InvalidRemotePath``
before any request names them.
"""

from __future__ import annotations

import asyncio
import json
import posixpath
import shlex
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fugaku import AsyncFugaku, FileKind, Fugaku, FugakuClientError, InvalidRemotePath
from fugaku._models import JobId
from fugaku._parsers import (
    parse_account,
    parse_job,
    parse_listing,
    parse_pjdel,
    parse_pjsub,
)
from fugaku._paths import normalise
from fugaku._protocol import RetryPolicy, parse_retry_after
from fugaku.error import pjm_code_of
from fugaku_auth import AuthError, parse_redirect_url

from .conftest import FAST_RETRY, ok

HOME = "/home/u10001"
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# --- pjsub, pjdel and PJM codes -------------------------------------------------

JOB_IDS = st.builds(
    JobId,
    st.integers(0, 10**12),
    st.none() | st.integers(0, 10**4),
).map(lambda j: j) | st.builds(
    lambda n, b: JobId(n, bulk=b), st.integers(0, 10**12), st.integers(0, 10**4)
)


@SETTINGS
@given(st.text())
def test_any_text_gives_a_job_id_or_none(text: str) -> None:
    assert parse_pjsub(text) is None or isinstance(parse_pjsub(text), JobId)
    assert isinstance(parse_pjdel(text), bool)
    code = pjm_code_of(text)
    assert code is None or 0 <= code <= 9999


@SETTINGS
@given(JOB_IDS, st.text(alphabet=st.characters(codec="utf-8")))
def test_pjsub_message_round_trips(job: JobId, noise: str) -> None:
    message = f"{noise}\n[INFO] PJM 0000 pjsub Job {job} submitted.\n"
    if parse_pjsub(noise) is None:
        assert parse_pjsub(message) == job


@SETTINGS
@given(JOB_IDS)
def test_pjdel_accepts_and_refusals(job: JobId) -> None:
    assert parse_pjdel(f"[INFO] PJM 0100 pjdel Accepted job {job}.")
    refused = f'[ERR.] PJM 0112 pjdel Job "{job}" does not exist.'
    assert not parse_pjdel(refused)
    assert pjm_code_of(refused) == 112


# --- job records -------------------------------------------------------------------

ODD = (
    st.none()
    | st.just("")
    | st.text(max_size=12)
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
    | st.just("9" * 5000)
)
FIELDS = [
    *("jid", "jobid", "subjobid", "bulkno", "stepno", "name", "user", "group"),
    *("timeuse", "status", "queue", "rsc_grp", "elapse", "elapse_limit"),
    *("node_num", "cpu_num", "start_time", "end_time", "job_type", "end_code"),
    *("pjm_code", "accept_time", "subjob_num"),
]
RECORDS = st.dictionaries(st.sampled_from(FIELDS), ODD, max_size=len(FIELDS))


@SETTINGS
@given(RECORDS, st.integers(0, 10**9))
def test_odd_job_records_parse_or_are_refused(record: dict[str, Any], n: int) -> None:
    try:
        job = parse_job(record)
    except ValueError:
        return
    assert isinstance(job.id, JobId)
    assert parse_job({**record, "jobid": n, "jid": str(n)}).id == JobId(n)


@SETTINGS
@given(st.lists(RECORDS, min_size=1, max_size=3))
def test_odd_job_lists_reach_the_user_typed(records: list[dict[str, Any]]) -> None:
    body = {"status": "OK", "output": records, "error": ""}
    with _client(lambda request: httpx.Response(200, json=body)) as client:
        try:
            jobs = client.list_jobs()
        except FugakuClientError:
            return
    assert len(jobs) == len(records)


def test_record_without_a_job_id_is_a_typed_error() -> None:
    body = {"status": "OK", "output": [{"name": "x", "status": "RUN"}], "error": ""}
    client = _client(lambda request: httpx.Response(200, json=body))
    with client, pytest.raises(FugakuClientError, match="job id"):
        client.list_jobs()


@SETTINGS
@given(
    st.recursive(
        st.none() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["loc", "msg", "type"]), inner, max_size=3
            )
        ),
        max_leaves=6,
    )
)
@example([{"loc": 5, "msg": "x"}])
@example([5])
def test_odd_validation_errors_reach_the_user_typed(detail: Any) -> None:
    client = _client(lambda request: httpx.Response(422, json={"detail": detail}))
    with client, pytest.raises(FugakuClientError):
        client.machines()


# Validation mode reports the undecodable body as drift too; that is not the point.
@pytest.mark.filterwarnings("ignore::fugaku.SpecDriftWarning")
@pytest.mark.parametrize("validate", [False, True])
def test_absurdly_nested_json_is_a_protocol_error(validate: bool) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    client = Fugaku(
        "http://127.0.0.1:9",
        token="t",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, content=nested)),
        validate=validate,
    )
    with client, pytest.raises(FugakuClientError, match="not the WebAPI's JSON"):
        client.machines()


# --- ls -l listings -----------------------------------------------------------------

NAMES = st.text(
    alphabet=st.characters(codec="utf-8", blacklist_characters="/\n"),
    min_size=1,
    max_size=30,
).filter(lambda name: name not in (".", ".."))
DATES = st.sampled_from(["Dec  4 15:44", "Jan 10  2023", "2026-12-04 15:44"])


@SETTINGS
@given(NAMES, st.integers(0, 10**15), DATES)
@example("  leading and trailing  ", 1, "Dec  4 15:44")
@example("line\u2028separator", 2, "Dec  4 15:44")
@example("form\x0cfeed\x1c", 3, "Dec  4 15:44")
@example("日本語 ファイル", 4, "2026-12-04 15:44")
def test_regular_file_names_round_trip(name: str, size: int, date: str) -> None:
    line = f"-rw-r--r--  1 u10001 hp120001 {size:>8} {date} {name}"

    entries = parse_listing(f"total 4\n{line}\n", HOME)

    assert [(e.name, e.size, e.kind) for e in entries] == [(name, size, FileKind.FILE)]
    assert entries[0].path == f"{HOME}/{name}"


@SETTINGS
@given(NAMES.filter(lambda n: " -> " not in n), NAMES)
def test_symlinks_keep_name_and_target(name: str, target: str) -> None:
    line = (
        f"lrwxrwxrwx  1 u10001 hp120001 {len(target)} Dec  4 15:44 {name} -> {target}"
    )

    entries = parse_listing(line + "\n", HOME)

    assert [(e.name, e.link_target, e.kind) for e in entries] == [
        (name, target, FileKind.SYMLINK)
    ]


@pytest.mark.parametrize(
    ("line", "name", "kind"),
    [
        ("crw-rw-rw-  1 root root   1,   3 Dec  4 15:44 null", "null", FileKind.OTHER),
        (
            "brw-rw----  1 root disk 259,   0 Dec  4 15:44 nvme0n1",
            "nvme0n1",
            FileKind.OTHER,
        ),
        (
            "prw-r--r--  1 u10001 hp120001 0 Dec  4 15:44 a fifo",
            "a fifo",
            FileKind.OTHER,
        ),
        ("srwxr-xr-x  1 u10001 hp120001 0 Dec  4 15:44 sock", "sock", FileKind.OTHER),
        ("-rw-r--r--+ 1 u10001 hp120001 7 Dec  4 15:44 acl", "acl", FileKind.FILE),
    ],
)
def test_device_files_fifos_and_acl_marks(line: str, name: str, kind: FileKind) -> None:
    entries = parse_listing(f"total 0\n{line}\n", "/dev")

    assert [(e.name, e.kind) for e in entries] == [(name, kind)]


@SETTINGS
@given(st.text())
def test_any_listing_text_parses_without_crashing(text: str) -> None:
    for entry in parse_listing(text, HOME):
        assert entry.path.startswith(HOME + "/")


@SETTINGS
@given(st.text())
def test_account_output_parses_or_is_refused(text: str) -> None:
    try:
        account = parse_account(text)
    except ValueError:
        return
    assert account.home.startswith("/")


def test_odd_account_output_reaches_the_user_typed() -> None:
    client = _client(lambda request: ok("Welcome to Fugaku!\n"))
    with client, pytest.raises(FugakuClientError, match="account"):
        client.home()


# --- redirect URLs -------------------------------------------------------------------


@SETTINGS
@given(st.text())
@example("http://localhost/cb?code=a&code=b&state=s")
@example("http://localhost/cb?error=access_denied&error_description=%00")
def test_any_redirect_url_gives_a_code_or_a_typed_error(url: str) -> None:
    try:
        code, _state = parse_redirect_url(url)
    except AuthError:
        return
    assert code


# --- remote paths on the wire ------------------------------------------------------

SEGMENT = st.text(
    alphabet=st.sampled_from(list("ab #%?&+;=.,:@!$'\"`\\*~é日\u2028 \n\r\t\x00\x7f")),
    min_size=1,
    max_size=6,
) | st.sampled_from([".", "..", "%2F", "%00", "a%20b", "?x=1", "#frag"])
PATHS = st.builds(
    lambda start, parts: start + "/".join(parts),
    st.sampled_from(["/", "~/", "/home/u10001/", "//"]),
    st.lists(SEGMENT, min_size=1, max_size=4),
)


@SETTINGS
@given(PATHS, st.sampled_from(["sync", "async"]))
@example("/home/u10001/a b#c%d?e&f+ü日本.txt", "sync")
@example("~/x/../../etc/passwd", "async")
@example("/a/%2e%2e/b", "sync")
def test_remote_paths_reach_exactly_the_intended_file(path: str, mode: str) -> None:
    try:
        intended = normalise(path, HOME)
    except InvalidRemotePath:
        intended = None
    seen: list[httpx.Request] = []
    outcome = _exercise(path, mode, seen)

    if intended is None:
        assert outcome == "InvalidRemotePath"
    for request in seen:
        _assert_names_only(request, intended)


def _exercise(path: str, mode: str, seen: list[httpx.Request]) -> str:
    handler = _file_handler(seen)
    try:
        if mode == "sync":
            _sync_calls(path, handler)
        else:
            asyncio.run(_async_calls(path, handler))
    except InvalidRemotePath:
        return "InvalidRemotePath"
    return "ok"


def _sync_calls(path: str, handler: Any) -> None:
    with _client(handler) as client:
        for name, *args in _CALLS:
            _each(getattr(client, name), path, *args)


async def _async_calls(path: str, handler: Any) -> None:
    transport = httpx.MockTransport(handler)
    async with AsyncFugaku(
        "http://127.0.0.1:9", token="t", transport=transport, retry=FAST_RETRY
    ) as client:
        for call in _CALLS:
            try:
                await getattr(client, call[0])(path, *call[1:])
            except InvalidRemotePath:
                raise
            except FugakuClientError:
                continue  # a typed answer of the fake; the URLs are what counts


_CALLS: list[tuple[Any, ...]] = [
    ("write_bytes", b"hello"),
    ("read_bytes",),
    ("listdir",),
    ("mkdir",),
    ("sha256",),
]


def _each(method: Any, *args: Any) -> None:
    try:
        method(*args)
    except InvalidRemotePath:
        raise
    except FugakuClientError:
        pass  # a typed answer of the fake; the URLs are what counts


def _assert_names_only(request: httpx.Request, intended: str | None) -> None:
    raw = request.url.raw_path.decode("ascii")
    wire, _, query = raw.partition("?")
    if raw == f"/file/computer{HOME}/?view=read":
        return  # the account lookup checks that the home is visible
    if wire.startswith("/file/computer/"):
        assert intended is not None
        decoded = unquote(wire.removeprefix("/file/computer"), errors="strict")
        listing = query == "view=read"
        assert query in ("", "view=read")
        # the spec's listing URL is {path}/ with the leading slash dropped
        if listing:  # the path itself, or its parent (stat of a directory)
            parent = posixpath.dirname(intended)
            assert decoded in {f"/{p.lstrip('/')}/" for p in (intended, parent)}
        else:
            assert decoded == intended
    elif wire == "/command/computer/":
        command = json.loads(request.content)["command"]
        if "id -Gn" not in command:
            assert intended is not None
            words = shlex.split(command.removeprefix("{ ").split(" ; }")[0])
            assert words[-1].replace("$HOME", HOME) == intended


def _file_handler(seen: list[httpx.Request]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/command/computer/":
            command = json.loads(request.content)["command"]
            if "id -Gn" in command:
                return ok(f"u10001\n{HOME}\nhp120001\n")
            return ok("0" * 64 + "  x\n__fugaku_ok__\n")
        if request.url.params.get("view") == "read":
            wire = request.url.raw_path.decode().partition("?")[0]
            name = unquote(wire).rstrip("/").rsplit("/", 1)[-1]
            return ok(f"-rw-r--r-- 1 u10001 hp120001 5 Dec  4 15:44 {name}\n")
        if request.method == "GET":
            return httpx.Response(200, content=b"hello")
        return ok("0")

    return handle


def _client(handler: Any) -> Fugaku:
    return Fugaku(
        "http://127.0.0.1:9",
        token="t",
        transport=httpx.MockTransport(handler),
        retry=FAST_RETRY,
    )


# --- gateway headers -----------------------------------------------------------------


@SETTINGS
@given(st.text())
@example("²")
@example("9" * 5000)
@example("Fri, 31 Dec 9999 23:59:59 GMT")
def test_any_retry_after_gives_a_bounded_delay(value: str) -> None:
    """A superscript digit in Retry-After used to raise ValueError mid-retry."""
    hinted = parse_retry_after(value)
    delay = RetryPolicy(backoff=0.5, max_delay=30.0).delay(1, value)

    assert hinted is None or hinted >= 0
    assert 0 <= delay <= 30.0
