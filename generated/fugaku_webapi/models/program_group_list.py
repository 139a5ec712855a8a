from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.program_group import ProgramGroup


T = TypeVar("T", bound="ProgramGroupList")


@_attrs_define
class ProgramGroupList:
    program_group: list[ProgramGroup] | ProgramGroup | Unset = UNSET
    """ One group or a list of groups (sources differ). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        program_group: dict[str, Any] | list[dict[str, Any]] | Unset
        if isinstance(self.program_group, Unset):
            program_group = UNSET
        elif isinstance(self.program_group, list):
            program_group = []
            for program_group_type_0_item_data in self.program_group:
                program_group_type_0_item = program_group_type_0_item_data.to_dict()
                program_group.append(program_group_type_0_item)

        else:
            program_group = self.program_group.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if program_group is not UNSET:
            field_dict["ProgramGroup"] = program_group

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.program_group import ProgramGroup

        d = dict(src_dict)

        def _parse_program_group(
            data: object,
        ) -> list[ProgramGroup] | ProgramGroup | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                program_group_type_0 = []
                _program_group_type_0 = data
                for program_group_type_0_item_data in _program_group_type_0:
                    program_group_type_0_item = ProgramGroup.from_dict(
                        program_group_type_0_item_data
                    )

                    program_group_type_0.append(program_group_type_0_item)

                return program_group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            program_group_type_1 = ProgramGroup.from_dict(data)

            return program_group_type_1

        program_group = _parse_program_group(d.pop("ProgramGroup", UNSET))

        program_group_list = cls(
            program_group=program_group,
        )

        program_group_list.additional_properties = d
        return program_group_list

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
