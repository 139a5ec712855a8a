from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.command_request import CommandRequest
from ...models.error_object import ErrorObject
from ...models.text_response import TextResponse
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    machine: str,
    *,
    body: CommandRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/command/{machine}/".format(
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
    body: CommandRequest,
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    """Run a shell command on a login node.

     The command runs through a shell on a login node: `~`, `$HOME`, `;`
    and pipes work. `output` is the command's standard output. Where
    standard error and the exit status go is not documented. Login-node
    work only: heavy computation belongs in jobs.

    Args:
        machine (str):
        body (CommandRequest):

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
    body: CommandRequest,
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    """Run a shell command on a login node.

     The command runs through a shell on a login node: `~`, `$HOME`, `;`
    and pipes work. `output` is the command's standard output. Where
    standard error and the exit status go is not documented. Login-node
    work only: heavy computation belongs in jobs.

    Args:
        machine (str):
        body (CommandRequest):

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
    body: CommandRequest,
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    """Run a shell command on a login node.

     The command runs through a shell on a login node: `~`, `$HOME`, `;`
    and pipes work. `output` is the command's standard output. Where
    standard error and the exit status go is not documented. Login-node
    work only: heavy computation belongs in jobs.

    Args:
        machine (str):
        body (CommandRequest):

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
    body: CommandRequest,
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    """Run a shell command on a login node.

     The command runs through a shell on a login node: `~`, `$HOME`, `;`
    and pipes work. `output` is the command's standard output. Where
    standard error and the exit status go is not documented. Login-node
    work only: heavy computation belongs in jobs.

    Args:
        machine (str):
        body (CommandRequest):

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
