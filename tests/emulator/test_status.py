"""E1, E2, E13 and the unknown-machine answer."""

from __future__ import annotations

import httpx

from fugaku_webapi_strict import models as strict

from ._helpers import error_body, strict_body


def test_list_machines(api_client: httpx.Client) -> None:
    response = api_client.get("/status/")
    assert response.status_code == 200
    assert response.json() == [{"status": "OK", "machine": "computer"}]
    for item in response.json():
        strict.MachineStatus.model_validate(item)


def test_one_machine(api_client: httpx.Client) -> None:
    response = api_client.get("/status/computer")
    assert strict_body(strict.MachineStatus, response).machine == "computer"


def test_unknown_machine_is_400(api_client: httpx.Client) -> None:
    body = error_body(api_client.get("/queue/fugaku2/sacct"), 400)
    assert body.err_msg == "Invalid machine name."


def test_disk_usage_is_text(api_client: httpx.Client) -> None:
    response = api_client.get("/usage/computer/disk/")
    body = strict_body(strict.AnyResponse, response)
    assert isinstance(body.output, str)
    assert "/home/u10001" in body.output


def test_unknown_route_is_fastapi_404(api_client: httpx.Client) -> None:
    response = api_client.get("/nothing/here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_405_lists_every_allowed_method(api_client: httpx.Client) -> None:
    response = api_client.request("OPTIONS", "/queue/computer/123")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "DELETE",
    }
