"""JSON request bodies checked the way the real (FastAPI) service does.

The facts sheet shows pydantic-v1 style 422 bodies
(``"msg": "field required", "type": "value_error.missing"``); numbers are
coerced to text as pydantic v1 did for ``str`` fields, but booleans are
refused (a client sending ``true`` for a command has a bug worth seeing).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ._responses import validation_error

__all__ = ["BodyError", "read_json_body", "read_json_object"]


class BodyError(Exception):
    """The body failed validation; ``response`` is the 422 answer."""

    def __init__(self, response: Response) -> None:
        super().__init__("invalid request body")
        self.response = response


async def read_json_body(
    request: Request, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Parse a JSON object and check its text fields.

    Args:
        request: The incoming request.
        required: Text fields that must be present.
        optional: Text fields that may be present.

    Returns:
        The body with every listed field coerced to text (absent optional
        fields are left out); other fields are kept as they came.

    Raises:
        BodyError: The body is missing, not JSON, not an object, or a field
            is missing or not text.
    """
    data = await read_json_object(request)
    for name in required:
        if data.get(name) is None:
            raise BodyError(
                validation_error(
                    ["body", name], "field required", "value_error.missing"
                )
            )
    for name in (*required, *optional):
        if data.get(name) is not None:
            data[name] = _as_text(name, data[name])
    return data


async def read_json_object(request: Request) -> dict[str, Any]:
    """Read the body as a JSON object.

    Raises:
        BodyError: The body is missing, not JSON or not an object.
    """
    raw = await request.body()
    if not raw.strip():
        raise BodyError(
            validation_error(["body"], "field required", "value_error.missing")
        )
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BodyError(
            validation_error(["body", 0], "Expecting value", "value_error.jsondecode")
        ) from exc
    if not isinstance(data, dict):
        raise BodyError(
            validation_error(["body"], "value is not a valid dict", "type_error.dict")
        )
    return data


def _as_text(name: str, value: Any) -> str:
    """Coerce a number to text; refuse containers."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise BodyError(
        validation_error(["body", name], "str type expected", "type_error.str")
    )
