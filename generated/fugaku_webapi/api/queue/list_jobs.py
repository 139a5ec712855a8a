from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.job_list_response import JobListResponse
from ...models.validation_error import ValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    machine: str,
    *,
    index: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: str | Unset = UNSET,
    jobid: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["index"] = index

    params["limit"] = limit

    params["status"] = status

    params["jobid"] = jobid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/queue/{machine}".format(
            machine=quote(str(machine), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | JobListResponse | ValidationError | None:
    if response.status_code == 200:
        response_200 = JobListResponse.from_dict(response.json())

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
) -> Response[Any | ErrorObject | JobListResponse | ValidationError]:
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
    index: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: str | Unset = UNSET,
    jobid: str | Unset = UNSET,
) -> Response[Any | ErrorObject | JobListResponse | ValidationError]:
    """Running and waiting jobs.

     Jobs still in the queue. Finished jobs leave this list and appear in
    `list_finished_jobs` for 24 hours. An empty queue comes back as
    HTTP 200 with `status: "NG"` and `error: "No Jobs."`: that means no
    jobs, not a failure.

    Args:
        machine (str):
        index (int | Unset):
        limit (int | Unset):
        status (str | Unset):
        jobid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | JobListResponse | ValidationError]
    """

    kwargs = _get_kwargs(
        machine=machine,
        index=index,
        limit=limit,
        status=status,
        jobid=jobid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    index: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: str | Unset = UNSET,
    jobid: str | Unset = UNSET,
) -> Any | ErrorObject | JobListResponse | ValidationError | None:
    """Running and waiting jobs.

     Jobs still in the queue. Finished jobs leave this list and appear in
    `list_finished_jobs` for 24 hours. An empty queue comes back as
    HTTP 200 with `status: "NG"` and `error: "No Jobs."`: that means no
    jobs, not a failure.

    Args:
        machine (str):
        index (int | Unset):
        limit (int | Unset):
        status (str | Unset):
        jobid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | JobListResponse | ValidationError
    """

    return sync_detailed(
        machine=machine,
        client=client,
        index=index,
        limit=limit,
        status=status,
        jobid=jobid,
    ).parsed


async def asyncio_detailed(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    index: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: str | Unset = UNSET,
    jobid: str | Unset = UNSET,
) -> Response[Any | ErrorObject | JobListResponse | ValidationError]:
    """Running and waiting jobs.

     Jobs still in the queue. Finished jobs leave this list and appear in
    `list_finished_jobs` for 24 hours. An empty queue comes back as
    HTTP 200 with `status: "NG"` and `error: "No Jobs."`: that means no
    jobs, not a failure.

    Args:
        machine (str):
        index (int | Unset):
        limit (int | Unset):
        status (str | Unset):
        jobid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | JobListResponse | ValidationError]
    """

    kwargs = _get_kwargs(
        machine=machine,
        index=index,
        limit=limit,
        status=status,
        jobid=jobid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    machine: str,
    *,
    client: AuthenticatedClient | Client,
    index: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: str | Unset = UNSET,
    jobid: str | Unset = UNSET,
) -> Any | ErrorObject | JobListResponse | ValidationError | None:
    """Running and waiting jobs.

     Jobs still in the queue. Finished jobs leave this list and appear in
    `list_finished_jobs` for 24 hours. An empty queue comes back as
    HTTP 200 with `status: "NG"` and `error: "No Jobs."`: that means no
    jobs, not a failure.

    Args:
        machine (str):
        index (int | Unset):
        limit (int | Unset):
        status (str | Unset):
        jobid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | JobListResponse | ValidationError
    """

    return (
        await asyncio_detailed(
            machine=machine,
            client=client,
            index=index,
            limit=limit,
            status=status,
            jobid=jobid,
        )
    ).parsed
