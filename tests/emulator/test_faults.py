"""Fault injection: latency, error statuses, dropped bodies, early expiry."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fugaku_emulator import Emulator, EmulatorConfig

from ._helpers import HOME, text_output


def test_latency_delays_the_answer(
    emulator: Emulator, api_client: httpx.Client
) -> None:
    emulator.faults.add("list_machines", "latency", delay=2.0, count=1)
    with pytest.raises(httpx.ReadTimeout):
        api_client.get("/status/", timeout=0.2)
    assert api_client.get("/status/").status_code == 200
    assert emulator.stats.faults["latency"] == 1


@pytest.mark.parametrize("status", [502, 503, 504, 520])
def test_gateway_statuses_come_as_html(
    emulator: Emulator, api_client: httpx.Client, status: int
) -> None:
    emulator.faults.add("list_jobs", "status", status=status)
    response = api_client.get("/queue/computer")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{status} " in response.text
    assert api_client.get("/status/").status_code == 200


def test_custom_status_and_body(emulator: Emulator, api_client: httpx.Client) -> None:
    emulator.faults.add(
        r"^/file/",
        "status",
        status=500,
        body='{"x": 1}',
        content_type="application/json",
    )
    response = api_client.get(f"/file/computer/{HOME}/x")
    assert (response.status_code, response.json()) == (500, {"x": 1})


def test_non_gateway_status_has_an_error_object(
    emulator: Emulator, api_client: httpx.Client
) -> None:
    emulator.faults.add("list_jobs", "status", status=500)
    response = api_client.get("/queue/computer")
    assert response.json()["status"] == "NG"


def test_count_limits_a_rule(emulator: Emulator, api_client: httpx.Client) -> None:
    rule = emulator.faults.add("get_machine_status", "status", status=503, count=2)
    codes = [api_client.get("/status/computer").status_code for _ in range(4)]
    assert codes == [503, 503, 200, 200]
    assert rule.fired == 2


def test_probability_is_deterministic_with_a_seed(tmp_path: Path) -> None:
    def pattern() -> list[int]:
        config = EmulatorConfig(fault_seed=7, sandbox_root=tmp_path / "r")
        with Emulator(config) as emu:
            emu.faults.add("list_machines", "status", status=503, probability=0.5)
            token = emu.token_response()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=emu.api_url, headers=headers) as client:
                return [client.get("/status/").status_code for _ in range(20)]

    first, second = pattern(), pattern()
    assert first == second
    assert {200, 503} == set(first)


def read_into(client: httpx.Client, url: str, sink: bytearray) -> None:
    with client.stream("GET", url) as response:
        assert response.status_code == 200
        for piece in response.iter_bytes():
            sink += piece


def test_drop_cuts_the_body(emulator: Emulator, api_client: httpx.Client) -> None:
    payload = b"z" * 100_000
    files = {"file": ("p", payload)}
    text_output(api_client.put(f"/file/computer/{HOME}/p.bin", files=files))
    emulator.faults.add("download_file", "drop", after_bytes=1000, count=1)
    received = bytearray()
    with pytest.raises(httpx.RemoteProtocolError):
        read_into(api_client, f"/file/computer/{HOME}/p.bin", received)
    assert len(received) == 1000
    assert api_client.get(f"/file/computer/{HOME}/p.bin").content == payload


def test_drop_of_a_json_answer(emulator: Emulator, api_client: httpx.Client) -> None:
    emulator.faults.add("list_jobs", "drop", count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        api_client.get("/queue/computer")
    assert api_client.get("/queue/computer").status_code == 200


def test_expire_tokens_rule(emulator: Emulator, api_client: httpx.Client) -> None:
    emulator.faults.add("list_jobs", "expire_tokens", count=1)
    response = api_client.get("/queue/computer")
    assert response.status_code == 401
    assert "Token expired" in response.headers["www-authenticate"]


def test_faults_on_the_token_endpoint(emulator: Emulator) -> None:
    emulator.faults.add("token", "status", status=503, count=1)
    response = httpx.post(emulator.token_endpoint, data={"grant_type": "refresh_token"})
    assert response.status_code == 503


def test_method_filter_and_clear(emulator: Emulator, api_client: httpx.Client) -> None:
    emulator.faults.add(r"^/queue/", "status", status=502, method="DELETE")
    assert api_client.get("/queue/computer").status_code == 200
    assert api_client.delete("/queue/computer/1").status_code == 502
    emulator.faults.clear()
    assert api_client.delete("/queue/computer/1").status_code == 400
    assert emulator.faults.rules == []
