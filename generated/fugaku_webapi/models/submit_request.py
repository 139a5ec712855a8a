from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmitRequest")


@_attrs_define
class SubmitRequest:
    """Give `jobfile` or `jobscript`; `jobfile` wins when both are set."""

    jobfile: str | Unset = UNSET
    """ Absolute path of a job script already on the machine. """
    jobscript: str | Unset = UNSET
    """ The job script's text (the job is named `STDIN` unless `-N` says otherwise). """
    qopt: str | Unset = UNSET
    """ pjsub options as one string, for example
    `-L "rscgrp=small" -L "node=1" -L "elapse=00:10:00" -N name -g group`.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jobfile = self.jobfile

        jobscript = self.jobscript

        qopt = self.qopt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if jobfile is not UNSET:
            field_dict["jobfile"] = jobfile
        if jobscript is not UNSET:
            field_dict["jobscript"] = jobscript
        if qopt is not UNSET:
            field_dict["qopt"] = qopt

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        jobfile = d.pop("jobfile", UNSET)

        jobscript = d.pop("jobscript", UNSET)

        qopt = d.pop("qopt", UNSET)

        submit_request = cls(
            jobfile=jobfile,
            jobscript=jobscript,
            qopt=qopt,
        )

        submit_request.additional_properties = d
        return submit_request

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
