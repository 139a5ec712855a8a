"""``fugaku-emulator``: run Fugaku-in-a-box until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from ._config import EmulatorConfig
from ._server import Emulator, is_loopback

__all__ = ["main"]

DESCRIPTION = """\
Fugaku-in-a-box: the Fugaku WebAPI and a Keycloak-style identity provider on
one local port, for developing and testing clients offline.

WARNING: commands (POST /command) and job scripts run as YOU, the local user,
with your permissions, as they would on a login node. File requests are kept
inside the sandbox directory; a shell is not. That is why the emulator binds
to 127.0.0.1 only (other addresses need --allow-remote) and every WebAPI call
needs a valid access token (or, with --tls, a client certificate).
"""


def main(argv: list[str] | None = None) -> int:
    """Parse options, start the emulator, print how to reach it, wait."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    if not is_loopback(args.host) and not args.allow_remote:
        print(f"refusing to listen on {args.host}: add --allow-remote", file=sys.stderr)
        return 2
    stop = threading.Event()
    _on_signals(stop)
    try:
        with Emulator(_config(args)) as emu:
            _announce(emu, args.json)
            stop.wait()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 1
    print("stopped", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fugaku-emulator",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    add("--allow-remote", action="store_true", help="permit a non-loopback --host")
    add("--port", type=int, default=8700, help="TCP port, 0 for any (default 8700)")
    add("--sandbox", type=Path, help="directory standing for / (default: temporary)")
    add("--account", default="u10001", help="Fugaku account (default u10001)")
    add("--group", default="hp120001", help="primary group (default hp120001)")
    add("--submit-delay", type=float, default=0.0, help="seconds pjsub takes")
    add("--token-lifetime", type=int, default=300, help="access-token seconds")
    add("--rotate-refresh-tokens", action="store_true", help="rotate refresh tokens")
    add("--auto-approve", action="store_true", help="skip the login page")
    add("--tls", action="store_true", help="HTTPS with client certificates")
    add("--restricted", action="store_true", help="never run commands or scripts")
    add("--command-timeout", type=float, default=60.0, help="command time limit")
    add("--history-seconds", type=float, default=86400.0, help="sacct history")
    add("--max-running", type=int, default=16, help="jobs running at once")
    add("--client-id", default="fugaku-emulator-client", help="registered client id")
    add("--client-secret", help="client secret (default: generated)")
    add("--json", action="store_true", help="print the connection details as JSON")
    add("--log-level", default="warning", help="debug, info, warning (default)")
    return parser


def _config(args: argparse.Namespace) -> EmulatorConfig:
    return EmulatorConfig(
        host=args.host,
        port=args.port,
        allow_remote=args.allow_remote,
        sandbox_root=args.sandbox,
        account=args.account,
        group=args.group,
        submit_delay=args.submit_delay,
        token_lifetime=args.token_lifetime,
        rotate_refresh_tokens=args.rotate_refresh_tokens,
        auto_approve=args.auto_approve,
        tls=args.tls,
        restricted=args.restricted,
        command_timeout=args.command_timeout,
        history_seconds=args.history_seconds,
        max_running=args.max_running,
        client_id=args.client_id,
        client_secret=args.client_secret,
    )


def _announce(emu: Emulator, as_json: bool) -> None:
    """Print how to reach the emulator (the client secret is a local throw-away)."""
    details = {
        "api_url": emu.api_url,
        "metadata_url": emu.metadata_url,
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
        "redirect_uri": emu.redirect_uri,
        "account": emu.account,
        "home": emu.home,
        "sandbox_root": str(emu.sandbox_root),
    }
    if emu.tls is not None:
        details |= {
            "ca_pem": str(emu.tls.ca_pem),
            "client_pem": str(emu.tls.client_pem),
            "client_p12": str(emu.tls.client_p12),
        }
    if as_json:
        print(json.dumps(details), flush=True)
        return
    print("Fugaku-in-a-box is running (commands and jobs run as the local user).")
    for key, value in details.items():
        print(f"  {key.replace('_', ' '):<14} {value}")
    print("Press Ctrl-C to stop.", flush=True)


def _on_signals(stop: threading.Event) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
