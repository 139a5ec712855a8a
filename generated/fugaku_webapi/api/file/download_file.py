from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...types import File, Response


def _get_kwargs(
    machine: str,
    file_path: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/file/{machine}/{file_path}".format(
            machine=quote(str(machine), safe=""),
            file_path=quote(str(file_path), safe="/"),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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
) -> Response[Any | ErrorObject | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    machine: str,
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorObject | File]:
    """Download a file's bytes.

     The body is the raw file content. The path is absolute, without its
    leading slash: the service does not expand `~`. A missing or
    unreadable file gives 400 `File Download Error` (E002002).

    Args:
        machine (str):
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | File]
    """

    kwargs = _get_kwargs(
        machine=machine,
        file_path=file_path,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    machine: str,
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorObject | File | None:
    """Download a file's bytes.

     The body is the raw file content. The path is absolute, without its
    leading slash: the service does not expand `~`. A missing or
    unreadable file gives 400 `File Download Error` (E002002).

    Args:
        machine (str):
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | File
    """

    return sync_detailed(
        machine=machine,
        file_path=file_path,
        client=client,
    ).parsed


async def asyncio_detailed(
    machine: str,
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorObject | File]:
    """Download a file's bytes.

     The body is the raw file content. The path is absolute, without its
    leading slash: the service does not expand `~`. A missing or
    unreadable file gives 400 `File Download Error` (E002002).

    Args:
        machine (str):
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | File]
    """

    kwargs = _get_kwargs(
        machine=machine,
        file_path=file_path,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorObject | File | None:
    """Download a file's bytes.

     The body is the raw file content. The path is absolute, without its
    leading slash: the service does not expand `~`. A missing or
    unreadable file gives 400 `File Download Error` (E002002).

    Args:
        machine (str):
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | File
    """

    return (
        await asyncio_detailed(
            machine=machine,
            file_path=file_path,
            client=client,
        )
    ).parsed
