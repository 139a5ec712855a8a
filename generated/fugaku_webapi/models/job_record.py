from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobRecord")


@_attrs_define
class JobRecord:
    """One job or sub-job as pjstat reports it. Unset values come as `null`
    or `""`. Several fields are typed differently by the schema and by
    the examples; both forms are accepted.

    """

    jobid: int | str
    """ Job id; a string in the schema, an integer in examples. """
    name: int | str
    """ Job name (typed integer in the Swagger file, a string in practice). """
    user: str
    """ Owner's account. """
    timeuse: int | None | str
    """ Time used. """
    status: str
    """ PJM state: ACC, RJT, QUE, RNA, RNP, RUN, RNE, RNO, EXT, CCL, HLD,
    ERR, RSM, SPP, SPD. RJT, EXT, CCL and ERR end the job.
     """
    queue: str
    """ Resource unit, for example `rscunit_ft01`. """
    rsc_grp: str
    """ Resource group, for example `small`. """
    jid: None | str | Unset = UNSET
    """ Full id of this record (`1394270`, `1394531[0]`, `64856_1`). """
    subjobid: None | str | Unset = UNSET
    """ Sub-job id, empty for a plain job. """
    bulkno: int | None | str | Unset = UNSET
    """ Bulk number of a bulk sub-job. """
    stepno: int | None | str | Unset = UNSET
    """ Step number of a step sub-job. """
    group: None | str | Unset = UNSET
    """ Group the job is charged to. """
    elapse: int | None | str | Unset = UNSET
    """ Elapsed time (seconds or `HH:MM:SS`). """
    elapse_limit: int | None | str | Unset = UNSET
    """ Elapse limit (seconds or `HH:MM:SS`). """
    node_num: int | None | str | Unset = UNSET
    """ Node count or shape. """
    cpu_num: int | None | str | Unset = UNSET
    """ CPU count. """
    start_time: None | str | Unset = UNSET
    """ Start time, `2020-09-14T06:46:29+09:00` style, or empty. """
    end_time: None | str | Unset = UNSET
    """ End time, or empty. """
    job_type: None | str | Unset = UNSET
    """ Job type, for example `BATCH`. """
    end_code: int | None | str | Unset = UNSET
    """ The job script's exit code, or empty while it runs. """
    pjm_code: int | None | str | Unset = UNSET
    """ PJM end code: 0 normal, 1 pjdel, 2 rejected, 4 held, 6 step
    dependency, 7 deadline, 11 elapse limit, 12 memory limit, 13 disk
    limit, 16 I/O unreachable, 20 node down, 21 shell failed, 23 out
    of memory, 100 and above internal.
     """
    accept_time: None | str | Unset = UNSET
    """ When pjsub accepted the job. """
    subjob_num: int | None | str | Unset = UNSET
    """ Number of sub-jobs. """
    exit_subjob_num: int | None | str | Unset = UNSET
    """ Number of finished sub-jobs. """
    subjob_depend: None | str | Unset = UNSET
    """ Step dependency expression. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jobid: int | str
        jobid = self.jobid

        name: int | str
        name = self.name

        user = self.user

        timeuse: int | None | str
        timeuse = self.timeuse

        status = self.status

        queue = self.queue

        rsc_grp = self.rsc_grp

        jid: None | str | Unset
        if isinstance(self.jid, Unset):
            jid = UNSET
        else:
            jid = self.jid

        subjobid: None | str | Unset
        if isinstance(self.subjobid, Unset):
            subjobid = UNSET
        else:
            subjobid = self.subjobid

        bulkno: int | None | str | Unset
        if isinstance(self.bulkno, Unset):
            bulkno = UNSET
        else:
            bulkno = self.bulkno

        stepno: int | None | str | Unset
        if isinstance(self.stepno, Unset):
            stepno = UNSET
        else:
            stepno = self.stepno

        group: None | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        elapse: int | None | str | Unset
        if isinstance(self.elapse, Unset):
            elapse = UNSET
        else:
            elapse = self.elapse

        elapse_limit: int | None | str | Unset
        if isinstance(self.elapse_limit, Unset):
            elapse_limit = UNSET
        else:
            elapse_limit = self.elapse_limit

        node_num: int | None | str | Unset
        if isinstance(self.node_num, Unset):
            node_num = UNSET
        else:
            node_num = self.node_num

        cpu_num: int | None | str | Unset
        if isinstance(self.cpu_num, Unset):
            cpu_num = UNSET
        else:
            cpu_num = self.cpu_num

        start_time: None | str | Unset
        if isinstance(self.start_time, Unset):
            start_time = UNSET
        else:
            start_time = self.start_time

        end_time: None | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        else:
            end_time = self.end_time

        job_type: None | str | Unset
        if isinstance(self.job_type, Unset):
            job_type = UNSET
        else:
            job_type = self.job_type

        end_code: int | None | str | Unset
        if isinstance(self.end_code, Unset):
            end_code = UNSET
        else:
            end_code = self.end_code

        pjm_code: int | None | str | Unset
        if isinstance(self.pjm_code, Unset):
            pjm_code = UNSET
        else:
            pjm_code = self.pjm_code

        accept_time: None | str | Unset
        if isinstance(self.accept_time, Unset):
            accept_time = UNSET
        else:
            accept_time = self.accept_time

        subjob_num: int | None | str | Unset
        if isinstance(self.subjob_num, Unset):
            subjob_num = UNSET
        else:
            subjob_num = self.subjob_num

        exit_subjob_num: int | None | str | Unset
        if isinstance(self.exit_subjob_num, Unset):
            exit_subjob_num = UNSET
        else:
            exit_subjob_num = self.exit_subjob_num

        subjob_depend: None | str | Unset
        if isinstance(self.subjob_depend, Unset):
            subjob_depend = UNSET
        else:
            subjob_depend = self.subjob_depend

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jobid": jobid,
                "name": name,
                "user": user,
                "timeuse": timeuse,
                "status": status,
                "queue": queue,
                "rsc_grp": rsc_grp,
            }
        )
        if jid is not UNSET:
            field_dict["jid"] = jid
        if subjobid is not UNSET:
            field_dict["subjobid"] = subjobid
        if bulkno is not UNSET:
            field_dict["bulkno"] = bulkno
        if stepno is not UNSET:
            field_dict["stepno"] = stepno
        if group is not UNSET:
            field_dict["group"] = group
        if elapse is not UNSET:
            field_dict["elapse"] = elapse
        if elapse_limit is not UNSET:
            field_dict["elapse_limit"] = elapse_limit
        if node_num is not UNSET:
            field_dict["node_num"] = node_num
        if cpu_num is not UNSET:
            field_dict["cpu_num"] = cpu_num
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if job_type is not UNSET:
            field_dict["job_type"] = job_type
        if end_code is not UNSET:
            field_dict["end_code"] = end_code
        if pjm_code is not UNSET:
            field_dict["pjm_code"] = pjm_code
        if accept_time is not UNSET:
            field_dict["accept_time"] = accept_time
        if subjob_num is not UNSET:
            field_dict["subjob_num"] = subjob_num
        if exit_subjob_num is not UNSET:
            field_dict["exit_subjob_num"] = exit_subjob_num
        if subjob_depend is not UNSET:
            field_dict["subjob_depend"] = subjob_depend

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_jobid(data: object) -> int | str:
            return cast(int | str, data)

        jobid = _parse_jobid(d.pop("jobid"))

        def _parse_name(data: object) -> int | str:
            return cast(int | str, data)

        name = _parse_name(d.pop("name"))

        user = d.pop("user")

        def _parse_timeuse(data: object) -> int | None | str:
            if data is None:
                return data
            return cast(int | None | str, data)

        timeuse = _parse_timeuse(d.pop("timeuse"))

        status = d.pop("status")

        queue = d.pop("queue")

        rsc_grp = d.pop("rsc_grp")

        def _parse_jid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        jid = _parse_jid(d.pop("jid", UNSET))

        def _parse_subjobid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subjobid = _parse_subjobid(d.pop("subjobid", UNSET))

        def _parse_bulkno(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        bulkno = _parse_bulkno(d.pop("bulkno", UNSET))

        def _parse_stepno(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        stepno = _parse_stepno(d.pop("stepno", UNSET))

        def _parse_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        def _parse_elapse(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        elapse = _parse_elapse(d.pop("elapse", UNSET))

        def _parse_elapse_limit(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        elapse_limit = _parse_elapse_limit(d.pop("elapse_limit", UNSET))

        def _parse_node_num(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        node_num = _parse_node_num(d.pop("node_num", UNSET))

        def _parse_cpu_num(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        cpu_num = _parse_cpu_num(d.pop("cpu_num", UNSET))

        def _parse_start_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        start_time = _parse_start_time(d.pop("start_time", UNSET))

        def _parse_end_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        end_time = _parse_end_time(d.pop("end_time", UNSET))

        def _parse_job_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        job_type = _parse_job_type(d.pop("job_type", UNSET))

        def _parse_end_code(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        end_code = _parse_end_code(d.pop("end_code", UNSET))

        def _parse_pjm_code(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        pjm_code = _parse_pjm_code(d.pop("pjm_code", UNSET))

        def _parse_accept_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accept_time = _parse_accept_time(d.pop("accept_time", UNSET))

        def _parse_subjob_num(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        subjob_num = _parse_subjob_num(d.pop("subjob_num", UNSET))

        def _parse_exit_subjob_num(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        exit_subjob_num = _parse_exit_subjob_num(d.pop("exit_subjob_num", UNSET))

        def _parse_subjob_depend(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subjob_depend = _parse_subjob_depend(d.pop("subjob_depend", UNSET))

        job_record = cls(
            jobid=jobid,
            name=name,
            user=user,
            timeuse=timeuse,
            status=status,
            queue=queue,
            rsc_grp=rsc_grp,
            jid=jid,
            subjobid=subjobid,
            bulkno=bulkno,
            stepno=stepno,
            group=group,
            elapse=elapse,
            elapse_limit=elapse_limit,
            node_num=node_num,
            cpu_num=cpu_num,
            start_time=start_time,
            end_time=end_time,
            job_type=job_type,
            end_code=end_code,
            pjm_code=pjm_code,
            accept_time=accept_time,
            subjob_num=subjob_num,
            exit_subjob_num=exit_subjob_num,
            subjob_depend=subjob_depend,
        )

        job_record.additional_properties = d
        return job_record

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
