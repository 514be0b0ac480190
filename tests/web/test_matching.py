"""Recommendations on need and company pages, shortlists, best pairs, and who sees them."""

from __future__ import annotations

import re

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import CompanyCertification, ShortlistEntry

TROQUELADOS = "PIEZAS METALICAS TROQUELADAS"


def _catalogue(make):
    """A Spanish stamping supplier, two unrelated ones, and an English need for stamping."""
    stamper = make.company(
        "tier2",
        legal_name=TROQUELADOS,
        state="Nuevo León",
        description="Troquelado y soldadura de piezas metálicas",
    )
    plastics = make.company(
        "tier3", legal_name="Plásticos Sur", state="Jalisco", description="Inyección de plástico"
    )
    harness = make.company(
        "tier2",
        legal_name="Arneses del Bajío",
        state="Guanajuato",
        description="Arneses eléctricos y cableado",
    )
    oem = make.company("oem", legal_name="OEM Norte")
    need = make.need(oem, title="Metal stamping and welding", description="Brackets in HSLA steel")
    return oem, need, stamper, plastics, harness


def _recommended(text: str) -> str:
    """The recommendations card of a need page."""
    found = re.search(r'id="recommendations".*?</table>', text, re.S)
    return found.group(0) if found else ""


def test_buyer_sees_recommendations_with_reasons_in_both_languages(client, make, auth):
    oem, need, stamper, plastics, _ = _catalogue(make)
    auth.login(make.user("buyer", company=oem, language="es"))
    card = _recommended(client.get(f"/needs/{need.id}").text)
    assert TROQUELADOS in card and "Plásticos Sur" not in card
    assert "proceso: troquelado ≈ metal stamping" in card
    auth.logout()
    auth.login(make.user("buyer", company=oem, language="en"))
    card = _recommended(client.get(f"/needs/{need.id}").text)
    assert TROQUELADOS in card and "process: troquelado ~ metal stamping" in card


def test_certification_penalise_shows_the_gap_and_exclude_hides_the_supplier(client, make, auth):
    oem, need, stamper, *_ = _catalogue(make)
    make.company(
        "tier2",
        legal_name="Troqueles Certificados",
        state="Coahuila",
        description="Troquelado de piezas metálicas y soldadura",
        certifications=[CompanyCertification(cert_key="iatf_16949", name="IATF 16949")],
    )
    need.certifications = []
    from matchmaker.models import NeedCertification

    need.certifications = [NeedCertification(cert_key="iatf_16949")]
    need.certification_mode = "penalise"
    db.session.commit()
    auth.login(make.user("buyer", company=oem, language="es"))
    card = _recommended(client.get(f"/needs/{need.id}").text)
    assert TROQUELADOS in card and "falta IATF 16949" in card
    assert "certificación IATF 16949" in card  # the certified one says so
    auth.logout()
    auth.login(make.user("buyer", company=oem, language="en"))
    assert "missing IATF 16949" in _recommended(client.get(f"/needs/{need.id}").text)
    client.post(
        f"/needs/{need.id}/edit",
        data={
            "title": need.title,
            "status": "open",
            "certifications": ["iatf_16949"],
            "certification_mode": "exclude",
        },
    )
    card = _recommended(client.get(f"/needs/{need.id}").text)
    assert "Troqueles Certificados" in card and TROQUELADOS not in card
    assert "missing IATF 16949" not in card


def test_buyer_shortlists_and_removes_a_supplier(client, make, auth):
    oem, need, stamper, *_ = _catalogue(make)
    auth.login(make.user("buyer", company=oem))
    r = client.post(f"/matches/needs/{need.id}/shortlist", data={"supplier": stamper.id})
    assert r.status_code == 302 and r.location.endswith(f"/needs/{need.id}#shortlist")
    entry = db.session.scalars(select(ShortlistEntry)).one()
    assert entry.supplier_company_id == stamper.id and entry.score and entry.score > 0
    client.post(f"/matches/needs/{need.id}/shortlist", data={"supplier": stamper.id})
    assert len(db.session.scalars(select(ShortlistEntry)).all()) == 1  # idempotent
    page = client.get(f"/needs/{need.id}").text
    shortlist = page.split('id="shortlist"')[1].split('id="recommendations"')[0]
    assert TROQUELADOS in shortlist
    assert f"/matches/needs/{need.id}/shortlist/{stamper.id}/remove" in page
    r = client.post(f"/matches/needs/{need.id}/shortlist/{stamper.id}/remove")
    assert r.status_code == 302 and db.session.scalars(select(ShortlistEntry)).all() == []


def test_only_approved_suppliers_can_be_shortlisted(client, make, auth):
    oem, need, *_ = _catalogue(make)
    pending = make.company("tier2", status="pending", legal_name="Pendiente")
    auth.login(make.user("buyer", company=oem))
    for target in (pending.id, oem.id, 999999):
        client.post(f"/matches/needs/{need.id}/shortlist", data={"supplier": target})
    assert db.session.scalars(select(ShortlistEntry)).all() == []


def test_others_neither_see_recommendations_nor_change_the_shortlist(client, make, auth):
    oem, need, stamper, *_ = _catalogue(make)
    other_buyer = make.user("buyer", company=make.company("oem", legal_name="Otra OEM"))
    supplier_user = make.user("supplier", company=stamper)
    manager = make.user("manager", company=make.company("institution"))
    for user in (other_buyer, supplier_user, manager):
        auth.login(user)
        r = client.get(f"/needs/{need.id}")  # an open need: suppliers and managers read it
        assert r.status_code == (404 if user is other_buyer else 200)
        assert TROQUELADOS not in r.text and 'id="shortlist"' not in r.text
        r = client.post(f"/matches/needs/{need.id}/shortlist", data={"supplier": stamper.id})
        assert r.status_code in (403, 404)
        auth.logout()
    db.session.add(ShortlistEntry(need_id=need.id, supplier_company_id=stamper.id, score=0.5))
    db.session.commit()
    auth.login(other_buyer)
    r = client.post(f"/matches/needs/{need.id}/shortlist/{stamper.id}/remove")
    assert r.status_code in (403, 404)
    assert db.session.scalars(select(ShortlistEntry)).one().supplier_company_id == stamper.id
    auth.logout()
    auth.login(make.user("organiser", company=make.company("institution")))
    assert TROQUELADOS in _recommended(client.get(f"/needs/{need.id}").text)


def test_supplier_sees_the_open_needs_that_fit_it_on_its_own_page(client, make, auth):
    oem, need, stamper, plastics, _ = _catalogue(make)
    make.need(oem, title="Stamping dies and welding, closed", status="closed")
    make.need(oem, title="Plastic injection of housings")
    auth.login(make.user("supplier", company=stamper, language="en"))
    page = client.get(f"/companies/{stamper.id}").text
    card = page.split('id="fitting-needs"')[1]
    assert "Metal stamping and welding" in card and "closed" not in card
    assert "Plastic injection" not in card and "process: troquelado ~ metal stamping" in card
    # Another company's page shows its fitting needs to nobody but its people and staff.
    assert 'id="fitting-needs"' not in client.get(f"/companies/{plastics.id}").text
    auth.logout()
    auth.login(make.user("organiser", company=make.company("institution")))
    assert "Plastic injection" in client.get(f"/companies/{plastics.id}").text


def test_organisers_and_managers_see_the_best_pairs(client, make, auth):
    oem, need, stamper, plastics, harness = _catalogue(make)
    injection = make.need(oem, title="Plastic injection of housings")
    auth.login(make.user("manager", company=make.company("institution"), language="en"))
    page = client.get("/matches/").text
    assert TROQUELADOS in page and "Plásticos Sur" in page
    assert page.index("Metal stamping") < page.index("</table>")
    filtered = client.get(f"/matches/?need={injection.id}").text
    assert "Plásticos Sur" in filtered and TROQUELADOS not in filtered
    by_state = client.get("/matches/?state=Nuevo+Le%C3%B3n").text
    assert TROQUELADOS in by_state and "Plásticos Sur" not in by_state
    assert "Best pairs" in page and "shortlist" not in page.lower().split("<main")[1]
    for role, company in (("buyer", oem), ("supplier", stamper)):
        auth.logout()
        auth.login(make.user(role, company=company))
        assert client.get("/matches/").status_code == 403
    auth.logout()
    assert client.get("/matches/").status_code == 302  # to the login page


def test_profile_edit_is_seen_without_restarting(client, make, auth):
    oem, need, stamper, plastics, harness = _catalogue(make)
    auth.login(make.user("buyer", company=oem))
    assert "Arneses del Bajío" not in _recommended(client.get(f"/needs/{need.id}").text)
    auth.logout()
    auth.login(make.user("supplier", company=harness))
    r = client.post(
        f"/companies/{harness.id}/edit",
        data={
            "legal_name": "Arneses del Bajío",
            "kind": "tier2",
            "state": "Guanajuato",
            "description": "Estampado de lámina y soldadura de soportes metálicos",
        },
    )
    assert r.status_code == 302
    auth.logout()
    auth.login(make.user("buyer", company=oem))
    assert "Arneses del Bajío" in _recommended(client.get(f"/needs/{need.id}").text)


def test_import_and_archive_are_seen_without_restarting(client, make, auth):
    from matchmaker.services.catalogue.companies import decide_company
    from matchmaker.services.catalogue.imports import import_suppliers

    oem, need, stamper, *_ = _catalogue(make)
    auth.login(make.user("buyer", company=oem))
    assert "Estampados Importados" not in _recommended(client.get(f"/needs/{need.id}").text)
    csv = (
        "id,name,description,tier,state,processes\n"
        "IMP1,Estampados Importados,Estampado de acero y soldadura MIG,2,NL,estampado\n"
    )
    assert import_suppliers(None, csv.encode(), "new.csv", dry_run=False).created == 1
    card = _recommended(client.get(f"/needs/{need.id}").text)
    assert "Estampados Importados" in card and TROQUELADOS in card
    decide_company(make.user("organiser"), stamper, "archived")
    card = _recommended(client.get(f"/needs/{need.id}").text)
    assert "Estampados Importados" in card and TROQUELADOS not in card


def test_a_fresh_cache_sees_another_workers_change(ctx, make):
    """Two workers: each its own cache; a change made through one is seen by the other."""
    from matchmaker.services.catalogue import companies
    from matchmaker.services.sourcing.supplier_index import SupplierCache, need_query

    oem, need, stamper, plastics, harness = _catalogue(make)
    first, second = SupplierCache(), SupplierCache()
    query = need_query(need)
    ids = [m.supplier_id for m in second.current().rank(query)]
    assert str(stamper.id) in ids and str(harness.id) not in ids
    first.current()
    organiser = make.user("organiser")
    companies.update_company(
        organiser,
        harness,
        {
            "legal_name": "Arneses del Bajío",
            "kind": "tier2",
            "description": "Troquelado de acero y soldadura",
        },
    )
    again = second.current()
    assert str(harness.id) in [m.supplier_id for m in again.rank(query)]
    assert second.stats["builds"] == 1 and second.stats["upserts"] == 1
    checks = second.stats["checks"]
    second.current()  # nothing changed: one version query, no upsert
    assert second.stats["upserts"] == 1 and second.stats["checks"] == checks + 1
