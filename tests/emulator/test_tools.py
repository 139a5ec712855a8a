"""pjsub, pjstat, pjdel and mpiexec on the sandbox's PATH."""

from __future__ import annotations

import re

import httpx

from fugaku_emulator import Emulator

from ._helpers import submit, text_output, wait_status

FINAL = {"EXT", "CCL", "ERR", "RJT"}


def run(client: httpx.Client, command: str) -> str:
    return text_output(client.post("/command/computer/", json={"command": command}))


def test_pjsub_pjstat_pjdel_from_a_command(
    api_client: httpx.Client, emulator: Emulator
) -> None:
    (emulator.local_home / "w.sh").write_text("#!/bin/bash\nsleep 30\n")
    output = run(api_client, "pjsub -N viacmd -L elapse=60 w.sh")
    match = re.fullmatch(r"\[INFO\] PJM 0000 pjsub Job (\d+) submitted.\n", output)
    assert match is not None
    jid = match[1]
    wait_status(api_client, jid, {"RUN"})
    table = run(api_client, "pjstat").splitlines()
    assert table[0].split()[:4] == ["JOB_ID", "JOB_NAME", "MD", "ST"]
    assert table[1].split()[:4] == [jid, "viacmd", "NM", "RUN"]
    assert (
        run(api_client, f"pjdel {jid}")
        == f"[INFO] PJM 0100 pjdel Accepted job {jid}.\n"
    )
    assert wait_status(api_client, jid, FINAL)["status"] == "CCL"
    assert jid in run(api_client, "pjstat -H")


def test_pjsub_errors_go_to_stderr(api_client: httpx.Client) -> None:
    response = api_client.post(
        "/command/computer/", json={"command": "pjsub -g nogroup x.sh"}
    )
    body = response.json()
    assert body["output"] == ""
    assert body["error"].startswith("[ERR.] PJM ")


def test_tools_survive_expired_client_tokens(emulator: Emulator) -> None:
    emulator.faults.expire_tokens()
    token = emulator.token_response()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=emulator.api_url, headers=headers, timeout=30) as client:
        assert run(client, "pjstat").startswith("JOB_ID")


def test_mpiexec_runs_ranks(api_client: httpx.Client, emulator: Emulator) -> None:
    script = "mpiexec -n 3 sh -c 'echo \"rank $PMIX_RANK\"'\n"
    jid = submit(api_client, jobscript=script, qopt="-N mpi")
    record = wait_status(api_client, jid, FINAL)
    assert record["end_code"] == "0"
    lines = (emulator.local_home / f"mpi.{jid}.out").read_text().splitlines()
    assert sorted(lines) == ["rank 0", "rank 1", "rank 2"]
