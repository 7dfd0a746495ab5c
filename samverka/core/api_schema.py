"""The OpenAPI schema says what the API really answers, errors included.

drf-spectacular documents the success of each operation only, yet every operation can answer 400
(a refused filter, body or NUL byte; ``samverka.core.middleware``), 401/403 (no login, no right)
and 404 (no such municipality, object or page); every operation with a body can answer 415 (a
body that is not JSON) and every delete 409 (other data still depends on the object). The error
bodies have the shapes of ``samverka.core.api.exception_handler``: an object with ``detail`` for
a refusal, and for invalid input an object of messages per field, a list of messages, or that
``detail``. This post-processing hook adds them to every operation that does not document them
itself, so clients, the docs and the fuzzing in tests/test_api_fuzz.py see one truth.
"""

from __future__ import annotations

from typing import Any

DETAIL = "ErrorDetail"
VALIDATION = "ValidationErrors"
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")

COMPONENTS: dict[str, dict[str, Any]] = {
    DETAIL: {
        "type": "object",
        "description": "A refusal with a message in Swedish (or English, if the user chose it).",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION: {
        "description": (
            "Invalid input: messages per field (a field's messages, or the errors of a nested "
            "object or of each item of a list), a list of messages, or one ``detail``."
        ),
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}

# Status code, description and component, for every operation.
ALWAYS: list[tuple[str, str, str]] = [
    ("400", "Invalid input: a parameter, the body or a character that is not allowed.", VALIDATION),
    ("401", "Not signed in, or the API key is not valid.", DETAIL),
    ("403", "Signed in, but without the right to do this.", DETAIL),
    ("404", "No such municipality, object or page of results (or not one of yours).", DETAIL),
]
WITH_BODY: list[tuple[str, str, str]] = [
    ("415", "The body is not JSON (Content-Type application/json).", DETAIL),
]
ON_DELETE: list[tuple[str, str, str]] = [
    ("409", "Refused: other data still depends on this (e.g. sub-areas).", DETAIL),
]


def _response(description: str, component: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular post-processing hook (``POSTPROCESSING_HOOKS``)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in COMPONENTS.items():
        schemas.setdefault(name, component)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            extra = ALWAYS + (WITH_BODY if "requestBody" in operation else [])
            extra += ON_DELETE if method == "delete" else []
            for status, description, ref in extra:
                responses.setdefault(status, _response(description, ref))
    return result
