"""``fugaku login``, ``logout``, ``whoami`` and ``status``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from ._cli_common import App, json_option, pass_app
from ._console import machine_data

if TYPE_CHECKING:
    from fugaku_auth import TokenSet

    from ._console import Ui

__all__ = ["login", "logout", "status", "whoami"]


@click.command()
@click.option(
    "--no-browser",
    is_flag=True,
    help="Print the login URL and read the redirected URL instead of a browser.",
)
@click.option(
    "--timeout",
    type=float,
    default=300.0,
    show_default=True,
    help="Seconds to wait for the browser's redirect.",
)
@pass_app
def login(app: App, no_browser: bool, timeout: float) -> None:
    """Log in through the browser; later commands reuse the tokens.

    With a loopback redirect URI (http://127.0.0.1:PORT/...) the browser's
    redirect is caught on 127.0.0.1. Without a browser (or with
    --no-browser) the login URL is printed and the URL the browser was
    redirected to is read from standard input.
    """
    from fugaku_auth import login_interactive

    settings = app.settings()
    client = settings.credentials()  # a missing client id fails before any request
    provider = settings.provider()
    with settings.http_client() as http:
        tokens = login_interactive(
            provider,
            client,
            open_browser=_opener(app.ui, no_browser),
            ask=_asker(app.ui),
            http=http,
            wait=timeout,
            timeout=settings.timeout,
        )
    store = settings.token_store()
    store.save(tokens)
    app.ui.message(
        f"Logged in (profile {settings.profile}); tokens saved in {store.path}."
    )


@click.command()
@pass_app
def logout(app: App) -> None:
    """Forget the tokens stored for the profile."""
    from fugaku_auth import TokenStoreError

    settings = app.settings()
    store = settings.token_store()
    # Under the store's lock, so a refresh in another process cannot write the
    # tokens back after they are deleted.
    with store.lock():
        try:
            had_tokens = store.load() is not None
        except TokenStoreError:
            had_tokens = True
        store.delete()
    state = "removed its stored tokens" if had_tokens else "no tokens were stored"
    app.ui.message(f"Logged out of profile {settings.profile}: {state}.")


@click.command()
@json_option
@pass_app
def whoami(app: App) -> None:
    """Show the account, home directory, groups and token expiry."""
    account = app.client().account()
    settings = app.settings()
    data: dict[str, Any] = {
        "profile": settings.profile,
        "api_url": settings.api_url,
        "user": account.user,
        "home": account.home,
        "groups": list(account.groups),
        **_token_data(settings.token_store().load()),
    }
    if app.ui.as_json:
        app.ui.json(data)
        return
    app.ui.fields(
        [(name.replace("_", " "), _shown(value)) for name, value in data.items()]
    )


@click.command()
@click.argument("machine", required=False)
@json_option
@pass_app
def status(app: App, machine: str | None) -> None:
    """Show whether the machines are up (GET /status/)."""
    client = app.client()
    machines = [client.machine_status(machine)] if machine else client.machines()
    if app.ui.as_json:
        app.ui.json([machine_data(item) for item in machines])
        return
    app.ui.table(["MACHINE", "STATUS"], [(m.machine, m.status) for m in machines])


def _opener(ui: Ui, no_browser: bool) -> Callable[[str], bool]:
    """The browser opener handed to the login: tells the user what happens."""

    def open_browser(url: str) -> bool:
        if no_browser or not _open_browser(url):
            return False
        ui.message("Waiting for the login in your browser; if no page opened, visit:")
        ui.message(url)
        return True

    return open_browser


def _open_browser(url: str) -> bool:
    """Open ``url`` in the system browser; False when there is none."""
    from fugaku_auth import open_system_browser

    return open_system_browser(url)


def _asker(ui: Ui) -> Callable[[str], str]:
    """The paste fallback: show the instructions, read one line from stdin."""

    def ask(prompt: str) -> str:
        ui.err.print(prompt, markup=False, end="")
        return sys.stdin.readline().strip()

    return ask


def _token_data(tokens: TokenSet | None) -> dict[str, Any]:
    """Expiry of the stored tokens (never the tokens themselves)."""
    if tokens is None:
        return {"auth": "certificate"}
    return {
        "auth": "token",
        "access_token_expires": _when(tokens.expires_at),
        "refresh_token_expires": _when(tokens.refresh_expires_at),
        "offline_access": tokens.offline,
    }


def _when(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="seconds")


def _shown(value: object) -> object:
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return "never" if value is None else value
