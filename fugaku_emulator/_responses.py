"""Answers in the WebAPI's envelope, built from the generated models.

Building every body through ``fugaku_webapi.models`` keeps the emulator on
the contract: a field the spec does not have cannot be sent by accident.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from fugaku_webapi.models import (
    ErrorObject,
    JobListResponse,
    JobRecord,
    TextResponse,
    ValidationError,
    ValidationErrorItem,
)

__all__ = [
    "error",
    "forbidden",
    "job_list",
    "missing",
    "no_jobs",
    "text",
    "unauthorized",
    "validation_error",
]


def text(output: str, *, error_text: str = "") -> JSONResponse:
    """Return ``{"status": "OK", "output": output, "error": ""}``."""
    body = TextResponse(status="OK", output=output, error=error_text)
    return JSONResponse(body.to_dict())


def error(status_code: int, err_id: str, err_msg: str, kind: str) -> JSONResponse:
    """Return an ``ErrorObject`` with the given HTTP status."""
    body = ErrorObject(status="NG", err_id=err_id, err_msg=err_msg, error=kind)
    return JSONResponse(body.to_dict(), status_code=status_code)


def job_list(records: list[JobRecord]) -> JSONResponse:
    """Return job records, or the ``No Jobs.`` answer when there are none."""
    if not records:
        return no_jobs()
    body = JobListResponse(status="OK", output=records, error="")
    return JSONResponse(body.to_dict())


def no_jobs() -> JSONResponse:
    """Return HTTP 200 ``{"status": "NG", "error": "No Jobs.", "output": ""}``."""
    body = JobListResponse(status="NG", output="", error="No Jobs.")
    return JSONResponse(body.to_dict())


def validation_error(loc: list[str | int], msg: str, kind: str) -> JSONResponse:
    """Return a FastAPI-style 422 body for one invalid or missing field."""
    item = ValidationErrorItem(loc=loc, msg=msg, type_=kind)
    return JSONResponse(ValidationError(detail=[item]).to_dict(), status_code=422)


def missing(*loc: str | int) -> JSONResponse:
    """Return the 422 answer for a missing field (``value_error.missing``)."""
    return validation_error(list(loc), "field required", "value_error.missing")


def unauthorized(description: str) -> Response:
    """Return 401 with a Bearer challenge, as for an expired or bad token."""
    challenge = (
        f'Bearer realm="op", error="invalid_token", error_description="{description}"'
    )
    body: dict[str, Any] = {"detail": description}
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": challenge})


def forbidden() -> Response:
    """Return 403 for a request with no credentials (FastAPI's HTTPBearer)."""
    return JSONResponse({"detail": "Not authenticated"}, status_code=403)
