from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.file_upload import FileUpload
from ...models.text_response import TextResponse
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    machine: str,
    file_path: str,
    *,
    body: FileUpload,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/file/{machine}/{file_path}".format(
            machine=quote(str(machine), safe=""),
            file_path=quote(str(file_path), safe="/"),
        ),
    }

    _kwargs["files"] = body.to_multipart()

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

    if response.status_code == 409:
        response_409 = ErrorObject.from_dict(response.json())

        return response_409

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
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpload,
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    """Create a file; fails with 409 if it exists.

     The body is `multipart/form-data` with one field named `file`
    (verified; the official Swagger file says url-encoded, which is
    wrong). Success output is `"0"`. An existing file gives 409
    `Already file exists.`; a permission problem gives 400 `IO Error`.

    Args:
        machine (str):
        file_path (str):
        body (FileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse | ValidationError]
    """

    kwargs = _get_kwargs(
        machine=machine,
        file_path=file_path,
        body=body,
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
    body: FileUpload,
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    """Create a file; fails with 409 if it exists.

     The body is `multipart/form-data` with one field named `file`
    (verified; the official Swagger file says url-encoded, which is
    wrong). Success output is `"0"`. An existing file gives 409
    `Already file exists.`; a permission problem gives 400 `IO Error`.

    Args:
        machine (str):
        file_path (str):
        body (FileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse | ValidationError
    """

    return sync_detailed(
        machine=machine,
        file_path=file_path,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    machine: str,
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpload,
) -> Response[Any | ErrorObject | TextResponse | ValidationError]:
    """Create a file; fails with 409 if it exists.

     The body is `multipart/form-data` with one field named `file`
    (verified; the official Swagger file says url-encoded, which is
    wrong). Success output is `"0"`. An existing file gives 409
    `Already file exists.`; a permission problem gives 400 `IO Error`.

    Args:
        machine (str):
        file_path (str):
        body (FileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse | ValidationError]
    """

    kwargs = _get_kwargs(
        machine=machine,
        file_path=file_path,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    file_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpload,
) -> Any | ErrorObject | TextResponse | ValidationError | None:
    """Create a file; fails with 409 if it exists.

     The body is `multipart/form-data` with one field named `file`
    (verified; the official Swagger file says url-encoded, which is
    wrong). Success output is `"0"`. An existing file gives 409
    `Already file exists.`; a permission problem gives 400 `IO Error`.

    Args:
        machine (str):
        file_path (str):
        body (FileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse | ValidationError
    """

    return (
        await asyncio_detailed(
            machine=machine,
            file_path=file_path,
            client=client,
            body=body,
        )
    ).parsed
