"""The generated client (what the SDK is built on) against the emulator."""

from __future__ import annotations

import io

from fugaku_emulator import Emulator
from fugaku_webapi import AuthenticatedClient
from fugaku_webapi.api.file import download_file, list_directory, upload_file
from fugaku_webapi.api.queue import get_job, submit_job
from fugaku_webapi.api.status import list_machines
from fugaku_webapi.models import (
    ErrorObject,
    FileUpload,
    JobListResponse,
    SubmitRequest,
    TextResponse,
)
from fugaku_webapi.types import File


def client_for(emu: Emulator, token: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=emu.api_url, token=token, timeout=10.0)


def test_round_trip_through_the_generated_client(
    emulator: Emulator, api_token: str
) -> None:
    with client_for(emulator, api_token) as client:
        machines = list_machines.sync(client=client)
        assert isinstance(machines, list)
        assert machines[0].machine == "computer"

        upload = FileUpload(file=File(payload=io.BytesIO(b"#!/bin/bash\necho gen\n")))
        created = upload_file.sync(
            "computer", "home/u10001/g.sh", client=client, body=upload
        )
        assert isinstance(created, TextResponse)
        assert created.output == "0"
        again = upload_file.sync_detailed(
            "computer", "home/u10001/g.sh", client=client, body=upload
        )
        assert again.status_code == 409
        assert isinstance(again.parsed, ErrorObject)

        listing = list_directory.sync(
            "computer", "home/u10001", client=client, view="read"
        )
        assert isinstance(listing, TextResponse)
        assert listing.output.rstrip().endswith(" g.sh")
        data = download_file.sync_detailed(
            "computer", "home/u10001/g.sh", client=client
        )
        assert data.content == b"#!/bin/bash\necho gen\n"

        body = SubmitRequest(jobfile="/home/u10001/g.sh", qopt="-N gen")
        submitted = submit_job.sync("computer", client=client, body=body)
        assert isinstance(submitted, TextResponse)
        jobid = submitted.output.split()[5]
        emulator.scheduler.wait(jobid)
        detail = get_job.sync("computer", jobid, client=client)
        assert isinstance(detail, JobListResponse)
        assert isinstance(detail.output, list)
        assert detail.output[0].status == "EXT"
