"""Buyers' needs: create, edit, close; and who may see or change them."""

from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import Need


def test_buyer_creates_edits_and_closes_a_need(client, make, auth):
    oem = make.company("oem")
    auth.login(make.user("buyer", company=oem))
    r = client.post(
        "/needs/new",
        data={
            "title": "Estampado de soportes",
            "description": "Acero HSLA",
            "commodity": "Metal",
            "term_keys": ["stamping"],
            "certifications": ["iatf_16949"],
            "certification_mode": "exclude",
            "annual_volume": "120000",
            "target_start": "2027-02-01",
            "preferred_states": ["Nuevo León", "Coahuila"],
            "status": "open",
        },
    )
    assert r.status_code == 302
    need = db.session.query(Need).one()
    assert need.company_id == oem.id and need.annual_volume == 120000
    assert need.preferred_states == ["Nuevo León", "Coahuila"]
    assert [c.cert_key for c in need.certifications] == ["iatf_16949"]
    assert [t.term.key for t in need.terms] == ["stamping"]
    r = client.post(
        f"/needs/{need.id}/edit", data={"title": "Estampado y soldadura", "status": "open"}
    )
    assert r.status_code == 302 and db.session.get(Need, need.id).title == "Estampado y soldadura"
    client.post(f"/needs/{need.id}/status", data={"status": "closed"})
    need = db.session.get(Need, need.id)
    assert need.status == "closed" and need.closed_at is not None


def test_bad_need_is_refused_and_nothing_saved(client, make, auth):
    auth.login(make.user("buyer", company=make.company("oem")))
    r = client.post(
        "/needs/new",
        data={"title": "", "annual_volume": "muchos", "target_start": "mañana", "status": "open"},
    )
    assert r.status_code == 400
    assert "El título es obligatorio" in r.text and "no es un número" in r.text
    assert db.session.query(Need).count() == 0


def test_buyer_cannot_touch_another_buyers_need(client, make, auth):
    theirs = make.need(
        make.company("oem", legal_name="Otra OEM"), title="Necesidad ajena", status="draft"
    )
    auth.login(make.user("buyer", company=make.company("tier1")))
    assert client.get(f"/needs/{theirs.id}").status_code == 404
    assert client.get(f"/needs/{theirs.id}/edit").status_code == 404
    r = client.post(f"/needs/{theirs.id}/edit", data={"title": "Hack", "status": "open"})
    assert r.status_code == 404
    assert client.post(f"/needs/{theirs.id}/status", data={"status": "closed"}).status_code == 404
    assert "Necesidad ajena" not in client.get("/needs/").text
    assert db.session.get(Need, theirs.id).title == "Necesidad ajena"


def test_colleague_buyer_may_edit(client, make, auth):
    oem = make.company("oem")
    need = make.need(oem, title="Nuestra necesidad")
    auth.login(make.user("buyer", company=oem))
    assert client.get(f"/needs/{need.id}/edit").status_code == 200


def test_supplier_sees_open_needs_but_cannot_post_or_edit(client, make, auth):
    oem = make.company("oem")
    open_need = make.need(oem, title="Necesidad visible")
    draft = make.need(oem, title="Necesidad oculta", status="draft")
    auth.login(make.user("supplier", company=make.company()))
    listing = client.get("/needs/").text
    assert "Necesidad visible" in listing and "Necesidad oculta" not in listing
    assert client.get(f"/needs/{open_need.id}").status_code == 200
    assert client.get(f"/needs/{draft.id}").status_code == 404
    assert client.get("/needs/new").status_code == 403
    assert client.get(f"/needs/{open_need.id}/edit").status_code == 403


def test_organiser_and_manager_see_all_needs(client, make, auth):
    need = make.need(make.company("oem"), title="Borrador OEM", status="draft")
    for role in ("organiser", "manager"):
        auth.login(make.user(role, company=make.company("institution")))
        assert "Borrador OEM" in client.get("/needs/").text
        assert client.get(f"/needs/{need.id}").status_code == 200
        auth.logout()
