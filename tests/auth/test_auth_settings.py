"""Settings: overrides > environment > config-file profile > defaults."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fugaku_auth import (
    DEFAULT_METADATA_URL,
    CertificateError,
    ConfigError,
    ProviderConfig,
    Settings,
    TokenStore,
)

CONFIG = """
[profile.default]
client_id = "file-client"
scope = "openid"
timeout = 5

[profile.lab]
client_id = "lab-client"
redirect_uri = "http://127.0.0.1:8765/callback"
metadata_url = "http://127.0.0.1:1/auth/realms/op/.well-known/openid-configuration"
allow_insecure_http = true
"""


@pytest.fixture
def config_file(_isolated_home: Path) -> Path:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    path = _isolated_home / "config.toml"
    path.write_text(CONFIG)
    return path


def test_defaults_point_at_fugaku_without_contacting_it() -> None:
    settings = Settings.load()
    assert settings.discovery_url == DEFAULT_METADATA_URL
    assert settings.scope == "openid offline_access"
    assert settings.verify is True
    assert settings.profile == "default"


def test_config_file_profile(config_file: Path) -> None:
    assert Settings.load().client_id == "file-client"
    assert Settings.load().timeout == 5.0
    lab = Settings.load("lab")
    assert (lab.client_id, lab.allow_insecure_http) == ("lab-client", True)


def test_profile_from_environment(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUGAKU_PROFILE", "lab")
    settings = Settings.load()
    assert settings.profile == "lab"
    assert settings.token_store().path.name == "lab.json"


def test_precedence(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUGAKU_CLIENT_ID", "env-client")
    monkeypatch.setenv("FUGAKU_SCOPE", "openid email")
    assert Settings.load().client_id == "env-client"
    assert Settings.load(client_id="arg-client").client_id == "arg-client"
    assert Settings.load().scope == "openid email"


def test_every_documented_variable_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "FUGAKU_CLIENT_ID": "c",
        "FUGAKU_CLIENT_SECRET": "s",
        "FUGAKU_REDIRECT_URI": "http://localhost:9/cb",
        "FUGAKU_SCOPE": "openid",
        "FUGAKU_METADATA_URL": "https://idp.example/.well-known/openid-configuration",
        "FUGAKU_API_URL": "https://api.example",
        "FUGAKU_CERT": "/c.pem",
        "FUGAKU_KEY": "/k.pem",
        "FUGAKU_CA_BUNDLE": "/ca.pem",
        "FUGAKU_PROXY": "http://127.0.0.1:3128",
        "FUGAKU_TIMEOUT": "12",
        "FUGAKU_REFRESH_MARGIN": "90",
        "FUGAKU_INSECURE_HTTP": "yes",
    }
    settings = Settings.load(env=env)
    assert settings.credentials().redirect_uri == "http://localhost:9/cb"
    assert (settings.api_url, settings.proxy, settings.ca_bundle) == (
        "https://api.example",
        "http://127.0.0.1:3128",
        "/ca.pem",
    )
    assert (settings.timeout, settings.refresh_margin) == (12.0, 90.0)
    assert settings.allow_insecure_http is True
    x509 = settings.x509()
    assert x509 is not None
    assert str(x509.key_file) == "/k.pem"


def test_explicit_endpoints_skip_discovery(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUGAKU_ISSUER", "https://idp.example/realms/op")
    monkeypatch.setenv("FUGAKU_TOKEN_ENDPOINT", "https://idp.example/token")
    settings = Settings.load()
    assert settings.discovery_url is None
    provider = settings.provider()
    assert provider == ProviderConfig(
        issuer="https://idp.example/realms/op",
        token_endpoint="https://idp.example/token",
    )


def test_token_endpoint_without_issuer_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FUGAKU_TOKEN_ENDPOINT", "https://idp.example/token")
    with pytest.raises(ConfigError):
        Settings.load().provider()


def test_discovery_through_settings(oidc_provider: object) -> None:
    url = oidc_provider.metadata_url  # type: ignore[attr-defined]
    assert Settings.load(metadata_url=url).provider().issuer in url


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FUGAKU_TIMEOUT", "inf"),
        ("FUGAKU_TIMEOUT", "nan"),
        ("FUGAKU_TIMEOUT", "0"),
        ("FUGAKU_TIMEOUT", "-3"),
        ("FUGAKU_REFRESH_MARGIN", "-1"),
        ("FUGAKU_REFRESH_MARGIN", "inf"),
    ],
)
def test_a_timeout_that_never_fires_is_a_config_error(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match="finite number of seconds"):
        Settings.load(env={name: value})


@pytest.mark.parametrize(
    "line", ["api_url = 7", 'metadata_url = ["x"]', "proxy = 5", "ca_bundle = 5"]
)
def test_a_number_or_list_where_text_is_meant_is_a_config_error(
    tmp_path: Path, line: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[profile.default]\nclient_id = "abc"\n{line}\n')
    with pytest.raises(ConfigError, match="must be text"):
        Settings.load(config_file=config, env={})


def test_zero_refresh_margin_is_allowed() -> None:
    assert Settings.load(env={"FUGAKU_REFRESH_MARGIN": "0"}).refresh_margin == 0.0


def test_bad_values_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        Settings.load(env={"FUGAKU_TIMEOUT": "soon"})
    with pytest.raises(ConfigError):
        Settings.load(env={"FUGAKU_INSECURE_HTTP": "maybe"})
    with pytest.raises(ConfigError):
        Settings.load(colour="blue")
    broken = tmp_path / "broken.toml"
    broken.write_text("[profile.default\n")
    with pytest.raises(ConfigError):
        Settings.load(config_file=broken)


def test_missing_client_id_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Settings.load().credentials()


def test_proxy_and_verify_reach_the_http_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = Settings.load(proxy="http://127.0.0.1:3128").httpx_args()
    assert args["proxy"] == "http://127.0.0.1:3128"
    assert isinstance(args["timeout"], httpx.Timeout)
    assert Settings.load(verify=False).httpx_args()["verify"] is False


def test_token_dir_setting(tmp_path: Path) -> None:
    store = Settings.load(token_dir=str(tmp_path)).token_store()
    assert isinstance(store, TokenStore)
    assert store.path == tmp_path / "default.json"


def test_documented_variables_match_the_code() -> None:
    import re

    import fugaku_auth
    from fugaku_auth import _settings

    documented = set(re.findall(r"``(FUGAKU_[A-Z0-9_]+)``", fugaku_auth.__doc__ or ""))
    handled = set(_settings._ENV.values()) | {
        "FUGAKU_PROFILE",
        "FUGAKU_CONFIG",
        "FUGAKU_HOME",
    }
    assert documented == handled
    assert Settings.load(env={"FUGAKU_VERIFY": "0"}).verify is False


def test_default_trust_is_httpx_default_and_ca_bundle_gives_a_context(
    tmp_path: Path,
) -> None:
    import trustme

    assert Settings.load().ssl_context() is True
    bundle = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    context = Settings.load(ca_bundle=str(bundle)).ssl_context()
    assert not isinstance(context, bool)
    assert len(context.get_ca_certs()) == 1
    with pytest.raises(CertificateError):
        Settings.load(ca_bundle=str(tmp_path / "missing.pem")).ssl_context()
