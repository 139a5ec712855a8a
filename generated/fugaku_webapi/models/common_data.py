from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.common_data_jtype import CommonDataJTYPE, check_common_data_jtype
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommonData")


@_attrs_define
class CommonData:
    """Job-wide settings."""

    jname: str | Unset = UNSET
    """ Job name (up to 63 characters, starting with a letter; `-_@.` allowed). """
    jtype: CommonDataJTYPE | Unset = UNSET
    """ `B` bulk job, `S` step job, absent for a normal job. """
    nodes: int | Unset = UNSET
    """ MPI processes to start statically. """
    use_ranl_dir: bool | Unset = UNSET
    """ Use the rank-number directory (spelled so in the official file). """
    queue: str | Unset = UNSET
    """ Resource group, for example `small`. """
    system: str | Unset = UNSET
    """ Resource unit, for example `rscunit_ft01`. """
    node: str | Unset = UNSET
    """ Node shape, `X`, `XxY` or `XxYxZ`. """
    subjob_start: str | Unset = UNSET
    """ First bulk number (bulk jobs). """
    subjob_end: str | Unset = UNSET
    """ Last bulk number (bulk jobs). """
    subjobs_node: int | Unset = UNSET
    """ Nodes per bulk sub-job. """
    depend_jid: str | Unset = UNSET
    """ Job id this step depends on (step jobs). """
    snum: str | Unset = UNSET
    """ This step's number (step jobs). """
    step_condition: str | Unset = UNSET
    """ Step dependency expression. """
    step_code: str | Unset = UNSET
    """ Step sub-job the condition refers to. """
    jgrp: str | Unset = UNSET
    """ Accounting group. """
    elapse: str | Unset = UNSET
    """ Elapse limit, `HHHH:MM:SS`, `HHHH:MM` or `HHHH`. """
    quota_type: str | Unset = UNSET
    quota: str | Unset = UNSET
    """ Disk quota in GB. """
    use_rank_dir: str | Unset = UNSET
    """ Use the user rank directory (`true`). """
    qopt: str | Unset = UNSET
    """ Further pjsub options. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jname = self.jname

        jtype: str | Unset = UNSET
        if not isinstance(self.jtype, Unset):
            jtype = self.jtype

        nodes = self.nodes

        use_ranl_dir = self.use_ranl_dir

        queue = self.queue

        system = self.system

        node = self.node

        subjob_start = self.subjob_start

        subjob_end = self.subjob_end

        subjobs_node = self.subjobs_node

        depend_jid = self.depend_jid

        snum = self.snum

        step_condition = self.step_condition

        step_code = self.step_code

        jgrp = self.jgrp

        elapse = self.elapse

        quota_type = self.quota_type

        quota = self.quota

        use_rank_dir = self.use_rank_dir

        qopt = self.qopt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if jname is not UNSET:
            field_dict["JNAME"] = jname
        if jtype is not UNSET:
            field_dict["JTYPE"] = jtype
        if nodes is not UNSET:
            field_dict["NODES"] = nodes
        if use_ranl_dir is not UNSET:
            field_dict["USE_RANL_DIR"] = use_ranl_dir
        if queue is not UNSET:
            field_dict["QUEUE"] = queue
        if system is not UNSET:
            field_dict["SYSTEM"] = system
        if node is not UNSET:
            field_dict["NODE"] = node
        if subjob_start is not UNSET:
            field_dict["SUBJOB_START"] = subjob_start
        if subjob_end is not UNSET:
            field_dict["SUBJOB_END"] = subjob_end
        if subjobs_node is not UNSET:
            field_dict["SUBJOBS_NODE"] = subjobs_node
        if depend_jid is not UNSET:
            field_dict["DEPEND_JID"] = depend_jid
        if snum is not UNSET:
            field_dict["SNUM"] = snum
        if step_condition is not UNSET:
            field_dict["STEP_CONDITION"] = step_condition
        if step_code is not UNSET:
            field_dict["STEP_CODE"] = step_code
        if jgrp is not UNSET:
            field_dict["JGRP"] = jgrp
        if elapse is not UNSET:
            field_dict["ELAPSE"] = elapse
        if quota_type is not UNSET:
            field_dict["QUOTA_TYPE"] = quota_type
        if quota is not UNSET:
            field_dict["QUOTA"] = quota
        if use_rank_dir is not UNSET:
            field_dict["USE_RANK_DIR"] = use_rank_dir
        if qopt is not UNSET:
            field_dict["QOPT"] = qopt

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        jname = d.pop("JNAME", UNSET)

        _jtype = d.pop("JTYPE", UNSET)
        jtype: CommonDataJTYPE | Unset
        if isinstance(_jtype, Unset):
            jtype = UNSET
        else:
            jtype = check_common_data_jtype(_jtype)

        nodes = d.pop("NODES", UNSET)

        use_ranl_dir = d.pop("USE_RANL_DIR", UNSET)

        queue = d.pop("QUEUE", UNSET)

        system = d.pop("SYSTEM", UNSET)

        node = d.pop("NODE", UNSET)

        subjob_start = d.pop("SUBJOB_START", UNSET)

        subjob_end = d.pop("SUBJOB_END", UNSET)

        subjobs_node = d.pop("SUBJOBS_NODE", UNSET)

        depend_jid = d.pop("DEPEND_JID", UNSET)

        snum = d.pop("SNUM", UNSET)

        step_condition = d.pop("STEP_CONDITION", UNSET)

        step_code = d.pop("STEP_CODE", UNSET)

        jgrp = d.pop("JGRP", UNSET)

        elapse = d.pop("ELAPSE", UNSET)

        quota_type = d.pop("QUOTA_TYPE", UNSET)

        quota = d.pop("QUOTA", UNSET)

        use_rank_dir = d.pop("USE_RANK_DIR", UNSET)

        qopt = d.pop("QOPT", UNSET)

        common_data = cls(
            jname=jname,
            jtype=jtype,
            nodes=nodes,
            use_ranl_dir=use_ranl_dir,
            queue=queue,
            system=system,
            node=node,
            subjob_start=subjob_start,
            subjob_end=subjob_end,
            subjobs_node=subjobs_node,
            depend_jid=depend_jid,
            snum=snum,
            step_condition=step_condition,
            step_code=step_code,
            jgrp=jgrp,
            elapse=elapse,
            quota_type=quota_type,
            quota=quota,
            use_rank_dir=use_rank_dir,
            qopt=qopt,
        )

        common_data.additional_properties = d
        return common_data

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
