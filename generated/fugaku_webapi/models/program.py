from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.program_type import ProgramType, check_program_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_info import FileInfo


T = TypeVar("T", bound="Program")


@_attrs_define
class Program:
    file_name: str
    """ Program to run. """
    type_: ProgramType | Unset = UNSET
    thread_mode: str | Unset = UNSET
    """ `parallel` (automatic), `omp` (OpenMP), or absent for one thread. """
    threads: int | str | Unset = UNSET
    """ Threads per process. """
    procs: int | str | Unset = UNSET
    """ Processes. """
    argument: str | Unset = UNSET
    std_in_file_name: str | Unset = UNSET
    std_out_file_name: str | Unset = UNSET
    std_in_rank: str | Unset = UNSET
    std_out_rank: str | Unset = UNSET
    std_out_collect: int | Unset = UNSET
    """ 1 to stage out one standard output for all ranks. """
    file_info_list: list[FileInfo] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_name = self.file_name

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        thread_mode = self.thread_mode

        threads: int | str | Unset
        if isinstance(self.threads, Unset):
            threads = UNSET
        else:
            threads = self.threads

        procs: int | str | Unset
        if isinstance(self.procs, Unset):
            procs = UNSET
        else:
            procs = self.procs

        argument = self.argument

        std_in_file_name = self.std_in_file_name

        std_out_file_name = self.std_out_file_name

        std_in_rank = self.std_in_rank

        std_out_rank = self.std_out_rank

        std_out_collect = self.std_out_collect

        file_info_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.file_info_list, Unset):
            file_info_list = []
            for file_info_list_item_data in self.file_info_list:
                file_info_list_item = file_info_list_item_data.to_dict()
                file_info_list.append(file_info_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "FileName": file_name,
            }
        )
        if type_ is not UNSET:
            field_dict["Type"] = type_
        if thread_mode is not UNSET:
            field_dict["ThreadMode"] = thread_mode
        if threads is not UNSET:
            field_dict["Threads"] = threads
        if procs is not UNSET:
            field_dict["Procs"] = procs
        if argument is not UNSET:
            field_dict["Argument"] = argument
        if std_in_file_name is not UNSET:
            field_dict["StdInFileName"] = std_in_file_name
        if std_out_file_name is not UNSET:
            field_dict["StdOutFileName"] = std_out_file_name
        if std_in_rank is not UNSET:
            field_dict["StdInRank"] = std_in_rank
        if std_out_rank is not UNSET:
            field_dict["StdOutRank"] = std_out_rank
        if std_out_collect is not UNSET:
            field_dict["StdOutCollect"] = std_out_collect
        if file_info_list is not UNSET:
            field_dict["FileInfoList"] = file_info_list

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_info import FileInfo

        d = dict(src_dict)
        file_name = d.pop("FileName")

        _type_ = d.pop("Type", UNSET)
        type_: ProgramType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_program_type(_type_)

        thread_mode = d.pop("ThreadMode", UNSET)

        def _parse_threads(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        threads = _parse_threads(d.pop("Threads", UNSET))

        def _parse_procs(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        procs = _parse_procs(d.pop("Procs", UNSET))

        argument = d.pop("Argument", UNSET)

        std_in_file_name = d.pop("StdInFileName", UNSET)

        std_out_file_name = d.pop("StdOutFileName", UNSET)

        std_in_rank = d.pop("StdInRank", UNSET)

        std_out_rank = d.pop("StdOutRank", UNSET)

        std_out_collect = d.pop("StdOutCollect", UNSET)

        _file_info_list = d.pop("FileInfoList", UNSET)
        file_info_list: list[FileInfo] | Unset = UNSET
        if _file_info_list is not UNSET:
            file_info_list = []
            for file_info_list_item_data in _file_info_list:
                file_info_list_item = FileInfo.from_dict(file_info_list_item_data)

                file_info_list.append(file_info_list_item)

        program = cls(
            file_name=file_name,
            type_=type_,
            thread_mode=thread_mode,
            threads=threads,
            procs=procs,
            argument=argument,
            std_in_file_name=std_in_file_name,
            std_out_file_name=std_out_file_name,
            std_in_rank=std_in_rank,
            std_out_rank=std_out_rank,
            std_out_collect=std_out_collect,
            file_info_list=file_info_list,
        )

        program.additional_properties = d
        return program

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
