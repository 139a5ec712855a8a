from typing import Literal

ListDirectoryView = Literal["read"]

LIST_DIRECTORY_VIEW_VALUES: set[ListDirectoryView] = {
    "read",
}


def check_list_directory_view(value: str) -> ListDirectoryView:
    if value in LIST_DIRECTORY_VIEW_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_DIRECTORY_VIEW_VALUES!r}"
    )
