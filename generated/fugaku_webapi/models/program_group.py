from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.program_group_group_type import (
    ProgramGroupGroupType,
    check_program_group_group_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.program_list import ProgramList


T = TypeVar("T", bound="ProgramGroup")


@_attrs_define
class ProgramGroup:
    group_type: ProgramGroupGroupType | Unset = UNSET
    program_list: ProgramList | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_type: str | Unset = UNSET
        if not isinstance(self.group_type, Unset):
            group_type = self.group_type

        program_list: dict[str, Any] | Unset = UNSET
        if not isinstance(self.program_list, Unset):
            program_list = self.program_list.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if group_type is not UNSET:
            field_dict["GroupType"] = group_type
        if program_list is not UNSET:
            field_dict["ProgramList"] = program_list

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.program_list import ProgramList

        d = dict(src_dict)
        _group_type = d.pop("GroupType", UNSET)
        group_type: ProgramGroupGroupType | Unset
        if isinstance(_group_type, Unset):
            group_type = UNSET
        else:
            group_type = check_program_group_group_type(_group_type)

        _program_list = d.pop("ProgramList", UNSET)
        program_list: ProgramList | Unset
        if isinstance(_program_list, Unset):
            program_list = UNSET
        else:
            program_list = ProgramList.from_dict(_program_list)

        program_group = cls(
            group_type=group_type,
            program_list=program_list,
        )

        program_group.additional_properties = d
        return program_group

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
