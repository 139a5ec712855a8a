from typing import Literal

ProgramType = Literal["mpi", "serial"]

PROGRAM_TYPE_VALUES: set[ProgramType] = {
    "mpi",
    "serial",
}


def check_program_type(value: str) -> ProgramType:
    if value in PROGRAM_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PROGRAM_TYPE_VALUES!r}"
    )
