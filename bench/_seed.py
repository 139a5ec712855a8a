"""Fill the emulator's queue with waiting jobs, and cancel them afterwards.

The emulator has no hook to insert queue records, so jobs are submitted for
real; with ``max_running=0`` none of them starts, they all wait in QUE.
"""

from __future__ import annotations

import httpx

__all__ = ["QUEUED_CONFIG", "cancel_jobs", "seed_jobs"]

QUEUED_CONFIG = {"max_running": 0, "submit_delay": 0.0, "token_lifetime": 3600}
SCRIPT = "#!/bin/sh\n#PJM -L elapse=01:00:00\n#PJM -N bench\nsleep 3600\n"


def seed_jobs(api_url: str, token: str, count: int) -> list[str]:
    """Submit ``count`` long-sleeping jobs; return their ids."""
    headers = {"Authorization": f"Bearer {token}"}
    ids = []
    with httpx.Client(base_url=api_url, headers=headers, timeout=30.0) as http:
        for _ in range(count):
            answer = http.post("/queue/computer/", json={"jobscript": SCRIPT})
            answer.raise_for_status()
            ids.append(answer.json()["output"].split("Job ")[1].split()[0])
    return ids


def cancel_jobs(api_url: str, token: str, ids: list[str]) -> None:
    """Cancel the seeded jobs with one pjdel range."""
    if not ids:
        return
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api_url, headers=headers, timeout=30.0) as http:
        http.delete(f"/queue/computer/{ids[0]}-{ids[-1]}")
