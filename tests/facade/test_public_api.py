"""The public surface: ``__all__``, the error module, sync/async lockstep."""

from __future__ import annotations

import inspect

import fugaku
import fugaku.error

EXPECTED = {
    "APIError",
    "Account",
    "AlreadyExists",
    "AsyncFugaku",
    "AuthenticationError",
    "BearerToken",
    "Client",
    "CommandFailed",
    "CompatResponse",
    "ConfigurationError",
    "FileEntry",
    "FileKind",
    "Fugaku",
    "FugakuClientError",
    "InvalidJobId",
    "InvalidRemotePath",
    "Job",
    "JobId",
    "JobState",
    "MachineStatus",
    "NoAccessCode",
    "NoTokenEndpoint",
    "NotFound",
    "Overwrite",
    "PollPolicy",
    "Progress",
    "ProtocolError",
    "RetryPolicy",
    "RunResult",
    "SpecDriftWarning",
    "SubmissionUncertain",
    "TransferError",
    "TransferResult",
    "TransportError",
    "WaitTimeout",
    "job_script",
    "program",
}


def test_all_lists_exactly_the_public_names() -> None:
    assert set(fugaku.__all__) == EXPECTED
    assert fugaku.__all__ == sorted(fugaku.__all__)
    for name in fugaku.__all__:
        assert hasattr(fugaku, name), name


def test_no_private_module_leaks_without_underscore() -> None:
    public = {name for name in dir(fugaku) if not name.startswith("_")}
    assert public - EXPECTED <= {"error"}


def test_original_exceptions_live_in_fugaku_error() -> None:
    for name in ("FugakuClientError", "NoTokenEndpoint", "NoAccessCode"):
        assert getattr(fugaku.error, name) is getattr(fugaku, name)
    assert issubclass(fugaku.NoTokenEndpoint, fugaku.FugakuClientError)
    assert issubclass(fugaku.NoAccessCode, fugaku.FugakuClientError)


def test_every_error_derives_from_the_root() -> None:
    for name in fugaku.error.__all__:
        value = getattr(fugaku.error, name)
        if isinstance(value, type) and not issubclass(value, Warning):
            assert issubclass(value, fugaku.FugakuClientError), name
    assert issubclass(fugaku.CommandFailed, fugaku.FugakuClientError)
    assert issubclass(fugaku.SpecDriftWarning, UserWarning)


def _public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def test_sync_and_async_clients_are_in_lockstep() -> None:
    sync = _public_methods(fugaku.Fugaku)
    asynchronous = _public_methods(fugaku.AsyncFugaku)
    assert sync.keys() == asynchronous.keys()
    for name, signature in sync.items():
        other = asynchronous[name]
        assert list(signature.parameters) == list(other.parameters), name
        assert inspect.iscoroutinefunction(getattr(fugaku.AsyncFugaku, name)), name
    init_sync = inspect.signature(fugaku.Fugaku.__init__).parameters
    init_async = inspect.signature(fugaku.AsyncFugaku.__init__).parameters
    assert list(init_sync) == list(init_async)


def test_compat_client_has_every_original_method() -> None:
    originals = {
        "get_authentication_url": ["redirect_url"],
        "get_machine_status": [],
        "get_specific_machine_status": ["machine"],
        "download_filedata": ["machine", "file_path"],
        "download_fileList": ["machine", "file_path"],
        "upload_file": ["machine", "file_path", "file"],
        "modify_file": ["machine", "file_path", "file"],
        "get_job_status": ["machine", "index", "limit", "status", "jobid"],
        "get_job_status_sacct": ["machine", "index", "limit", "status", "jobid"],
        "get_job_status_saact": ["machine", "index", "limit", "status", "jobid"],
        "get_job_detail": ["machine", "jobid"],
        "make_Jobscript": ["machine", "filename", "script"],
        "submit_job": ["machine", "jobfile", "jobscript", "qopt"],
        "cancel_job": ["machine", "jobid"],
        "exec_command": ["machine", "command"],
        "get_disk_usage": ["machine"],
    }
    for name, params in originals.items():
        signature = inspect.signature(getattr(fugaku.Client, name))
        assert list(signature.parameters)[1:] == params, name
    assert fugaku.Client.get_job_status_saact is fugaku.Client.get_job_status_sacct
    init = list(inspect.signature(fugaku.Client.__init__).parameters)[1:7]
    assert init == [
        "auth_code",
        "client_config",
        "provider_metadata_url",
        "authorization_endpoint",
        "token_endpoint",
        "request_config",
    ]


def test_import_fugaku_defers_the_heavy_imports() -> None:
    import subprocess
    import sys

    code = (
        "import sys, fugaku, fugaku._cli\n"
        "heavy = {'httpx', 'attrs', 'pydantic', 'fugaku_webapi', 'rich'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
