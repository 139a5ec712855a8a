from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.envelope_status import EnvelopeStatus, check_envelope_status

T = TypeVar("T", bound="TextResponse")


@_attrs_define
class TextResponse:
    """The envelope whose `output` is text."""

    status: EnvelopeStatus
    """ `OK` on success, `NG` otherwise. """
    output: str
    """ Command output, pjsub/pjdel message, listing, or `"0"`. """
    error: str
    """ Empty on success. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        output = self.output

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "output": output,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = check_envelope_status(d.pop("status"))

        output = d.pop("output")

        error = d.pop("error")

        text_response = cls(
            status=status,
            output=output,
            error=error,
        )

        text_response.additional_properties = d
        return text_response

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
