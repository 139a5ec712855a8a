"""Which operation a request is: the spec's operation ids, and the IdP's."""

from __future__ import annotations

import re

__all__ = ["API_OPERATIONS", "IDP_OPERATIONS", "operation_for"]

_M = r"[^/]+"
_TABLE: tuple[tuple[str, str, str], ...] = (
    ("GET", r"/status/", "list_machines"),
    ("GET", rf"/status/{_M}", "get_machine_status"),
    ("POST", rf"/command/{_M}/", "run_command"),
    ("POST", rf"/file/{_M}/.+", "upload_file"),
    ("PUT", rf"/file/{_M}/.+", "overwrite_file"),
    ("GET", rf"/file/{_M}/.+/", "list_directory"),
    ("GET", rf"/file/{_M}/.+", "download_file"),
    ("GET", rf"/queue/{_M}", "list_jobs"),
    ("POST", rf"/queue/{_M}/", "submit_job"),
    ("GET", rf"/queue/{_M}/sacct", "list_finished_jobs"),
    ("PUT", rf"/queue/{_M}/jobscript", "create_job_script"),
    ("GET", rf"/queue/{_M}/{_M}", "get_job"),
    ("DELETE", rf"/queue/{_M}/{_M}", "cancel_job"),
    ("GET", rf"/usage/{_M}/disk/", "get_disk_usage"),
    ("*", r"/auth/realms/op/\.well-known/openid-configuration", "discovery"),
    ("*", r"/auth/realms/op/protocol/openid-connect/auth", "authorize"),
    ("*", r"/auth/realms/op/login-actions/authenticate", "login"),
    ("*", r"/auth/realms/op/protocol/openid-connect/token", "token"),
    ("*", r"/auth/realms/op/protocol/openid-connect/certs", "certs"),
    ("*", r"/auth/realms/op/protocol/openid-connect/userinfo", "userinfo"),
    ("*", r"/auth/realms/op/protocol/openid-connect/logout", "logout"),
    ("*", r"/auth/realms/op/protocol/openid-connect/revoke", "revoke"),
)
_COMPILED = [(method, re.compile(path, re.DOTALL), op) for method, path, op in _TABLE]
API_OPERATIONS = frozenset(op for method, _, op in _TABLE if method != "*")
IDP_OPERATIONS = frozenset(op for method, _, op in _TABLE if method == "*")


def operation_for(method: str, path: str, query: str = "") -> str | None:
    """Return the operation id of a request, or ``None`` if it has none."""
    if method == "GET" and path.startswith("/file/") and "view=read" in query:
        return "list_directory"
    for wanted, pattern, operation in _COMPILED:
        if wanted in ("*", method) and pattern.fullmatch(path):
            return operation
    return None
