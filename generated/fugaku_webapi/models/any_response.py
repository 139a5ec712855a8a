from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.envelope_status import EnvelopeStatus, check_envelope_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.any_response_output_type_1 import AnyResponseOutputType1


T = TypeVar("T", bound="AnyResponse")


@_attrs_define
class AnyResponse:
    """The envelope whose `output` shape is not documented (text or an object)."""

    status: EnvelopeStatus
    """ `OK` on success, `NG` otherwise. """
    output: AnyResponseOutputType1 | None | str | Unset = UNSET
    """ Text or an object. """
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.any_response_output_type_1 import AnyResponseOutputType1

        status: str = self.status

        output: dict[str, Any] | None | str | Unset
        if isinstance(self.output, Unset):
            output = UNSET
        elif isinstance(self.output, AnyResponseOutputType1):
            output = self.output.to_dict()
        else:
            output = self.output

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if output is not UNSET:
            field_dict["output"] = output
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.any_response_output_type_1 import AnyResponseOutputType1

        d = dict(src_dict)
        status = check_envelope_status(d.pop("status"))

        def _parse_output(data: object) -> AnyResponseOutputType1 | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                output_type_1 = AnyResponseOutputType1.from_dict(data)

                return output_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AnyResponseOutputType1 | None | str | Unset, data)

        output = _parse_output(d.pop("output", UNSET))

        error = d.pop("error", UNSET)

        any_response = cls(
            status=status,
            output=output,
            error=error,
        )

        any_response.additional_properties = d
        return any_response

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
