"""The need form and the API check a need with one schema (matchmaker/schemas/needs.py): the
same bad values get the same messages, per field, in the reader's language; and both list
needs a page at a time with the one pagination type."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from matchmaker.extensions import db
from matchmaker.models import Need
from matchmaker.services.accounts.api_tokens import create_token

BAD = {
    "title": "x" * 201,
    "annual_volume": "muchos",
    "target_start": "mañana",
    "preferred_states": ["Atlántida"],
    "certifications": ["ISO 99999"],
    "commodity": "c" * 121,
    "processes_text": "p" * 5001,
}
# Each field's message, in the order the form lists them.
EXPECTED = {
    "es": [
        ("title", "El título es demasiado largo"),
        ("annual_volume", "“muchos” no es un número."),
        ("target_start", "Escriba la fecha como AAAA-MM-DD."),
        ("preferred_states", "“Atlántida” no es un estado de México."),
        ("certifications", "Certificación desconocida: “ISO 99999”."),
        ("commodity", "120"),
        ("processes_text", "5000"),
    ],
    "en": [
        ("title", "The title is too long (200 characters at most)."),
        ("annual_volume", "“muchos” is not a number."),
        ("target_start", "Give the date as YYYY-MM-DD."),
        ("preferred_states", "“Atlántida” is not a Mexican state."),
        ("certifications", "Unknown certification “ISO 99999”."),
        ("commodity", "Too long: 120 characters at most."),
        ("processes_text", "Too long: 5000 characters at most."),
    ],
}


def _page_errors(html: str) -> list[str]:
    listed = re.search(r'<ul class="errors-list">(.*?)</ul>', html, re.S)
    assert listed, html
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", listed.group(1), re.S)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_form_and_api_give_the_same_messages_per_field(client, make, auth, lang):
    buyer = make.user("buyer", company=make.company("oem"), language=lang)
    auth.login(buyer)
    r = client.post("/needs/new", data={**BAD, "status": "open"})
    assert r.status_code == 400
    on_page = _page_errors(r.text)
    _token, secret = create_token(buyer, "tests")
    r = client.post("/api/v1/needs", json=BAD, headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 422, r.text
    in_api = [(e["field"], e["message"]) for e in r.get_json()["error"]["errors"]]
    assert [m for _f, m in in_api] == on_page  # the same messages, in the same order
    assert [f for f, _m in in_api] == [f for f, _m in EXPECTED[lang]]
    for (_field, message), (_f, expected) in zip(in_api, EXPECTED[lang], strict=True):
        assert expected in message
    assert db.session.query(Need).count() == 0


def test_api_patch_changes_only_the_fields_sent_and_checks_them_like_the_form(client, make, auth):
    oem = make.company("oem")
    buyer = make.user("buyer", company=oem)
    need = make.need(oem, title="Soportes", annual_volume=10, preferred_states=["Coahuila"])
    _token, secret = create_token(buyer, "tests")
    headers = {"Authorization": f"Bearer {secret}"}
    r = client.patch(f"/api/v1/needs/{need.id}", json={"annual_volume": "1,200"}, headers=headers)
    assert r.status_code == 200, r.text
    body = r.get_json()
    assert body["annual_volume"] == 1200 and body["preferred_states"] == ["Coahuila"]
    r = client.patch(f"/api/v1/needs/{need.id}", json={"annual_volume": -1}, headers=headers)
    assert r.status_code == 422
    assert r.get_json()["error"]["errors"] == [
        {"field": "annual_volume", "message": "“-1” debe ser un número entero igual o mayor que 0."}
    ]
    db.session.expire_all()
    assert db.session.get(Need, need.id).annual_volume == 1200


def test_needs_are_listed_a_page_at_a_time_on_the_page_and_in_the_api(client, make, auth):
    oem = make.company("oem")
    buyer = make.user("buyer", company=oem)
    for i in range(53):
        make.need(oem, title=f"Necesidad {i:02d}")
    auth.login(buyer)
    first = client.get("/needs/").text
    second = client.get("/needs/?page=2").text
    assert first.count("/needs/") > 50 and "Necesidad 52" in first and "Necesidad 02" in second
    assert "Necesidad 02" not in first and "Necesidad 52" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    _token, secret = create_token(buyer, "tests")
    r = client.get(
        "/api/v1/needs?per_page=50&page=2", headers={"Authorization": f"Bearer {secret}"}
    )
    body: dict[str, Any] = r.get_json()
    assert body["total"] == 53 and body["pages"] == 2
    assert [n["title"] for n in body["items"]] == ["Necesidad 02", "Necesidad 01", "Necesidad 00"]
