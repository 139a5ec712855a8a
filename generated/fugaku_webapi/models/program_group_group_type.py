from typing import Literal

ProgramGroupGroupType = Literal["parallelgroup", "serialgroup"]

PROGRAM_GROUP_GROUP_TYPE_VALUES: set[ProgramGroupGroupType] = {
    "parallelgroup",
    "serialgroup",
}


def check_program_group_group_type(value: str) -> ProgramGroupGroupType:
    if value in PROGRAM_GROUP_GROUP_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PROGRAM_GROUP_GROUP_TYPE_VALUES!r}"
    )
