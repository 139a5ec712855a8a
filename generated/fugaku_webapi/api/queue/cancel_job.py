from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.text_response import TextResponse
from ...types import Response


def _get_kwargs(
    machine: str,
    jobid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/queue/{machine}/{jobid}".format(
            machine=quote(str(machine), safe=""),
            jobid=quote(str(jobid), safe=""),
        ),
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
    jobid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorObject | TextResponse]:
    """Cancel a job (pjdel).

     Output is pjdel's message, for example
    `[INFO] PJM 0100 pjdel Accepted job 1394270.`. Cancelling a job that
    already finished was seen as a 400 whose message says the job does
    not exist (`[ERR.] PJM 0112 pjdel Job "X" does not exist.`): treat it
    as "already finished".

    Args:
        machine (str):
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse]
    """

    kwargs = _get_kwargs(
        machine=machine,
        jobid=jobid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    machine: str,
    jobid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorObject | TextResponse | None:
    """Cancel a job (pjdel).

     Output is pjdel's message, for example
    `[INFO] PJM 0100 pjdel Accepted job 1394270.`. Cancelling a job that
    already finished was seen as a 400 whose message says the job does
    not exist (`[ERR.] PJM 0112 pjdel Job "X" does not exist.`): treat it
    as "already finished".

    Args:
        machine (str):
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse
    """

    return sync_detailed(
        machine=machine,
        jobid=jobid,
        client=client,
    ).parsed


async def asyncio_detailed(
    machine: str,
    jobid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorObject | TextResponse]:
    """Cancel a job (pjdel).

     Output is pjdel's message, for example
    `[INFO] PJM 0100 pjdel Accepted job 1394270.`. Cancelling a job that
    already finished was seen as a 400 whose message says the job does
    not exist (`[ERR.] PJM 0112 pjdel Job "X" does not exist.`): treat it
    as "already finished".

    Args:
        machine (str):
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | TextResponse]
    """

    kwargs = _get_kwargs(
        machine=machine,
        jobid=jobid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    jobid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorObject | TextResponse | None:
    """Cancel a job (pjdel).

     Output is pjdel's message, for example
    `[INFO] PJM 0100 pjdel Accepted job 1394270.`. Cancelling a job that
    already finished was seen as a 400 whose message says the job does
    not exist (`[ERR.] PJM 0112 pjdel Job "X" does not exist.`): treat it
    as "already finished".

    Args:
        machine (str):
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | TextResponse
    """

    return (
        await asyncio_detailed(
            machine=machine,
            jobid=jobid,
            client=client,
        )
    ).parsed
