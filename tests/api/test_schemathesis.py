"""Schemathesis against /api/v1/openapi.json, loaded from the app: no server error and no
response that breaks the documented schema, with an organiser's and a supplier's token.

The schema is loaded inside the test (the app is a fixture) and each operation is run as a
Hypothesis test of its own with a bounded number of examples."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matchmaker.extensions import db
from matchmaker.services.accounts.api_tokens import create_token
from matchmaker.services.events import participants as event_participants
from matchmaker.services.events import setup as event_setup
from matchmaker.services.results import rfqs

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Examples per operation and mode; the whole run stays well under a minute.
MODES = ((GenerationMode.POSITIVE, 8), (GenerationMode.NEGATIVE, 4))


def _world(make: Any) -> dict[str, str]:
    """An organiser and a supplier, with companies, needs, an event and an RFQ for the ids
    to find."""
    oem, supplier = make.company("oem"), make.company("tier2")
    make.company("tier1", status="pending")
    make.need(oem)
    make.need(oem, status="draft")
    users = {
        "organiser": make.user("organiser"),
        "supplier": make.user("supplier", company=supplier),
    }
    buyer = make.user("buyer", company=oem)
    rfqs.create_rfq(buyer, {"reference": "R-1", "title": "Soportes", "supplier_ids": [supplier.id]})
    event = event_setup.create_event(
        users["organiser"],
        {"name": "Encuentro", "starts_on": "2027-03-10", "ends_on": "2027-03-10"},
    )
    event_setup.add_session(
        users["organiser"],
        event,
        {"day": "2027-03-10", "starts_at": "09:00", "ends_at": "10:00", "slot_minutes": "20"},
    )
    event_setup.set_status(users["organiser"], event, "registration")
    for company in (oem, supplier):
        event_participants.register(
            users["organiser"],
            event,
            company.id,
            {"delegates": [{"name": "Ana", "email": "a@example.mx"}]},
        )
    event_setup.set_status(users["organiser"], event, "requests_open")
    return {role: create_token(user, "schemathesis")[1] for role, user in users.items()}


def test_api_conforms_to_its_schema(ctx: Any, make: Any) -> None:
    tokens = _world(make)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", ctx)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    examples = 0

    for operation in operations:
        for mode, max_examples in MODES:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                nonlocal examples
                examples += 1
                for secret in tokens.values():
                    db.session.rollback()  # the request commits in its own context
                    headers = {"Authorization": f"Bearer {secret}"}
                    # A thread of its own: the request gets its own app context and session.
                    with ThreadPoolExecutor(1) as pool:
                        pool.submit(case.call_and_validate, headers=headers, checks=CHECKS).result()

            run()
    print(
        f"schemathesis: {len(operations)} operations, {examples} examples "
        "(positive and negative), 2 roles"
    )
