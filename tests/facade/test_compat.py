"""The drop-in ``fugaku.Client``: the sample, pickling, and each original defect."""

from __future__ import annotations

import dataclasses
import gc
import importlib.util
import logging
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import fugaku
from fugaku import Client, NoAccessCode, NoTokenEndpoint
from fugaku._compat import DEFAULT_CLIENT_CONFIG
from fugaku._ops import job_history, job_list

SAMPLE = Path(__file__).parents[2] / "examples" / "original_sdk_sample.py"


def load_sample() -> ModuleType:
    spec = importlib.util.spec_from_file_location("original_sdk_sample", SAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def config(emu: Any) -> dict[str, str]:
    return {
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
        "redirect_uri": emu.redirect_uri,
    }


@pytest.fixture
def sample_env(emu: Any, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Only URLs and credentials change: all through the environment."""
    monkeypatch.setenv("FUGAKU_API_URL", emu.api_url)
    monkeypatch.setenv("FUGAKU_METADATA_URL", emu.metadata_url)
    monkeypatch.setenv("FUGAKU_CLIENT_ID", emu.client_id)
    monkeypatch.setenv("FUGAKU_CLIENT_SECRET", emu.client_secret)
    monkeypatch.setenv("FUGAKU_REDIRECT_URI", emu.redirect_uri)
    return load_sample()


@pytest.fixture
def client(emu: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    """A logged-in drop-in client (browser login done headlessly)."""
    monkeypatch.setenv("FUGAKU_API_URL", emu.api_url)
    starter = Client(None, config(emu), provider_metadata_url=emu.metadata_url)
    redirect = emu.approve(starter.get_authentication_url(emu.redirect_uri))
    made = Client(redirect, config(emu), provider_metadata_url=emu.metadata_url)
    yield made
    made.close()
    starter.close()


def test_the_official_sample_runs_unchanged(
    sample_env: ModuleType, emu: Any, tmp_path: Path
) -> None:
    (emu.local_home / "sample-input.txt").write_bytes(b"input\n")
    client = sample_env.login(approve=emu.approve)
    statuses = sample_env.run(client, tmp_path)
    assert statuses.pop("upload_again") == 409
    assert set(statuses.values()) == {200}, statuses
    assert (tmp_path / "input.txt").read_bytes() == b"input\n"
    assert (emu.local_home / "hello.txt").read_bytes() == b"modified by the sample\n"
    client.close()


def test_sample_code_parsing_keeps_the_whole_code() -> None:
    sample = load_sample()
    url = "http://localhost/cb?code=abc.DEF-123&state=xyz&session_state=s"
    assert sample.code_from_url(url) == "abc.DEF-123"
    assert sample.code_from_url("http://localhost/cb?state=x&code=last") == "last"


def test_responses_have_what_scripts_use(client: Client, emu: Any) -> None:
    response = client.get_machine_status()
    assert response.status_code == 200
    assert response.ok
    assert response.json() == [{"status": "OK", "machine": "computer"}]
    assert response.text.startswith("[")
    assert response.content.startswith(b"[")
    assert response.headers["content-type"].startswith("application/json")
    assert (
        client.get_specific_machine_status("computer").json()["machine"] == "computer"
    )
    assert client.exec_command("computer", "echo hi").json()["output"] == "hi\n"
    assert client.get_disk_usage("computer").status_code == 200
    assert client.download_fileList("computer", emu.home).status_code == 200


def test_download_truly_streams(
    client: Client, emu: Any, caplog: pytest.LogCaptureFixture
) -> None:
    payload = bytes(range(256)) * 8192
    (emu.local_home / "big.bin").write_bytes(payload)
    caplog.set_level(logging.DEBUG)
    response = client.download_filedata("computer", f"{emu.home}/big.bin")
    assert response.status_code == 200
    assert not response._response.is_stream_consumed  # nothing read by a log line
    chunks = list(response.iter_content(chunk_size=65536))
    assert len(chunks) == len(payload) // 65536
    assert b"".join(chunks) == payload


def test_iter_content_decodes_characters_split_between_chunks(
    client: Client, emu: Any
) -> None:
    text = "富岳é" * 100
    (emu.local_home / "utf8.txt").write_bytes(text.encode())
    response = client.download_filedata("computer", f"{emu.home}/utf8.txt")

    pieces = list(response.iter_content(chunk_size=1, decode_unicode=True))

    assert "".join(pieces) == text
    assert all(isinstance(piece, str) and piece for piece in pieces)


# The emulator leaves its side of a dropped download open (see test_e2e).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_download_cut_off_mid_body_is_a_typed_error(client: Client, emu: Any) -> None:
    (emu.local_home / "cut.bin").write_bytes(bytes(300_000))
    emu.faults.add(r"/cut\.bin$", "drop", after_bytes=1000, count=2)
    try:
        streamed = client.download_filedata("computer", f"{emu.home}/cut.bin")
        with pytest.raises(fugaku.TransportError, match="cut off"):
            list(streamed.iter_content(chunk_size=4096))
        whole = client.download_filedata("computer", f"{emu.home}/cut.bin")
        with pytest.raises(fugaku.TransportError, match="cut off"):
            whole.content  # noqa: B018
    finally:
        emu.faults.clear()
    gc.collect()


def test_uploads_are_binary_and_modify_replaces(
    client: Client, emu: Any, tmp_path: Path
) -> None:
    data = b"\x00\xff\xfe\r\n--+++\r\n\x80 not utf-8 \xc3\x28"
    local = tmp_path / "bin.dat"
    local.write_bytes(data)
    assert client.upload_file("computer", "~/bin.dat", str(local)).status_code == 200
    assert (emu.local_home / "bin.dat").read_bytes() == data
    assert client.upload_file("computer", "~/bin.dat", str(local)).status_code == 409
    local.write_bytes(data * 2)
    assert client.modify_file("computer", "~/bin.dat", str(local)).status_code == 200
    assert (emu.local_home / "bin.dat").read_bytes() == data * 2


def test_upload_after_refresh_sends_the_whole_file(
    client: Client, emu: Any, tmp_path: Path
) -> None:
    data = b"0123456789" * 10000
    local = tmp_path / "again.dat"
    local.write_bytes(data)
    refreshes = emu.stats.token_requests["refresh_token"]
    emu.faults.expire_tokens()
    assert client.modify_file("computer", "~/again.dat", str(local)).status_code == 200
    assert (emu.local_home / "again.dat").read_bytes() == data
    assert emu.stats.token_requests["refresh_token"] == refreshes + 1


def test_401_without_www_authenticate_is_not_a_key_error(
    client: Client, emu: Any
) -> None:
    emu.faults.add("list_machines", "status", status=401, count=1)
    try:
        assert client.get_machine_status().status_code == 200
        emu.faults.add("list_machines", "status", status=401, count=2)
        response = client.get_machine_status()
    finally:
        emu.faults.clear()
    assert response.status_code == 401
    assert "www-authenticate" not in response.headers


def test_job_methods_and_documented_query_names(client: Client, emu: Any) -> None:
    first = client.submit_job(
        "computer", jobscript="#!/bin/bash\nsleep 60\n", qopt="-N one"
    )
    second = client.submit_job(
        "computer", jobscript="#!/bin/bash\nsleep 60\n", qopt="-N two"
    )
    ids = [r.json()["output"].split("Job ")[1].split()[0] for r in (first, second)]
    assert len(client.get_job_status("computer", limit=1).json()["output"]) == 1
    only = client.get_job_status("computer", jobid=ids[1]).json()["output"]
    assert [str(job["jobid"]) for job in only] == [ids[1]]
    assert client.get_job_detail("computer", ids[0]).status_code == 200
    for job_id in ids:
        assert client.cancel_job("computer", job_id).status_code == 200
    history = client.get_job_status_sacct("computer").json()
    assert history["status"] in ("OK", "NG")
    params = job_list("computer", index=1, limit=2, status="RUN", jobid="5").request
    assert params["params"] == {"index": 1, "limit": 2, "status": "RUN", "jobid": "5"}
    assert set(job_history("computer", limit=3).request["params"]) == {"limit"}


def test_pickled_client_works_and_keeps_its_tokens(client: Client, emu: Any) -> None:
    token = client._access_token
    copy = pickle.loads(pickle.dumps(client))
    assert copy._access_token == token
    assert copy.get_machine_status().status_code == 200
    copy.close()


def test_access_token_is_refreshed_when_about_to_expire(
    client: Client, emu: Any
) -> None:
    old = client._access_token
    auth = client._auth
    assert auth is not None
    assert auth.tokens is not None
    auth.tokens = dataclasses.replace(auth.tokens, expires_at=time.time() + 5)
    new = client._access_token
    assert new != old
    assert client.get_machine_status().status_code == 200


def test_no_token_response_in_any_log(
    emu: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUGAKU_API_URL", emu.api_url)
    caplog.set_level(logging.DEBUG)
    starter = Client(None, config(emu), provider_metadata_url=emu.metadata_url)
    redirect = emu.approve(starter.get_authentication_url(emu.redirect_uri))
    caplog.clear()  # the test harness's headless browser logged the redirect
    made = Client(redirect, config(emu), provider_metadata_url=emu.metadata_url)
    made.get_machine_status()
    made._auth.refresh(made._auth.tokens)  # type: ignore[union-attr]
    made.get_machine_status()
    auth = made._auth
    assert auth is not None
    assert auth.tokens is not None
    secrets = [auth.tokens.access_token, emu.client_secret]
    secrets += [auth.tokens.refresh_token or "", auth.tokens.id_token or ""]
    secrets.append(redirect.split("code=")[1].split("&")[0])
    text = "\n".join(record.getMessage() for record in caplog.records)
    for secret in filter(None, secrets):
        assert secret not in text
    assert secrets[0] not in repr(made)
    made.close()
    starter.close()


def test_configs_are_never_shared(emu: Any) -> None:
    before = dict(DEFAULT_CLIENT_CONFIG)
    mine = config(emu)
    first = Client(None, mine, provider_metadata_url=emu.metadata_url)
    mine["client_id"] = "changed-later"
    second = Client(
        None, {"client_id": "other"}, provider_metadata_url=emu.metadata_url
    )
    assert first._config["client_id"] == emu.client_id
    assert second._config["client_id"] == "other"
    assert dict(DEFAULT_CLIENT_CONFIG) == before
    first.close()
    second.close()


def test_every_request_has_a_timeout(emu: Any) -> None:
    plain = Client(None, config(emu), provider_metadata_url=emu.metadata_url)
    timeout = plain._engine.http.timeout
    assert (timeout.connect, timeout.read) == (10.0, 60.0)
    custom = Client(
        None,
        config(emu),
        provider_metadata_url=emu.metadata_url,
        request_config={"timeout": (3, 30), "verify": True},
    )
    assert (custom._engine.http.timeout.connect, custom._engine.http.timeout.read) == (
        3,
        30,
    )
    plain.close()
    custom.close()


@pytest.mark.parametrize(
    ("value", "expected"),
    [((3, None), (3.0, 60.0)), ((None, None), (10.0, 60.0)), ([3, 30], (3.0, 30.0))],
)
def test_a_none_in_the_timeout_keeps_the_default(
    emu: Any, value: object, expected: tuple[float, float]
) -> None:
    client = Client(
        None,
        config(emu),
        provider_metadata_url=emu.metadata_url,
        request_config={"timeout": value},
    )
    timeout = client._engine.http.timeout
    client.close()

    assert (timeout.connect, timeout.read) == expected


@pytest.mark.parametrize("value", ["soon", (1, 2, 3), 0, -5])
def test_a_bad_timeout_is_a_configuration_error(emu: Any, value: object) -> None:
    with pytest.raises(fugaku.ConfigurationError, match="timeout"):
        Client(
            None,
            config(emu),
            provider_metadata_url=emu.metadata_url,
            request_config={"timeout": value},
        )


def test_original_exceptions_are_raised_where_documented(emu: Any) -> None:
    with pytest.raises(NoTokenEndpoint):
        Client(None, config(emu))
    with pytest.raises(NoTokenEndpoint):
        Client(
            None, config(emu), provider_metadata_url="http://127.0.0.1:1/.well-known/x"
        )
    anonymous = Client(None, config(emu), provider_metadata_url=emu.metadata_url)
    with pytest.raises(NoAccessCode):
        anonymous.get_machine_status()
    with pytest.raises(NoAccessCode):
        _ = anonymous._access_token
    with pytest.raises(fugaku.error.FugakuClientError):
        Client("not-a-valid-code", config(emu), provider_metadata_url=emu.metadata_url)
    anonymous.close()


def test_explicit_endpoints_work_without_discovery(emu: Any) -> None:
    client = Client(
        None,
        config(emu),
        authorization_endpoint=emu.authorization_endpoint,
        token_endpoint=emu.token_endpoint,
    )
    url = client.get_authentication_url(emu.redirect_uri)
    assert url.startswith(emu.authorization_endpoint)
    redirect = emu.approve(url)
    logged_in = Client(
        redirect,
        config(emu),
        authorization_endpoint=emu.authorization_endpoint,
        token_endpoint=emu.token_endpoint,
        api_url=emu.api_url,
    )
    assert logged_in.get_machine_status().status_code == 200
    logged_in.close()
    client.close()


def test_url_can_be_pointed_elsewhere(
    emu: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FUGAKU_API_URL", raising=False)
    default = Client(None, config(emu), provider_metadata_url=emu.metadata_url)
    assert default._api_url == "https://api.fugaku.r-ccs.riken.jp"
    explicit = Client(
        None, config(emu), provider_metadata_url=emu.metadata_url, api_url=emu.api_url
    )
    assert explicit._api_url == emu.api_url
    with pytest.raises(fugaku.ConfigurationError):
        Client(
            None,
            config(emu),
            provider_metadata_url=emu.metadata_url,
            api_url="http://example.org",
        )
    default.close()
    explicit.close()


@pytest.fixture(scope="module")
def plain_emu() -> Iterator[Any]:
    emulator = pytest.importorskip("fugaku_emulator")
    config = emulator.EmulatorConfig(require_pkce=False)
    with emulator.Emulator(config) as running:
        yield running


def test_a_code_from_elsewhere_is_exchanged_without_pkce(plain_emu: Any) -> None:
    from urllib.parse import urlencode

    query = urlencode(
        {
            "response_type": "code",
            "client_id": plain_emu.client_id,
            "redirect_uri": plain_emu.redirect_uri,
            "scope": "openid offline_access",
            "state": "made-by-another-program",
        }
    )
    redirect = plain_emu.approve(f"{plain_emu.authorization_endpoint}?{query}")
    client = Client(
        redirect,
        config(plain_emu),
        provider_metadata_url=plain_emu.metadata_url,
        api_url=plain_emu.api_url,
    )
    assert client.get_machine_status().status_code == 200
    assert client._access_token
    client.close()


# The emulator leaves its side of a dropped answer open (see test_e2e).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_unreachable_identity_provider_is_a_typed_error(
    client: Client, emu: Any
) -> None:
    auth = client._auth
    assert auth is not None
    assert auth.tokens is not None
    auth.tokens = dataclasses.replace(auth.tokens, expires_at=time.time() - 5)
    emu.faults.add("token", "drop", count=2)
    try:
        with pytest.raises(fugaku.TransportError, match="identity provider"):
            client._access_token  # noqa: B018
        with pytest.raises(fugaku.TransportError, match="identity provider"):
            Client("some-code", config(emu), provider_metadata_url=emu.metadata_url)
    finally:
        emu.faults.clear()
    gc.collect()


@pytest.mark.parametrize("body", ["<html>Bad gateway</html>", "[1, 2]"])
def test_a_code_exchange_answered_by_a_gateway_is_a_typed_error(
    plain_emu: Any, body: str
) -> None:
    plain_emu.faults.add("token", "status", status=200, body=body, count=1)
    try:
        with pytest.raises(NoAccessCode, match="other than a JSON object"):
            Client(
                "some-code",
                config(plain_emu),
                provider_metadata_url=plain_emu.metadata_url,
                api_url=plain_emu.api_url,
            )
    finally:
        plain_emu.faults.clear()


def test_a_pending_login_is_matched_by_the_exact_client_id() -> None:
    from fugaku import _compat
    from fugaku_auth import ClientCredentials, ProviderConfig, start_login

    provider = ProviderConfig(
        issuer="http://127.0.0.1:9/realms/op",
        token_endpoint="http://127.0.0.1:9/realms/op/token",
        authorization_endpoint="http://127.0.0.1:9/realms/op/auth",
        allow_insecure_http=True,
    )
    mine = start_login(provider, ClientCredentials("abc", "s"))
    other = start_login(provider, ClientCredentials("abcdef", "s"))  # newer
    with _compat._PENDING_LOCK:
        _compat._PENDING.update({mine.state: mine, other.state: other})
    try:
        assert _compat._latest_pending("abc") is mine
    finally:
        with _compat._PENDING_LOCK:
            _compat._PENDING.pop(mine.state, None)
            _compat._PENDING.pop(other.state, None)
