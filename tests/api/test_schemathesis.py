"""Property tests against the served OpenAPI: no 5xx for any generated input, and every response
conforms to the documented status codes, content types, headers and schemas (schemathesis 4,
hr_admin key, a few examples per operation so the whole run stays well under a minute).

``schemathesis.pytest.from_fixture`` does not work with pytest 9 (it reads a removed node
attribute), so each operation is a parametrized test that draws cases from the operation's
hypothesis strategy itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.conftest import World, make_settings, make_world
from api.support import PEOPLE, bearer, tiny_taxonomy
from careerpath.api.app import create_app
from careerpath.api.deps import Services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 20


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation (the schema needs no database)."""
    offline = Services(uow_factory=lambda: None, load_taxonomy=tiny_taxonomy)  # type: ignore[arg-type, return-value]
    spec = create_app(make_settings(Path("/nonexistent")), services=offline).openapi()
    return sorted((m.upper(), p) for p, ops in spec["paths"].items() for m in ops)


@pytest.fixture()
def api_world(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, rate_limit_per_minute=1_000_000)


@pytest.mark.parametrize(("method", "path"), _operations())
def test_operation_conforms_and_never_fails(api_world: World, method: str, path: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_world.client.app)
    schema.config.generation.update(with_security_parameters=False)  # our key, not random ones
    operation = schema[path][method]
    headers = bearer(api_world.keys["hr_admin"])

    @given(case=operation.as_strategy(), person=st.sampled_from([*PEOPLE, None]))
    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def check(case: Any, person: str | None) -> None:
        if person is not None and "person_id" in (case.path_parameters or {}):
            case.path_parameters["person_id"] = person  # mostly people who exist
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
