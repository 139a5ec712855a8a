"""E7-E11: the PJM-like scheduler with real scripts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, EmulatorConfig
from fugaku_webapi_strict import models as strict

from ._helpers import (
    HOME,
    error_body,
    job_records,
    record_of,
    strict_body,
    submit,
    text_output,
    wait_status,
)

JST = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00")
BLOCK = 'while [ ! -e "$HOME/go" ]; do sleep 0.02; done\n'
FINAL = {"EXT", "CCL", "ERR", "RJT"}


def release(emulator: Emulator) -> None:
    (emulator.local_home / "go").touch()


def put_file(client: httpx.Client, path: str, text: str) -> None:
    files = {"file": ("f", text.encode())}
    text_output(client.put(f"/file/computer/{path}", files=files))


JOB = (
    """#!/bin/bash
#PJM -L "node=2"
#PJM -L "rscgrp=small"
#PJM -L "elapse=00:10:00"
#PJM -N ignored-by-qopt
echo "job $PJM_JOBID in $(pwd)"
echo "to stderr" >&2
echo made > made-here.txt
"""
    + BLOCK
    + "exit 5\n"
)


def test_lifecycle_with_a_real_script(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    api_client.post("/command/computer/", json={"command": "mkdir -p ~/work"})
    put_file(api_client, f"{HOME}/work/job.sh", JOB)
    jid = submit(api_client, jobfile="/home/u10001/work/job.sh", qopt="-N lifecycle")
    assert re.fullmatch(r"\d+", jid)

    running = wait_status(api_client, jid, {"RUN"})
    assert running["end_code"] == ""
    assert JST.fullmatch(running["start_time"])
    queued = job_records(api_client.get("/queue/computer"))
    assert [r["jid"] for r in queued] == [jid]
    assert job_records(api_client.get("/queue/computer/sacct")) == []

    release(emulator)
    done = wait_status(api_client, jid, FINAL)
    assert (done["status"], done["end_code"], done["pjm_code"]) == ("EXT", "5", "0")
    assert (done["name"], done["node_num"], done["elapse_limit"]) == (
        "lifecycle",
        2,
        600,
    )
    assert (done["queue"], done["rsc_grp"], done["group"]) == (
        "rscunit_ft01",
        "small",
        "hp120001",
    )
    assert JST.fullmatch(done["end_time"])
    assert JST.fullmatch(done["accept_time"])

    assert job_records(api_client.get("/queue/computer")) == []
    assert [r["jid"] for r in job_records(api_client.get("/queue/computer/sacct"))] == [
        jid
    ]
    work = emulator.local_home / "work"
    out = (work / f"lifecycle.{jid}.out").read_text()
    assert out == f"job {jid} in /home/u10001/work\n"
    assert (work / f"lifecycle.{jid}.err").read_text() == "to stderr\n"
    assert (work / "made-here.txt").exists()


def test_jobscript_text_is_named_stdin_and_runs_in_home(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    jid = submit(api_client, jobscript="echo hi from $PJM_JOBNAME\n")
    record = wait_status(api_client, jid, FINAL)
    assert record["name"] == "STDIN"
    assert (emulator.local_home / f"STDIN.{jid}.out").read_text() == "hi from STDIN\n"


def test_every_record_field_is_present(api_client: httpx.Client) -> None:
    jid = submit(api_client, jobscript="true")
    wait_status(api_client, jid, FINAL)
    record = record_of(api_client, jid)
    assert set(record) == set(strict.JobRecord.model_fields)
    assert isinstance(record["jobid"], int)
    assert (record["subjobid"], record["job_type"]) == ("", "BATCH")


def test_out_err_and_join_options(api_client: httpx.Client, emulator: Emulator) -> None:
    script = "echo o; echo e >&2\n"
    jid = submit(api_client, jobscript=script, qopt="-o my.out -e /home/u10001/my.err")
    wait_status(api_client, jid, FINAL)
    assert (emulator.local_home / "my.out").read_text() == "o\n"
    assert (emulator.local_home / "my.err").read_text() == "e\n"
    jid = submit(api_client, jobscript=script, qopt="-j -o joined.out")
    wait_status(api_client, jid, FINAL)
    assert sorted((emulator.local_home / "joined.out").read_text().split()) == [
        "e",
        "o",
    ]


def test_unwritable_output_is_err_16(api_client: httpx.Client) -> None:
    jid = submit(api_client, jobscript="true", qopt="-o no/such/dir/x.out")
    record = wait_status(api_client, jid, FINAL)
    assert (record["status"], record["pjm_code"]) == ("ERR", "16")


def test_jobfile_wins_over_jobscript(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    put_file(api_client, f"{HOME}/a.sh", "echo from-file\n")
    jid = submit(api_client, jobfile="/home/u10001/a.sh", jobscript="echo from-text\n")
    wait_status(api_client, jid, FINAL)
    assert (emulator.local_home / f"a.sh.{jid}.out").read_text() == "from-file\n"


def test_cancel_running_job(api_client: httpx.Client) -> None:
    jid = submit(api_client, jobscript="sleep 30\n")
    wait_status(api_client, jid, {"RUN"})
    message = text_output(api_client.delete(f"/queue/computer/{jid}"))
    assert message == f"[INFO] PJM 0100 pjdel Accepted job {jid}."
    record = wait_status(api_client, jid, FINAL)
    assert (record["status"], record["pjm_code"]) == ("CCL", "1")
    again = error_body(api_client.delete(f"/queue/computer/{jid}"), 400)
    assert again.err_msg == f'[ERR.] PJM 0112 pjdel Job "{jid}" does not exist.'


def test_cancel_unknown_job_is_400(api_client: httpx.Client) -> None:
    body = error_body(api_client.delete("/queue/computer/4242"), 400)
    assert body.err_msg == '[ERR.] PJM 0112 pjdel Job "4242" does not exist.'


def test_cancel_ranges(api_client: httpx.Client) -> None:
    first = int(submit(api_client, jobscript=BLOCK))
    last = int(submit(api_client, jobscript=BLOCK))
    message = text_output(api_client.delete(f"/queue/computer/{first}-{last + 50}"))
    assert message.splitlines() == [
        f"[INFO] PJM 0100 pjdel Accepted job {first}.",
        f"[INFO] PJM 0100 pjdel Accepted job {last}.",
    ]
    bulk = submit(api_client, jobscript=BLOCK, qopt="--bulk --sparam 1-4")
    message = text_output(api_client.delete(f"/queue/computer/{bulk}[2-3]"))
    assert message.splitlines() == [
        f"[INFO] PJM 0100 pjdel Accepted job {bulk}[2].",
        f"[INFO] PJM 0100 pjdel Accepted job {bulk}[3].",
    ]
    step = submit(api_client, jobscript=BLOCK, qopt="--step")
    stepid = step.split("_")[0]
    for _ in range(2):
        submit(api_client, jobscript=BLOCK, qopt=f"--step --sparam jid={stepid}")
    message = text_output(api_client.delete(f"/queue/computer/{stepid}_1-2"))
    assert message.endswith(f"Accepted job {stepid}_2.")
    assert record_of(api_client, f"{stepid}_1")["status"] == "CCL"
    assert record_of(api_client, f"{bulk}[1]")["status"] in {"QUE", "RUN"}


def test_step_jobs_run_in_order(api_client: httpx.Client, emulator: Emulator) -> None:
    first = submit(api_client, jobscript=BLOCK + "echo zero\n", qopt="--step -N stp")
    jobid, number = first.split("_")
    assert number == "0"
    second = submit(
        api_client, jobscript="echo one\n", qopt=f"--step --sparam jid={jobid} -N stp"
    )
    third = submit(
        api_client,
        jobscript="echo two\n",
        qopt=f"--step --sparam jid={jobid},sn=5 -N stp",
    )
    assert (second, third) == (f"{jobid}_1", f"{jobid}_5")
    wait_status(api_client, first, {"RUN"})
    assert record_of(api_client, second)["status"] == "QUE"
    records = job_records(api_client.get(f"/queue/computer/{jobid}"))
    assert [r["jid"] for r in records] == [jobid, first, second, third]
    assert records[0]["subjob_num"] == 3
    assert [r["stepno"] for r in records[1:]] == [0, 1, 5]
    release(emulator)
    ends = [
        wait_status(api_client, jid, FINAL)["end_time"]
        for jid in (first, second, third)
    ]
    assert ends == sorted(ends)
    assert (emulator.local_home / f"stp.{second}.out").read_text() == "one\n"


def test_step_dependency_cancels(api_client: httpx.Client) -> None:
    first = submit(api_client, jobscript="exit 1\n", qopt="--step")
    jobid = first.split("_")[0]
    second = submit(
        api_client,
        jobscript="echo no\n",
        qopt=f"--step --sparam jid={jobid},sd=ec!=0:all",
    )
    record = wait_status(api_client, second, FINAL)
    assert (record["status"], record["pjm_code"]) == ("CCL", "6")
    assert record["subjob_depend"] == "ec!=0:all"


def test_bulk_job_ids(api_client: httpx.Client, emulator: Emulator) -> None:
    jobid = submit(
        api_client,
        jobscript="echo bulk $PJM_BULKNUM\n",
        qopt="--bulk --sparam 0-2 -N blk",
    )
    assert re.fullmatch(r"\d+", jobid)
    wait_status(api_client, jobid, {"EXT"})
    records = job_records(api_client.get(f"/queue/computer/{jobid}"))
    assert [r["jid"] for r in records] == [jobid] + [f"{jobid}[{k}]" for k in range(3)]
    parent, *subs = records
    assert (parent["subjob_num"], parent["exit_subjob_num"], parent["subjobid"]) == (
        3,
        3,
        "",
    )
    assert [r["bulkno"] for r in subs] == [0, 1, 2]
    assert all(r["jobid"] == int(jobid) and r["subjobid"] == r["jid"] for r in subs)
    one = job_records(api_client.get(f"/queue/computer/{jobid}[1]"))
    assert [r["jid"] for r in one] == [f"{jobid}[1]"]
    out = emulator.local_home / f"blk.{jobid}[2].out"
    assert out.read_text() == "bulk 2\n"
    history = job_records(api_client.get("/queue/computer/sacct"))
    assert [r["jid"] for r in history] == [jobid]


def test_elapse_limit_kills_with_code_11(api_client: httpx.Client) -> None:
    jid = submit(api_client, jobscript="sleep 30\n", qopt='-L "elapse=1"')
    record = wait_status(api_client, jid, FINAL)
    assert (record["status"], record["pjm_code"], record["end_code"]) == (
        "EXT",
        "11",
        "137",
    )
    assert record["elapse_limit"] == 1


def test_history_is_kept_24_hours(api_client: httpx.Client, emulator: Emulator) -> None:
    jid = submit(api_client, jobscript="true")
    wait_status(api_client, jid, FINAL)
    emulator.advance_clock(23 * 3600)
    assert [r["jid"] for r in job_records(api_client.get("/queue/computer/sacct"))] == [
        jid
    ]
    emulator.advance_clock(3600 + 1)
    assert job_records(api_client.get("/queue/computer/sacct")) == []
    assert job_records(api_client.get(f"/queue/computer/{jid}")) == []


def test_empty_queue_answers_no_jobs(api_client: httpx.Client) -> None:
    for path in ("/queue/computer", "/queue/computer/sacct", "/queue/computer/999"):
        response = api_client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "NG", "output": "", "error": "No Jobs."}


@pytest.mark.parametrize(
    "body", [{}, {"qopt": "-N x"}, {"jobfile": "", "jobscript": ""}]
)
def test_missing_script_is_not_enough_parameters(
    api_client: httpx.Client, body: dict[str, str]
) -> None:
    error = error_body(api_client.post("/queue/computer/", json=body), 400)
    assert (error.err_msg, error.error) == (
        "There are not enough parameters.",
        "job_operation",
    )


def test_unauthorised_group_is_pjm_0071(api_client: httpx.Client) -> None:
    error = error_body(
        api_client.post(
            "/queue/computer/", json={"jobscript": "true", "qopt": "-g hp999999"}
        ),
        400,
    )
    assert error.err_msg.startswith(
        "[ERR.] PJM 0071 pjsub Group not authorized to submit a job"
    )


@pytest.mark.parametrize(
    "qopt",
    ['-L "rscgrp=nosuch"', "-L node=0", "-L elapse=soon", "--frobnicate", "-N 1bad"],
)
def test_bad_options_are_refused(api_client: httpx.Client, qopt: str) -> None:
    response = api_client.post(
        "/queue/computer/", json={"jobscript": "true", "qopt": qopt}
    )
    assert error_body(response, 400).err_msg.startswith("[ERR.] PJM ")


def test_missing_jobfile_is_refused(api_client: httpx.Client) -> None:
    response = api_client.post(
        "/queue/computer/", json={"jobfile": "/home/u10001/none.sh"}
    )
    assert error_body(response, 400).err_msg.startswith("[ERR.] PJM ")


def test_filters_and_paging(api_client: httpx.Client) -> None:
    ids = [submit(api_client, jobscript=BLOCK, qopt=f"-N page{n}") for n in range(3)]
    for jid in ids:
        wait_status(api_client, jid, {"RUN"})
    listed = job_records(
        api_client.get("/queue/computer", params={"index": 1, "limit": 1})
    )
    assert [r["jid"] for r in listed] == [ids[1]]
    listed = job_records(api_client.get("/queue/computer", params={"jobid": ids[2]}))
    assert [r["jid"] for r in listed] == [ids[2]]
    assert (
        job_records(api_client.get("/queue/computer", params={"status": "QUE"})) == []
    )
    assert (
        len(job_records(api_client.get("/queue/computer", params={"status": "RUN"})))
        == 3
    )
    bad = api_client.get("/queue/computer", params={"index": "x"})
    assert bad.status_code == 422
    text_output(api_client.delete(f"/queue/computer/{ids[0]}-{ids[2]}"))


def test_get_job_with_malformed_id_is_400(api_client: httpx.Client) -> None:
    error_body(api_client.get("/queue/computer/abc"), 400)


@pytest.fixture
def one_at_a_time(tmp_path: Path) -> Iterator[Emulator]:
    config = EmulatorConfig(max_running=1, sandbox_root=tmp_path / "root")
    with Emulator(config) as emu:
        yield emu


def test_queued_hold_release_and_cancel(one_at_a_time: Emulator) -> None:
    emu = one_at_a_time
    token = emu.token_response()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=emu.api_url, headers=headers, timeout=10) as client:
        blocker = submit(client, jobscript=BLOCK)
        waiting = submit(client, jobscript="true")
        wait_status(client, blocker, {"RUN"})
        assert wait_status(client, waiting, {"QUE"})["start_time"] == ""
        assert emu.scheduler.hold(waiting)
        held = record_of(client, waiting)
        assert (held["status"], held["pjm_code"]) == ("HLD", "4")
        assert emu.scheduler.release(waiting)
        text_output(client.delete(f"/queue/computer/{waiting}"))
        record = record_of(client, waiting)
        assert (record["status"], record["start_time"], record["end_code"]) == (
            "CCL",
            "",
            "",
        )
        release(emu)
        wait_status(client, blocker, FINAL)


def test_submit_delay_answers_late_but_the_job_exists(tmp_path: Path) -> None:
    config = EmulatorConfig(submit_delay=1.0, sandbox_root=tmp_path / "root")
    with Emulator(config) as emu:
        token = emu.token_response()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=emu.api_url, headers=headers, timeout=0.3) as client:
            with pytest.raises(httpx.ReadTimeout):
                client.post(
                    "/queue/computer/", json={"jobscript": "true", "qopt": "-N late"}
                )
            client.timeout = httpx.Timeout(10)
            names = {r["name"] for r in job_records(client.get("/queue/computer"))}
            names |= {
                r["name"] for r in job_records(client.get("/queue/computer/sacct"))
            }
        assert "late" in names
        assert emu.stats.submissions == 1


def test_no_jobs_model(api_client: httpx.Client) -> None:
    body = strict_body(strict.JobListResponse, api_client.get("/queue/computer"))
    assert (body.status.root, body.error) == ("NG", "No Jobs.")


def test_pjm_environment(api_client: httpx.Client, emulator: Emulator) -> None:
    script = 'cd "$PJM_O_WORKDIR" && echo "$PJM_JOBID $PJM_JOBNAME $PWD"\n'
    jid = submit(api_client, jobscript=script, qopt="-N envjob")
    wait_status(api_client, jid, FINAL)
    out = (emulator.local_home / f"envjob.{jid}.out").read_text()
    assert out == f"{jid} envjob /home/u10001\n"


def test_scripts_may_use_absolute_home_paths(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    script = "cd /home/u10001 && echo ok > /home/u10001/abs.txt && pwd\n"
    jid = submit(api_client, jobscript=script, qopt="-N abs")
    wait_status(api_client, jid, FINAL)
    assert (emulator.local_home / "abs.txt").read_text() == "ok\n"
    assert (emulator.local_home / f"abs.{jid}.out").read_text() == "/home/u10001\n"
