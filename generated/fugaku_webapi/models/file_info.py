from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileInfo")


@_attrs_define
class FileInfo:
    unit_no: str | Unset = UNSET
    """ Fortran unit number. """
    file_name: str | Unset = UNSET
    collect: int | Unset = UNSET
    rank: str | Unset = UNSET
    stage_in: int | Unset = UNSET
    stage_out: int | Unset = UNSET
    is_directory: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        unit_no = self.unit_no

        file_name = self.file_name

        collect = self.collect

        rank = self.rank

        stage_in = self.stage_in

        stage_out = self.stage_out

        is_directory = self.is_directory

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if unit_no is not UNSET:
            field_dict["UnitNo"] = unit_no
        if file_name is not UNSET:
            field_dict["FileName"] = file_name
        if collect is not UNSET:
            field_dict["Collect"] = collect
        if rank is not UNSET:
            field_dict["Rank"] = rank
        if stage_in is not UNSET:
            field_dict["StageIn"] = stage_in
        if stage_out is not UNSET:
            field_dict["StageOut"] = stage_out
        if is_directory is not UNSET:
            field_dict["IsDirectory"] = is_directory

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        unit_no = d.pop("UnitNo", UNSET)

        file_name = d.pop("FileName", UNSET)

        collect = d.pop("Collect", UNSET)

        rank = d.pop("Rank", UNSET)

        stage_in = d.pop("StageIn", UNSET)

        stage_out = d.pop("StageOut", UNSET)

        is_directory = d.pop("IsDirectory", UNSET)

        file_info = cls(
            unit_no=unit_no,
            file_name=file_name,
            collect=collect,
            rank=rank,
            stage_in=stage_in,
            stage_out=stage_out,
            is_directory=is_directory,
        )

        file_info.additional_properties = d
        return file_info

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
