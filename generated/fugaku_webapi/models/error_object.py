from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.envelope_status import EnvelopeStatus, check_envelope_status

T = TypeVar("T", bound="ErrorObject")


@_attrs_define
class ErrorObject:
    """An error. `err_id` is `E` + audience digit + two-digit function +
    serial (E002011); it may be empty.

    """

    status: EnvelopeStatus
    """ `OK` on success, `NG` otherwise. """
    err_id: str
    err_msg: str
    error: str
    """ Error kind, for example `IO Error`, `Conflict Error`, `job_operation`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        err_id = self.err_id

        err_msg = self.err_msg

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "err_id": err_id,
                "err_msg": err_msg,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = check_envelope_status(d.pop("status"))

        err_id = d.pop("err_id")

        err_msg = d.pop("err_msg")

        error = d.pop("error")

        error_object = cls(
            status=status,
            err_id=err_id,
            err_msg=err_msg,
            error=error,
        )

        error_object.additional_properties = d
        return error_object

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
