"""E12: job-script generation from the structured description."""

from __future__ import annotations

from typing import Any

import httpx

from fugaku_emulator import Emulator, render_script

from ._helpers import error_body, text_output

SCRIPT: dict[str, Any] = {
    "COMMON_DATA": {
        "JNAME": "gen-job",
        "SYSTEM": "rscunit_ft01",
        "QUEUE": "small",
        "NODE": "2x2",
        "ELAPSE": "0:10:00",
        "JGRP": "hp120001",
    },
    "APP_DATA": {
        "ProgramGroupList": {
            "ProgramGroup": [
                {
                    "GroupType": "serialgroup",
                    "ProgramList": {
                        "Program": {
                            "FileName": "./prep",
                            "Type": "serial",
                            "Argument": "-v in.dat",
                            "StdOutFileName": "prep.log",
                        }
                    },
                },
                {
                    "GroupType": "parallelgroup",
                    "ProgramList": {
                        "Program": [
                            {
                                "FileName": "./solver",
                                "Type": "mpi",
                                "Procs": 4,
                                "ThreadMode": "omp",
                                "Threads": "12",
                            },
                            {"FileName": "./monitor"},
                        ]
                    },
                },
            ]
        }
    },
}


def test_render_script() -> None:
    assert render_script(SCRIPT).splitlines() == [
        "#!/bin/bash",
        "#PJM -N gen-job",
        "#PJM -L rscunit=rscunit_ft01",
        "#PJM -L rscgrp=small",
        "#PJM -L node=2x2",
        "#PJM -L elapse=0:10:00",
        "#PJM -g hp120001",
        "",
        "./prep -v in.dat > prep.log",
        "export OMP_NUM_THREADS=12",
        "mpiexec -n 4 ./solver &",
        "./monitor &",
        "wait",
    ]


def test_bulk_and_step_directives() -> None:
    bulk = {"COMMON_DATA": {"JTYPE": "B", "SUBJOB_START": "1", "SUBJOB_END": "8"}}
    assert "#PJM --bulk\n#PJM --sparam 1-8\n" in render_script(bulk)
    step = {"COMMON_DATA": {"JTYPE": "S", "DEPEND_JID": "77", "SNUM": "2"}}
    assert "#PJM --step\n#PJM --sparam jid=77,sn=2\n" in render_script(step)


def test_hostile_values_stay_quoted() -> None:
    text = render_script({"COMMON_DATA": {"JNAME": "a\nrm -rf ~; echo"}})
    assert "#PJM -N 'a rm -rf ~; echo'" in text.splitlines()


def test_put_writes_the_script(api_client: httpx.Client, emulator: Emulator) -> None:
    body = {"filename": "/home/u10001/gen.sh", "script": SCRIPT}
    assert text_output(api_client.put("/queue/computer/jobscript", json=body)) == "0"
    assert (emulator.local_home / "gen.sh").read_text() == render_script(SCRIPT)


def test_generated_script_is_accepted_by_pjsub(api_client: httpx.Client) -> None:
    script = {"COMMON_DATA": {"JNAME": "gen", "QUEUE": "small", "ELAPSE": "60"}}
    body = {"filename": "/home/u10001/g.sh", "script": script}
    text_output(api_client.put("/queue/computer/jobscript", json=body))
    response = api_client.post(
        "/queue/computer/", json={"jobfile": "/home/u10001/g.sh"}
    )
    assert text_output(response).startswith("[INFO] PJM 0000 pjsub Job ")


def test_missing_filename_is_e003005(api_client: httpx.Client) -> None:
    response = api_client.put("/queue/computer/jobscript", json={"script": SCRIPT})
    assert error_body(response, 400).err_id == "E003005"


def test_write_outside_sandbox_is_refused(api_client: httpx.Client) -> None:
    body = {"filename": "/home/../../../tmp/x.sh", "script": SCRIPT}
    error_body(api_client.put("/queue/computer/jobscript", json=body), 400)
