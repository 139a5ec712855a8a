"""Settings of one emulator instance."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["EmulatorConfig"]

DEFAULT_REDIRECT_URIS = ("http://localhost/*", "http://127.0.0.1/*")
DEFAULT_RESOURCE_GROUPS = (
    "small",
    "small-free",
    "small-s5",
    "large",
    "large-free",
    "huge",
    "int",
)


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything an emulator instance can be told.

    Attributes:
        host: Address to bind; loopback unless ``allow_remote`` is set.
        port: TCP port; 0 picks a free one.
        allow_remote: Permit a non-loopback ``host`` (commands run as you!).
        sandbox_root: Local directory standing for ``/`` of the machine;
            ``None`` makes a temporary one that is removed on close.
        account: The Fugaku account (``preferred_username``).
        group: The account's primary group (``pjsub -g`` default).
        extra_groups: Further groups the account may charge jobs to.
        machine: The one machine name.
        submit_delay: Seconds a submission takes (the real pjsub takes tens).
        token_lifetime: Access-token lifetime in seconds (Keycloak: 300).
        session_lifetime: Lifetime of a non-offline refresh token in seconds.
        rotate_refresh_tokens: Issue a new refresh token on every refresh and
            revoke the grant when an old one is used again.
        auto_approve: The auth endpoint redirects at once, no login page.
        require_pkce: Refuse authorization requests without S256 PKCE.
        tls: Serve HTTPS with certificates made on the fly; client
            certificates are then accepted instead of a token.
        command_timeout: Time limit of ``POST /command`` in seconds.
        restricted: Never run anything: commands are echoed, job scripts are
            replaced by ``exit 0`` (for random contract testing).
        history_seconds: How long finished jobs stay in ``sacct`` (24 h).
        default_elapse: Elapse limit in seconds when a job gives none.
        max_running: Jobs running at once; the rest wait in QUE.
        resource_groups: Known ``rscgrp`` names.
        resource_unit: The ``rscunit`` every job lands in.
        first_jobid: The first job id handed out.
        client_id: The registered confidential client.
        client_secret: Its secret; ``None`` generates one.
        redirect_uris: Registered redirect URIs; ``*`` at the end is a
            wildcard and loopback URIs match any port (as in Keycloak).
        fault_seed: Seed of the fault-injection random generator.
    """

    host: str = "127.0.0.1"
    port: int = 0
    allow_remote: bool = False
    sandbox_root: Path | None = None
    account: str = "u10001"
    group: str = "hp120001"
    extra_groups: tuple[str, ...] = ()
    machine: str = "computer"
    submit_delay: float = 0.0
    token_lifetime: int = 300
    session_lifetime: int = 1800
    rotate_refresh_tokens: bool = False
    auto_approve: bool = False
    require_pkce: bool = True
    tls: bool = False
    command_timeout: float = 60.0
    restricted: bool = False
    history_seconds: float = 86400.0
    default_elapse: int = 3600
    max_running: int = 16
    resource_groups: tuple[str, ...] = DEFAULT_RESOURCE_GROUPS
    resource_unit: str = "rscunit_ft01"
    first_jobid: int = 1394270
    client_id: str = "fugaku-emulator-client"
    client_secret: str | None = None
    redirect_uris: tuple[str, ...] = field(default=DEFAULT_REDIRECT_URIS)
    fault_seed: int | None = None

    def replace(self, **changes: object) -> EmulatorConfig:
        """Return a copy with some settings changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def groups(self) -> tuple[str, ...]:
        """Every group the account may use, the primary one first."""
        return (self.group, *self.extra_groups)
