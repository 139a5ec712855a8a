"""Job ids, states, job records, listings and message parsers."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fugaku import FileKind, JobId, JobState
from fugaku._parsers import (
    parse_account,
    parse_job,
    parse_listing,
    parse_pjdel,
    parse_pjsub,
)
from fugaku.error import APIError, pjm_code_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1394270", JobId(1394270)),
        (1394270, JobId(1394270)),
        ("64856_0", JobId(64856, step=0)),
        ("1394531[12]", JobId(1394531, bulk=12)),
        (" 7 ", JobId(7)),
    ],
)
def test_job_ids_parse(text: str | int, expected: JobId) -> None:
    assert JobId.parse(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1-100", "12_", "3[x]", "1_2[3]"])
def test_bad_job_ids_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="job id"):
        JobId.parse(text)


@given(
    st.integers(0, 10**9),
    st.one_of(st.none(), st.integers(0, 9999)),
    st.booleans(),
)
def test_job_id_text_round_trips(number: int, sub: int | None, bulk: bool) -> None:
    job_id = JobId(number, bulk=sub) if bulk else JobId(number, step=sub)
    assert JobId.parse(str(job_id)) == job_id
    assert job_id.parent == JobId(number)


def test_state_table_has_the_fifteen_pjm_codes() -> None:
    codes = {state.value for state in JobState} - {"UNKNOWN"}
    assert len(codes) == 15
    terminal = {state.value for state in JobState if state.is_terminal}
    assert terminal == {"RJT", "EXT", "CCL", "ERR"}


def test_unknown_state_codes_fall_back() -> None:
    assert JobState.parse("XYZ") is JobState.UNKNOWN
    assert JobState.parse("") is JobState.UNKNOWN
    assert JobState.parse(None) is JobState.UNKNOWN
    assert JobState.parse("run") is JobState.RUN
    assert not JobState.UNKNOWN.is_terminal
    assert JobState.HLD.description == "held by the user"


def test_job_records_are_normalised_from_split_wire_types() -> None:
    job = parse_job(
        {
            "jobid": 1394270,
            "jid": "",
            "name": 12345,
            "user": "u10001",
            "timeuse": None,
            "status": "EXT",
            "queue": "rscunit_ft01",
            "rsc_grp": "small",
            "end_code": "0",
            "pjm_code": "",
            "node_num": "2x3",
            "cpu_num": 48,
            "start_time": "2020-09-14T06:46:29+09:00",
            "end_time": "",
            "group": None,
            "elapse_limit": 600,
            "surprise": "kept",
        }
    )
    assert job.id == JobId(1394270)
    assert job.name == "12345"
    assert job.state is JobState.EXT
    assert job.is_terminal
    assert job.end_code == 0
    assert job.pjm_code is None
    assert job.node_num == "2x3"
    assert job.cpu_num == 48
    assert job.start_time == datetime.fromisoformat("2020-09-14T06:46:29+09:00")
    assert job.end_time is None
    assert job.group is None
    assert job.elapse_limit == 600
    assert job.raw["surprise"] == "kept"


def test_sub_job_records_use_jid() -> None:
    job = parse_job(
        {
            "jobid": "5",
            "jid": "5[3]",
            "name": "a",
            "user": "u",
            "timeuse": "",
            "status": "QUE",
            "queue": "q",
            "rsc_grp": "g",
        }
    )
    assert job.id == JobId(5, bulk=3)


def test_listing_parses_ls_long_lines() -> None:
    text = (
        "total 12\n"
        "-rw-r--r--  1 u10001 hp120001     1234 Dec  4 15:44 a file.txt\n"
        "drwxr-xr-x  2 u10001 hp120001     4096 Jan 10  2023 old dir\n"
        "lrwxrwxrwx  1 u10001 hp120001        5 2026-12-04 15:44 link -> a b\n"
        "garbage line\n"
    )
    entries = parse_listing(text, "/home/u10001")
    assert [entry.name for entry in entries] == ["a file.txt", "old dir", "link"]
    first, second, third = entries
    assert first.path == "/home/u10001/a file.txt"
    assert first.size == 1234
    assert first.kind is FileKind.FILE
    assert first.modified == "Dec 4 15:44"
    assert second.is_dir
    assert third.kind is FileKind.SYMLINK
    assert third.link_target == "a b"


def test_pjsub_and_pjdel_messages() -> None:
    assert parse_pjsub("[INFO] PJM 0000 pjsub Job 1394270 submitted.") == JobId(1394270)
    assert parse_pjsub("[INFO] PJM 0000 pjsub Job 64856_0 submitted.") == JobId(
        64856, 0
    )
    assert parse_pjsub("[ERR.] PJM 0072 pjsub Job exceeded the accept limit") is None
    assert parse_pjdel("[INFO] PJM 0100 pjdel Accepted job 1394270.")
    assert not parse_pjdel('[ERR.] PJM 0112 pjdel Job "1" does not exist.')


def test_pjm_codes_are_extracted() -> None:
    message = "[ERR.] PJM 0071 pjsub Group not authorized to submit a job: group(59999)"
    assert pjm_code_of(message) == 71
    assert pjm_code_of("plain text") is None
    error = APIError(400, err_id="E003001", err_msg=message, error="job_operation")
    assert error.pjm_code == 71
    assert "E003001" in str(error)
    assert "PJM 0071" in str(error)


def test_account_output() -> None:
    account = parse_account("u10001\n/home/u10001\nhp120001 other\n")
    assert account.user == "u10001"
    assert account.home == "/home/u10001"
    assert account.groups == ("hp120001", "other")
    with pytest.raises(ValueError, match="account"):
        parse_account("oops")


_NAMES = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="/"
    ),
    min_size=1,
    max_size=40,
).filter(
    lambda name: name.strip() == name and name not in (".", "..") and " -> " not in name
)


@given(_NAMES, st.integers(0, 10**12))
def test_listing_lines_round_trip_any_name(name: str, size: int) -> None:
    line = f"-rw-r--r--  1 u10001 hp120001 {size:>8} Dec  4 15:44 {name}"
    entries = parse_listing(f"total 4\n{line}\n", "/home/u10001")
    assert [(entry.name, entry.size) for entry in entries] == [(name, size)]
    assert entries[0].path == f"/home/u10001/{name}"


@given(st.lists(_NAMES, min_size=1, max_size=5))
def test_normalised_paths_are_absolute_and_clean(parts: list[str]) -> None:
    from fugaku._paths import normalise

    path = normalise("/" + "/".join(parts))
    assert path.startswith("/")
    assert "//" not in path
    assert ".." not in path.split("/")
    assert path == "/" + "/".join(part for part in parts if part != ".")
