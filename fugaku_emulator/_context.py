"""What every WebAPI handler needs: settings, sandbox, scheduler, counters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from ._config import EmulatorConfig
from ._paths import PathText
from ._responses import error
from ._sandbox import Sandbox
from ._scheduler import Scheduler
from ._stats import Stats

__all__ = ["ApiContext"]

# err_id = "E" + audience digit + two-digit function + serial (facts sheet).
FUNCTION_CODES = {
    "status": "00",
    "command": "01",
    "file": "02",
    "queue": "03",
    "usage": "04",
}


@dataclass
class ApiContext:
    """Shared state of the WebAPI handlers."""

    config: EmulatorConfig
    sandbox: Sandbox
    scheduler: Scheduler
    stats: Stats
    paths: PathText
    environment: Callable[[], dict[str, str]]

    def bad_machine(self, request: Request, function: str) -> Response | None:
        """Return a 400 answer when the path names an unknown machine.

        The real answer is not documented; 400 ``Parameter Error`` is the
        emulator's choice.
        """
        if request.path_params.get("machine") == self.config.machine:
            return None
        err_id = f"E0{FUNCTION_CODES[function]}001"
        return error(400, err_id, "Invalid machine name.", "Parameter Error")
