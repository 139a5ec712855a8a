from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.program_group_list import ProgramGroupList


T = TypeVar("T", bound="AppData")


@_attrs_define
class AppData:
    program_group_list: ProgramGroupList | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        program_group_list: dict[str, Any] | Unset = UNSET
        if not isinstance(self.program_group_list, Unset):
            program_group_list = self.program_group_list.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if program_group_list is not UNSET:
            field_dict["ProgramGroupList"] = program_group_list

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.program_group_list import ProgramGroupList

        d = dict(src_dict)
        _program_group_list = d.pop("ProgramGroupList", UNSET)
        program_group_list: ProgramGroupList | Unset
        if isinstance(_program_group_list, Unset):
            program_group_list = UNSET
        else:
            program_group_list = ProgramGroupList.from_dict(_program_group_list)

        app_data = cls(
            program_group_list=program_group_list,
        )

        app_data.additional_properties = d
        return app_data

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
