"""The original SDK sample's call sequence, run through ``fugaku.Client``.

Existing scripts written for RIKEN's SDK keep working: only the URLs and the
credentials below change (environment variables here), so the same script
runs against the real service or against ``fugaku-emulator``::

    export FUGAKU_API_URL=http://127.0.0.1:8700
    ISSUER=$FUGAKU_API_URL/auth/realms/op
    export FUGAKU_METADATA_URL=$ISSUER/.well-known/openid-configuration
    export FUGAKU_CLIENT_ID=... FUGAKU_CLIENT_SECRET=...
    export FUGAKU_REDIRECT_URI=http://localhost/callback
    python examples/original_sdk_sample.py

Sequence: machine status, file list, download, upload twice (the second is
refused because the file exists) and modify, a command, a job script, submit,
job status, cancel, history.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import fugaku

METADATA_URL = os.environ.get(
    "FUGAKU_METADATA_URL",
    "https://idp.fugaku.r-ccs.riken.jp/auth/realms/op/.well-known/openid-configuration",
)
MACHINE = "computer"


def client_config() -> dict[str, str]:
    """The registered client, from the environment (never hard-coded)."""
    return {
        "client_id": os.environ.get("FUGAKU_CLIENT_ID", ""),
        "client_secret": os.environ.get("FUGAKU_CLIENT_SECRET", ""),
        "redirect_uri": os.environ.get("FUGAKU_REDIRECT_URI", "http://localhost/"),
        "scope": "openid+offline_access",
    }


def code_from_url(url: str) -> str:
    """The ``code`` parameter of a redirect URL, whatever follows it.

    The original sample sliced the URL by hand and lost the code's last
    character when another parameter followed; parse the query instead.
    """
    return parse_qs(urlsplit(url).query)["code"][0]


def ask_in_terminal(url: str) -> str:
    """Show the login URL and read back where the browser was redirected."""
    print("Open this URL, log in, and paste the address you are sent to:")
    print(url)
    return input("> ").strip()


def login(approve: Callable[[str], str] = ask_in_terminal) -> fugaku.Client:
    """Get the login URL, let the user log in, exchange the code."""
    config = client_config()
    starter = fugaku.Client(None, config, provider_metadata_url=METADATA_URL)
    url = starter.get_authentication_url(config["redirect_uri"])
    code = code_from_url(approve(url))
    return fugaku.Client(code, config, provider_metadata_url=METADATA_URL)


def job_script_description() -> dict[str, Any]:
    """A structured job script: one program, one node, one minute."""
    return {
        "COMMON_DATA": {
            "JNAME": "sample",
            "QUEUE": "small",
            "NODE": "1",
            "ELAPSE": "00:05:00",
        },
        "APP_DATA": {
            "ProgramGroupList": {
                "ProgramGroup": [
                    {
                        "GroupType": "serialgroup",
                        "ProgramList": {
                            "Program": [{"FileName": "/bin/sleep", "Argument": "120"}]
                        },
                    }
                ]
            }
        },
    }


def run(client: fugaku.Client, work: Path) -> dict[str, int]:
    """The sample's calls in order; returns each step's HTTP status."""
    statuses: dict[str, int] = {}
    statuses["status"] = client.get_machine_status().status_code
    statuses["machine"] = client.get_specific_machine_status(MACHINE).status_code
    listing = client.download_fileList(MACHINE, "~/")
    statuses["list"] = listing.status_code
    statuses["download"] = download(client, "~/sample-input.txt", work / "input.txt")
    local = work / "hello.txt"
    local.write_bytes(b"hello from the sample\n")
    statuses["upload"] = client.upload_file(
        MACHINE, "~/hello.txt", str(local)
    ).status_code
    statuses["upload_again"] = client.upload_file(
        MACHINE, "~/hello.txt", str(local)
    ).status_code
    local.write_bytes(b"modified by the sample\n")
    statuses["modify"] = client.modify_file(
        MACHINE, "~/hello.txt", str(local)
    ).status_code
    statuses["command"] = client.exec_command(MACHINE, "ls -l ~").status_code
    made = client.make_Jobscript(MACHINE, "~/sample.sh", job_script_description())
    statuses["jobscript"] = made.status_code
    submitted = client.submit_job(MACHINE, jobfile="~/sample.sh")
    statuses["submit"] = submitted.status_code
    job_id = submitted.json()["output"].split("Job ")[1].split(" ")[0]
    statuses["jobs"] = client.get_job_status(MACHINE).status_code
    statuses["detail"] = client.get_job_detail(MACHINE, job_id).status_code
    statuses["cancel"] = client.cancel_job(MACHINE, job_id).status_code
    statuses["history"] = client.get_job_status_saact(MACHINE).status_code
    return statuses


def download(client: fugaku.Client, remote: str, local: Path) -> int:
    """Stream a remote file to ``local`` in chunks."""
    response = client.download_filedata(MACHINE, remote)
    if response.status_code == 200:
        with open(local, "wb") as out:
            for chunk in response.iter_content(chunk_size=65536):
                out.write(chunk)
    return response.status_code


def main() -> int:
    """Log in interactively and run the sequence."""
    client = login()
    with tempfile.TemporaryDirectory() as work:
        for step, status in run(client, Path(work)).items():
            print(f"{step:>12}: HTTP {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
