from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.list_directory_view import ListDirectoryView
from ...models.text_response import TextResponse
from ...types import UNSET, Response


def _get_kwargs(
    machine: str,
    dir_path: str,
    *,
    view: ListDirectoryView,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_view: str = view
    params["view"] = json_view

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/file/{machine}/{dir_path}/".format(
            machine=quote(str(machine), safe=""),
            dir_path=quote(str(dir_path), safe="/"),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | TextResponse | None:
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

    if response.status_code == 500:
        response_500 = ErrorObject.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorObject | TextResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    machine: str,
    dir_path: str,
    *,
    client: AuthenticatedClient | Client,
    view: ListDirectoryView,
) -> Response[Any | ErrorObject | TextResponse]:
    """List a directory in `ls -l` form.

     The same endpoint as `download_file`, asked with `view=read`
    (documented) and a trailing slash (verified to list); both are sent
    so either reading of the service lists the directory. `output` is
    `ls -l` style text, one entry a line. `~` is not expanded.

    Args:
        machine (str):
        dir_path (str):
        view (ListDirectoryView):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse]
    """

    kwargs = _get_kwargs(
        machine=machine,
        dir_path=dir_path,
        view=view,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    machine: str,
    dir_path: str,
    *,
    client: AuthenticatedClient | Client,
    view: ListDirectoryView,
) -> Any | ErrorObject | TextResponse | None:
    """List a directory in `ls -l` form.

     The same endpoint as `download_file`, asked with `view=read`
    (documented) and a trailing slash (verified to list); both are sent
    so either reading of the service lists the directory. `output` is
    `ls -l` style text, one entry a line. `~` is not expanded.

    Args:
        machine (str):
        dir_path (str):
        view (ListDirectoryView):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse
    """

    return sync_detailed(
        machine=machine,
        dir_path=dir_path,
        client=client,
        view=view,
    ).parsed


async def asyncio_detailed(
    machine: str,
    dir_path: str,
    *,
    client: AuthenticatedClient | Client,
    view: ListDirectoryView,
) -> Response[Any | ErrorObject | TextResponse]:
    """List a directory in `ls -l` form.

     The same endpoint as `download_file`, asked with `view=read`
    (documented) and a trailing slash (verified to list); both are sent
    so either reading of the service lists the directory. `output` is
    `ls -l` style text, one entry a line. `~` is not expanded.

    Args:
        machine (str):
        dir_path (str):
        view (ListDirectoryView):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse]
    """

    kwargs = _get_kwargs(
        machine=machine,
        dir_path=dir_path,
        view=view,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    dir_path: str,
    *,
    client: AuthenticatedClient | Client,
    view: ListDirectoryView,
) -> Any | ErrorObject | TextResponse | None:
    """List a directory in `ls -l` form.

     The same endpoint as `download_file`, asked with `view=read`
    (documented) and a trailing slash (verified to list); both are sent
    so either reading of the service lists the directory. `output` is
    `ls -l` style text, one entry a line. `~` is not expanded.

    Args:
        machine (str):
        dir_path (str):
        view (ListDirectoryView):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse
    """

    return (
        await asyncio_detailed(
            machine=machine,
            dir_path=dir_path,
            client=client,
            view=view,
        )
    ).parsed
