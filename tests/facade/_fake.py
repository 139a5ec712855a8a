"""An in-memory WebAPI for unit tests, served through httpx.MockTransport.

It knows just enough of the service for the facade's unit tests: status,
a few shell commands (account lookup, ``ls -ld``, ``sha256sum``, ``mkdir``,
``rm``), file upload/download/listing, and a job table. Tests override single
routes through ``overrides`` to inject faults. End-to-end behaviour is tested
against fugaku_emulator instead.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import httpx

HOME = "/home/u10001"
Handler = Callable[[httpx.Request], httpx.Response | None]


def ok(output: Any) -> httpx.Response:
    return httpx.Response(200, json={"status": "OK", "output": output, "error": ""})


def ng(status: int, err_id: str, err_msg: str, error: str) -> httpx.Response:
    body = {"status": "NG", "err_id": err_id, "err_msg": err_msg, "error": error}
    return httpx.Response(status, json=body)


class FakeAPI:
    """State and routing of the fake service."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.jobs: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.overrides: list[Handler] = []
        self.next_id = 100

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def count(self, method: str, prefix: str) -> int:
        return sum(
            1
            for r in self.requests
            if r.method == method and r.url.path.startswith(prefix)
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.content)
        for override in list(self.overrides):
            answer = override(request)
            if answer is not None:
                return answer
        return self.route(request)

    def route(self, request: httpx.Request) -> httpx.Response:
        path = unquote(request.url.raw_path.decode().split("?")[0])
        method = request.method
        if path == "/status/":
            return httpx.Response(200, json=[{"status": "OK", "machine": "computer"}])
        if path.startswith("/status/"):
            return httpx.Response(200, json={"status": "OK", "machine": path[8:]})
        if path == "/command/computer/":
            return self.command(json.loads(request.content)["command"])
        if path.startswith("/file/computer/"):
            return self.file(method, "/" + path[len("/file/computer/") :], request)
        if path.startswith("/queue/computer"):
            return self.queue(method, path[len("/queue/computer") :], request)
        return httpx.Response(404, text="no route")

    # --- commands ---------------------------------------------------------------

    def command(self, line: str) -> httpx.Response:
        if "id -Gn" in line:
            return ok(f"u10001\n{HOME}\nhp120001 extra\n")
        match = re.match(r"\{ (.*) ; \} 2>&1 && echo (\S+)$", line)
        if match is None:
            return ok(f"ran: {line}\n")
        words = [w.replace("$HOME", HOME) for w in shlex.split(match.group(1))]
        mark = match.group(2)
        output, good = self.helper(words)
        return ok(output + (f"{mark}\n" if good else ""))

    def helper(self, words: list[str]) -> tuple[str, bool]:
        target = words[-1]
        if words[0] == "ls":
            return self.ls_line(target)
        if words[0] == "sha256sum":
            data = self.files.get(target)
            if data is None:
                return "sha256sum: no such file\n", False
            return f"{hashlib.sha256(data).hexdigest()}  {target}\n", True
        if words[0] in ("mkdir", "rm"):
            if words[0] == "rm":
                self.files.pop(target, None)
            return "", True
        return "unknown\n", False

    def ls_line(self, target: str) -> tuple[str, bool]:
        if target in self.files:
            size = len(self.files[target])
            return f"-rw-r--r-- 1 u10001 hp120001 {size} Dec  4 15:44 {target}\n", True
        if any(name.startswith(target.rstrip("/") + "/") for name in self.files):
            return f"drwxr-xr-x 2 u10001 hp120001 4096 Dec  4 15:44 {target}\n", True
        return f"ls: cannot access '{target}': No such file or directory\n", False

    # --- files ------------------------------------------------------------------

    def file(self, method: str, path: str, request: httpx.Request) -> httpx.Response:
        if method == "GET" and request.url.params.get("view") == "read":
            return self.listing(path.rstrip("/"))
        if method == "GET":
            if path not in self.files:
                return ng(400, "E002002", "File Download Error", "IO Error")
            return httpx.Response(200, content=self.files[path])
        if method == "POST" and path in self.files:
            return ng(409, "E002011", "Already file exists.", "Conflict Error")
        self.files[path] = _multipart_file(request)
        return ok("0")

    def listing(self, directory: str) -> httpx.Response:
        if directory in self.files:
            return ok(
                self.ls_line(directory)[0].replace(
                    directory, directory.rsplit("/", 1)[1]
                )
            )
        if directory != HOME and not any(
            n.startswith(directory + "/") for n in self.files
        ):
            return ng(400, "E002002", "File Download Error", "IO Error")
        lines = ["total 8"]
        for name, data in sorted(self.files.items()):
            parent, _, base = name.rpartition("/")
            if parent == directory:
                lines.append(
                    f"-rw-r--r-- 1 u10001 hp120001 {len(data)} Dec  4 15:44 {base}"
                )
        return ok("\n".join(lines) + "\n")

    # --- queue ------------------------------------------------------------------

    def queue(self, method: str, rest: str, request: httpx.Request) -> httpx.Response:
        if method == "GET" and rest == "":
            return _job_list(self.jobs)
        if method == "GET" and rest == "/sacct":
            return _job_list(self.history)
        if method == "POST" and rest == "/":
            return self.submit(json.loads(request.content))
        jobid = rest.lstrip("/")
        if method == "GET":
            found = [job for job in self.jobs if str(job["jobid"]) == jobid]
            if not found:
                return ng(
                    400,
                    "E003001",
                    f'[ERR.] PJM 0112 Job "{jobid}" does not exist.',
                    "job_operation",
                )
            return ok(found)
        if method == "DELETE":
            return self.cancel(jobid)
        return httpx.Response(405)

    def submit(self, body: dict[str, Any]) -> httpx.Response:
        job = self.add_job(_name_of(body), "QUE")
        return ok(f"[INFO] PJM 0000 pjsub Job {job['jobid']} submitted.")

    def add_job(
        self, name: str, status: str, *, history: bool = False
    ) -> dict[str, Any]:
        self.next_id += 1
        job = {
            "jobid": self.next_id,
            "jid": str(self.next_id),
            "name": name,
            "user": "u10001",
            "timeuse": "",
            "status": status,
            "queue": "rscunit_ft01",
            "rsc_grp": "small",
            "accept_time": datetime.now(UTC).isoformat(timespec="seconds"),
            "end_code": "" if not history else "0",
            "pjm_code": "" if not history else 0,
        }
        (self.history if history else self.jobs).append(job)
        return job

    def finish(self, jobid: int, status: str = "EXT", end_code: int = 0) -> None:
        job = next(job for job in self.jobs if job["jobid"] == jobid)
        self.jobs.remove(job)
        self.history.append({**job, "status": status, "end_code": end_code})

    def cancel(self, jobid: str) -> httpx.Response:
        for job in self.jobs:
            if str(job["jobid"]) == jobid:
                self.finish(job["jobid"], "CCL")
                return ok(f"[INFO] PJM 0100 pjdel Accepted job {jobid}.")
        return ng(
            400,
            "E003002",
            f'[ERR.] PJM 0112 pjdel Job "{jobid}" does not exist.',
            "job_operation",
        )


def _job_list(jobs: list[dict[str, Any]]) -> httpx.Response:
    if not jobs:
        return httpx.Response(
            200, json={"status": "NG", "output": "", "error": "No Jobs."}
        )
    return ok(jobs)


def _name_of(body: dict[str, Any]) -> str:
    words = shlex.split(body.get("qopt") or "")
    if "-N" in words:
        return words[words.index("-N") + 1]
    jobfile = body.get("jobfile")
    return jobfile.rsplit("/", 1)[-1] if jobfile else "STDIN"


def _multipart_file(request: httpx.Request) -> bytes:
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    body = request.content
    part = body.split(b"--" + boundary)[1]
    return part.split(b"\r\n\r\n", 1)[1][: -len(b"\r\n")]


def now() -> float:
    return time.time()
