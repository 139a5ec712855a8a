"""Fugaku-in-a-box: the WebAPI and its identity provider on loopback.

Every operation of ``spec/fugaku-webapi.yaml`` runs for real over a sandbox
directory standing for the machine's file system, with a PJM-like scheduler
and a Keycloak-shaped OpenID provider::

    from fugaku_emulator import Emulator, EmulatorConfig

    with Emulator(EmulatorConfig(submit_delay=0.0)) as emu:
        tokens = emu.token_response()
        ...

Commands and job scripts find ``pjsub``, ``pjstat``, ``pjdel`` and an
``mpiexec`` stand-in on their ``PATH``, and see ``/home/<account>`` paths
in their output as on Fugaku.

Warning: commands (``POST /command``) and job scripts run as the local user,
as they would on a login node. File requests cannot leave the sandbox, but a
shell can. That is why the emulator binds to loopback only and every WebAPI
call needs a valid token (or, with TLS on, a client certificate).
"""

from ._config import EmulatorConfig
from ._faults import FaultRule, Faults
from ._jobscript import render_script
from ._sandbox import Sandbox, SandboxError
from ._scheduler import Scheduler
from ._server import Emulator, is_loopback
from ._stats import Stats
from ._tls import TlsMaterial

__all__ = [
    "Emulator",
    "EmulatorConfig",
    "FaultRule",
    "Faults",
    "Sandbox",
    "SandboxError",
    "Scheduler",
    "Stats",
    "TlsMaterial",
    "is_loopback",
    "render_script",
]
