from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.any_response import AnyResponse
from ...models.error_object import ErrorObject
from ...types import Response


def _get_kwargs(
    machine: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/usage/{machine}/disk/".format(
            machine=quote(str(machine), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | AnyResponse | ErrorObject | None:
    if response.status_code == 200:
        response_200 = AnyResponse.from_dict(response.json())

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

    if response.status_code == 500:
        response_500 = ErrorObject.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | AnyResponse | ErrorObject]:
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
) -> Response[Any | AnyResponse | ErrorObject]:
    """Disk usage of the user's file systems.

     Appears only in the official SDK's code; the shape of `output` is not
    documented (text is the likely form).

    Args:
        machine (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AnyResponse | ErrorObject]
    """

    kwargs = _get_kwargs(
        machine=machine,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | AnyResponse | ErrorObject | None:
    """Disk usage of the user's file systems.

     Appears only in the official SDK's code; the shape of `output` is not
    documented (text is the likely form).

    Args:
        machine (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AnyResponse | ErrorObject
    """

    return sync_detailed(
        machine=machine,
        client=client,
    ).parsed


async def asyncio_detailed(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | AnyResponse | ErrorObject]:
    """Disk usage of the user's file systems.

     Appears only in the official SDK's code; the shape of `output` is not
    documented (text is the likely form).

    Args:
        machine (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AnyResponse | ErrorObject]
    """

    kwargs = _get_kwargs(
        machine=machine,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | AnyResponse | ErrorObject | None:
    """Disk usage of the user's file systems.

     Appears only in the official SDK's code; the shape of `output` is not
    documented (text is the likely form).

    Args:
        machine (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AnyResponse | ErrorObject
    """

    return (
        await asyncio_detailed(
            machine=machine,
            client=client,
        )
    ).parsed
