from typing import Literal

EnvelopeStatus = Literal["NG", "OK"]

ENVELOPE_STATUS_VALUES: set[EnvelopeStatus] = {
    "NG",
    "OK",
}


def check_envelope_status(value: str) -> EnvelopeStatus:
    if value in ENVELOPE_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENVELOPE_STATUS_VALUES!r}"
    )
