"""Contains all the data models used in inputs/outputs"""

from .any_response import AnyResponse
from .any_response_output_type_1 import AnyResponseOutputType1
from .app_data import AppData
from .command_request import CommandRequest
from .common_data import CommonData
from .common_data_jtype import CommonDataJTYPE
from .envelope_status import EnvelopeStatus
from .error_object import ErrorObject
from .file_info import FileInfo
from .file_upload import FileUpload
from .job_list_response import JobListResponse
from .job_record import JobRecord
from .job_script import JobScript
from .job_script_request import JobScriptRequest
from .list_directory_view import ListDirectoryView
from .machine_status import MachineStatus
from .program import Program
from .program_group import ProgramGroup
from .program_group_group_type import ProgramGroupGroupType
from .program_group_list import ProgramGroupList
from .program_list import ProgramList
from .program_type import ProgramType
from .submit_request import SubmitRequest
from .text_response import TextResponse
from .validation_error import ValidationError
from .validation_error_item import ValidationErrorItem

__all__ = (
    "AnyResponse",
    "AnyResponseOutputType1",
    "AppData",
    "CommandRequest",
    "CommonData",
    "CommonDataJTYPE",
    "EnvelopeStatus",
    "ErrorObject",
    "FileInfo",
    "FileUpload",
    "JobListResponse",
    "JobRecord",
    "JobScript",
    "JobScriptRequest",
    "ListDirectoryView",
    "MachineStatus",
    "Program",
    "ProgramGroup",
    "ProgramGroupGroupType",
    "ProgramGroupList",
    "ProgramList",
    "ProgramType",
    "SubmitRequest",
    "TextResponse",
    "ValidationError",
    "ValidationErrorItem",
)
