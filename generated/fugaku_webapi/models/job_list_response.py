from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.envelope_status import EnvelopeStatus, check_envelope_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_record import JobRecord


T = TypeVar("T", bound="JobListResponse")


@_attrs_define
class JobListResponse:
    """The envelope whose `output` is a list of job records. An empty queue
    is `{"status": "NG", "error": "No Jobs."}`, with `output` empty or
    absent.

    """

    status: EnvelopeStatus
    """ `OK` on success, `NG` otherwise. """
    output: list[JobRecord] | None | str | Unset = UNSET
    """ The job records; empty text or null when there are none. """
    error: str | Unset = UNSET
    """ Empty, or `No Jobs.` when the list is empty. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        output: list[dict[str, Any]] | None | str | Unset
        if isinstance(self.output, Unset):
            output = UNSET
        elif isinstance(self.output, list):
            output = []
            for output_type_0_item_data in self.output:
                output_type_0_item = output_type_0_item_data.to_dict()
                output.append(output_type_0_item)

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
        from ..models.job_record import JobRecord

        d = dict(src_dict)
        status = check_envelope_status(d.pop("status"))

        def _parse_output(data: object) -> list[JobRecord] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                output_type_0 = []
                _output_type_0 = data
                for output_type_0_item_data in _output_type_0:
                    output_type_0_item = JobRecord.from_dict(output_type_0_item_data)

                    output_type_0.append(output_type_0_item)

                return output_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[JobRecord] | None | str | Unset, data)

        output = _parse_output(d.pop("output", UNSET))

        error = d.pop("error", UNSET)

        job_list_response = cls(
            status=status,
            output=output,
            error=error,
        )

        job_list_response.additional_properties = d
        return job_list_response

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
