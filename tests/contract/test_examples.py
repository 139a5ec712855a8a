"""Every payload in spec/examples/ against the spec and both generated packages.

A response example `<operation_id>/<status>-<what>.json` must:
1. validate against the JSON Schema the spec gives that operation and status;
2. parse, through the generated endpoint's own `_parse_response`, into a typed
   attrs model (not `None`, which is what an undocumented answer gives);
3. validate against the strict pydantic model (unknown keys forbidden).

A request example `<operation_id>/request-<what>.json` must validate against the
request-body schema and round-trip through the generated attrs model.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import fugaku_webapi
import fugaku_webapi_strict.models as strict

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "fugaku-webapi.yaml"
EXAMPLES = ROOT / "spec" / "examples"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
SPEC_URI = "urn:fugaku-webapi"
REGISTRY: Registry = Registry().with_resource(
    SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012)
)


def _operations() -> dict[str, tuple[str, dict[str, Any]]]:
    found = {}
    for path, item in SPEC["paths"].items():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                found[op["operationId"]] = (path, op)
    return found


OPERATIONS = _operations()


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _json_schema(op_id: str, kind: str) -> dict[str, Any]:
    _, op = OPERATIONS[op_id]
    if kind == "request":
        holder = _deref(op["requestBody"])
    else:
        holder = _deref(op["responses"][kind])
    return dict(holder["content"]["application/json"]["schema"])


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    # Local refs ("#/components/...") resolve inside the whole spec document.
    rooted = json.loads(json.dumps(schema).replace('"#/', f'"{SPEC_URI}#/'))
    return Draft202012Validator(rooted, registry=REGISTRY)


def _examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*/*.json"))


def _example_id(example: Path) -> str:
    return f"{example.parent.name}/{example.name}"


def _kind(example: Path) -> str:
    return example.stem.split("-", 1)[0]


def _endpoint_module(op_id: str) -> Any:
    _, op = OPERATIONS[op_id]
    return importlib.import_module(f"fugaku_webapi.api.{op['tags'][0]}.{op_id}")


def _strict_model(schema: dict[str, Any]) -> TypeAdapter[Any]:
    if schema.get("type") == "array":
        name = schema["items"]["$ref"].rsplit("/", 1)[-1]
        return TypeAdapter(list[getattr(strict, name)])  # type: ignore[misc]
    return TypeAdapter(getattr(strict, schema["$ref"].rsplit("/", 1)[-1]))


def test_every_operation_has_an_example() -> None:
    covered = {path.parent.name for path in _examples()}
    json_ops = {
        op_id
        for op_id, (_, op) in OPERATIONS.items()
        if op_id != "download_file" or "400" in op["responses"]
    }
    assert json_ops <= covered


@pytest.mark.parametrize(
    "example", _examples(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_example_validates_against_its_schema(example: Path) -> None:
    payload = json.loads(example.read_text(encoding="utf-8"))
    schema = _json_schema(example.parent.name, _kind(example))

    errors = sorted(_validator(schema).iter_errors(payload), key=str)

    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "example",
    [p for p in _examples() if _kind(p) != "request"],
    ids=_example_id,
)
def test_generated_client_parses_response_example(example: Path) -> None:
    payload = json.loads(example.read_text(encoding="utf-8"))
    module = _endpoint_module(example.parent.name)
    client = fugaku_webapi.Client(base_url="http://127.0.0.1:9")
    response = httpx.Response(int(_kind(example)), json=payload)

    parsed = module._parse_response(client=client, response=response)

    assert parsed is not None
    items = parsed if isinstance(parsed, list) else [parsed]
    assert all(
        type(item).__module__.startswith("fugaku_webapi.models") for item in items
    )
    if not isinstance(parsed, list):
        assert parsed.to_dict() == payload


@pytest.mark.parametrize(
    "example", _examples(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_strict_models_accept_example(example: Path) -> None:
    payload = json.loads(example.read_text(encoding="utf-8"))
    schema = _json_schema(example.parent.name, _kind(example))

    _strict_model(schema).validate_python(payload)


@pytest.mark.parametrize(
    "example",
    [p for p in _examples() if _kind(p) == "request"],
    ids=_example_id,
)
def test_request_example_round_trips_through_generated_model(example: Path) -> None:
    payload = json.loads(example.read_text(encoding="utf-8"))
    ref = _json_schema(example.parent.name, "request")["$ref"]
    model = getattr(fugaku_webapi.models, ref.rsplit("/", 1)[-1])

    assert model.from_dict(payload).to_dict() == payload


def test_strict_models_reject_unknown_fields() -> None:
    adapter = TypeAdapter(strict.TextResponse)
    with pytest.raises(ValueError, match="extra"):
        adapter.validate_python({"status": "OK", "output": "", "error": "", "x": 1})


def test_example_with_wrong_shape_is_caught() -> None:
    schema = _json_schema("list_jobs", "200")
    record = {"jobid": 1, "name": "a", "user": "u", "timeuse": None, "status": "QUE"}

    errors = list(_validator(schema).iter_errors({"status": "OK", "output": [record]}))

    messages = [sub.message for e in errors for sub in [e, *(e.context or [])]]
    assert any("'queue' is a required property" in m for m in messages)


def test_spec_passes_openapi_spec_validator() -> None:
    from openapi_spec_validator import validate

    validate(SPEC)
