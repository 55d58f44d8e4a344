"""Schemathesis against the service's own OpenAPI document, over real HTTP.

Requests are generated from the document for every operation (valid ones and
ones that break it), bounded and derandomized so a run is the same each time;
no answer may be a server error, and every answer must be one the document
declares, in its media type and schema. The write endpoint is called with
the token, so the events it generates reach the protocol's checks.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from test_service_server import OTHER, STATUTE, make_protocol, running

TOKEN = "schemathesis-token"
#: Examples per operation and mode: about 15 operations, so a few hundred in all.
EXAMPLES = 10


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("schemathesis")
    protocol = make_protocol(folder / "protokol.db")
    token = folder / "token"
    token.write_text(TOKEN, encoding="utf-8")
    with running(STATUTE, OTHER, "--protocol", protocol, "--token-file", token) as url:
        yield url


def _checked(base: str, operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
    """Up to ``EXAMPLES`` requests to ``operation``, each answer checked."""

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(
            base_url=base,
            headers={"Authorization": f"Bearer {TOKEN}"},
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    call()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_service_keeps_its_openapi_document(base: str, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    unbreakable = []
    for operation in operations:
        try:
            _checked(base, operation, mode)
        except Unsatisfiable:  # its input cannot be broken: any text is a valid id
            unbreakable.append(operation.label)
    # Only operations whose input is ids in the path (any text) or nothing.
    inputless = [op.label for op in operations if not (op.query or op.body)]
    assert unbreakable == (inputless if mode is GenerationMode.NEGATIVE else [])


def test_the_document_is_served_and_names_the_problem_type(base: str) -> None:
    document = httpx.get(f"{base}/openapi.json").json()
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code", "provision", "place"} <= set(
        problem["properties"]
    )
