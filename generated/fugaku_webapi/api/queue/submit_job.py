from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.submit_request import SubmitRequest
from ...models.text_response import TextResponse
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    machine: str,
    *,
    body: SubmitRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/queue/{machine}/".format(
            machine=quote(str(machine), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    if response.status_code == 200:
        response_200 = TextResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorObject.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 422:
        response_422 = ValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = ErrorObject.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitRequest,
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    """Submit a job (pjsub).

     Runs pjsub synchronously: the answer takes tens of seconds. A client
    that times out may still have submitted the job, so it must look the
    job up (by name) before ever submitting again; never retry this
    operation blindly. The body is JSON (verified; the Swagger file says
    form fields). `jobfile` wins when both `jobfile` and `jobscript` are
    given. Missing parameters give 400 `There are not enough parameters.`.

    Args:
        machine (str):
        body (SubmitRequest): Give `jobfile` or `jobscript`; `jobfile` wins when both are set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse | ValidationError]
    """

    kwargs = _get_kwargs(
        machine=machine,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitRequest,
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    """Submit a job (pjsub).

     Runs pjsub synchronously: the answer takes tens of seconds. A client
    that times out may still have submitted the job, so it must look the
    job up (by name) before ever submitting again; never retry this
    operation blindly. The body is JSON (verified; the Swagger file says
    form fields). `jobfile` wins when both `jobfile` and `jobscript` are
    given. Missing parameters give 400 `There are not enough parameters.`.

    Args:
        machine (str):
        body (SubmitRequest): Give `jobfile` or `jobscript`; `jobfile` wins when both are set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse | ValidationError
    """

    return sync_detailed(
        machine=machine,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitRequest,
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    """Submit a job (pjsub).

     Runs pjsub synchronously: the answer takes tens of seconds. A client
    that times out may still have submitted the job, so it must look the
    job up (by name) before ever submitting again; never retry this
    operation blindly. The body is JSON (verified; the Swagger file says
    form fields). `jobfile` wins when both `jobfile` and `jobscript` are
    given. Missing parameters give 400 `There are not enough parameters.`.

    Args:
        machine (str):
        body (SubmitRequest): Give `jobfile` or `jobscript`; `jobfile` wins when both are set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse | ValidationError]
    """

    kwargs = _get_kwargs(
        machine=machine,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitRequest,
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    """Submit a job (pjsub).

     Runs pjsub synchronously: the answer takes tens of seconds. A client
    that times out may still have submitted the job, so it must look the
    job up (by name) before ever submitting again; never retry this
    operation blindly. The body is JSON (verified; the Swagger file says
    form fields). `jobfile` wins when both `jobfile` and `jobscript` are
    given. Missing parameters give 400 `There are not enough parameters.`.

    Args:
        machine (str):
        body (SubmitRequest): Give `jobfile` or `jobscript`; `jobfile` wins when both are set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse | ValidationError
    """

    return (
        await asyncio_detailed(
            machine=machine,
            client=client,
            body=body,
        )
    ).parsed
