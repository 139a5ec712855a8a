from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.app_data import AppData
    from ..models.common_data import CommonData


T = TypeVar("T", bound="JobScript")


@_attrs_define
class JobScript:
    app_data: AppData | Unset = UNSET
    common_data: CommonData | Unset = UNSET
    """ Job-wide settings. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.app_data, Unset):
            app_data = self.app_data.to_dict()

        common_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.common_data, Unset):
            common_data = self.common_data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if app_data is not UNSET:
            field_dict["APP_DATA"] = app_data
        if common_data is not UNSET:
            field_dict["COMMON_DATA"] = common_data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.app_data import AppData
        from ..models.common_data import CommonData

        d = dict(src_dict)
        _app_data = d.pop("APP_DATA", UNSET)
        app_data: AppData | Unset
        if isinstance(_app_data, Unset):
            app_data = UNSET
        else:
            app_data = AppData.from_dict(_app_data)

        _common_data = d.pop("COMMON_DATA", UNSET)
        common_data: CommonData | Unset
        if isinstance(_common_data, Unset):
            common_data = UNSET
        else:
            common_data = CommonData.from_dict(_common_data)

        job_script = cls(
            app_data=app_data,
            common_data=common_data,
        )

        job_script.additional_properties = d
        return job_script

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
