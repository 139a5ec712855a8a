from typing import Literal

CommonDataJTYPE = Literal["B", "S"]

COMMON_DATA_JTYPE_VALUES: set[CommonDataJTYPE] = {
    "B",
    "S",
}


def check_common_data_jtype(value: str) -> CommonDataJTYPE:
    if value in COMMON_DATA_JTYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COMMON_DATA_JTYPE_VALUES!r}"
    )
