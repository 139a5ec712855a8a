from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.program import Program


T = TypeVar("T", bound="ProgramList")


@_attrs_define
class ProgramList:
    program: list[Program] | Program | Unset = UNSET
    """ One program or a list of programs (sources differ). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        program: dict[str, Any] | list[dict[str, Any]] | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        elif isinstance(self.program, list):
            program = []
            for program_type_0_item_data in self.program:
                program_type_0_item = program_type_0_item_data.to_dict()
                program.append(program_type_0_item)

        else:
            program = self.program.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if program is not UNSET:
            field_dict["Program"] = program

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.program import Program

        d = dict(src_dict)

        def _parse_program(data: object) -> list[Program] | Program | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                program_type_0 = []
                _program_type_0 = data
                for program_type_0_item_data in _program_type_0:
                    program_type_0_item = Program.from_dict(program_type_0_item_data)

                    program_type_0.append(program_type_0_item)

                return program_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            program_type_1 = Program.from_dict(data)

            return program_type_1

        program = _parse_program(d.pop("Program", UNSET))

        program_list = cls(
            program=program,
        )

        program_list.additional_properties = d
        return program_list

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
