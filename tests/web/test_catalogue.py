"""The catalogue: search, filters, profiles, and who may edit what."""

from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import Company


def test_search_ignores_accents_and_case(client, make, auth):
    make.company(legal_name="FUNDICIÓN DEL NORTE SA", description="FUNDICIÓN DE ALUMINIO")
    make.company(legal_name="Plásticos Sur", description="Inyección de plástico")
    auth.login(make.user("buyer", company=make.company("oem")))
    text = client.get("/companies/?q=fundicion").text
    assert "FUNDICIÓN DEL NORTE" in text and "Plásticos Sur" not in text
    assert "Plásticos Sur" in client.get("/companies/?q=INYECCION+plastico").text
    assert "1 proveedor encontrado" in client.get("/companies/?q=aluminio").text


def test_search_words_match_from_the_start_of_a_word(client, make, auth):
    make.company(legal_name="Fundiciones Reyes", description="Fundición de aluminio; 50% reciclado")
    make.company(legal_name="Refundidora Sur", description="Plásticos")
    auth.login(make.user("buyer", company=make.company("oem")))
    text = client.get("/companies/?q=FUNDI+alum").text
    assert "Fundiciones Reyes" in text and "Refundidora Sur" not in text
    # A word inside another word is not a match; punctuation in the query is not an error.
    assert "Fundiciones Reyes" not in client.get("/companies/?q=undicion").text
    for q in ("50%25", "alum_inio", "(fundi", "reyes:*", "'", "a%26b|c!"):
        assert client.get(f"/companies/?q={q}").status_code == 200, q
    assert "Fundiciones Reyes" in client.get("/companies/?q=(fundi%20%2050%25").text


def test_page_totals_hold_past_the_end_and_with_filters(client, make, auth):
    for i in range(30):  # pages of 25
        make.company(legal_name=f"Estampados {i:02d}", description="estampado")
    make.company(legal_name="Otro giro", description="pintura")
    auth.login(make.user("buyer", company=make.company("oem", legal_name="Zeta OEM")))
    second = client.get("/companies/?q=estampado&page=2").text
    assert "30 proveedores encontrados" in second and "Estampados 29" in second
    assert "Estampados 24" not in second and "Otro giro" not in second
    assert second.index("Estampados 25") < second.index("Estampados 29")
    beyond = client.get("/companies/?q=estampado&page=9").text
    assert "30 proveedores encontrados" in beyond and "Estampados 2" not in beyond


def test_filters_by_tier_state_process_and_certification(client, make, auth):
    from matchmaker.services.catalogue import companies

    stamping = make.company("tier2", legal_name="Troqueles NL", state="Nuevo León")
    make.company("tier3", legal_name="Maquinados Coah", state="Coahuila")
    organiser = make.user("organiser", company=make.company("institution"))
    companies.update_company(
        organiser,
        stamping,
        {
            "legal_name": "Troqueles NL",
            "kind": "tier2",
            "state": "NL",
            "term_keys": ["stamping"],
            "certifications": {"IATF 16949": "2030-01-01"},
        },
    )
    auth.login(make.user("buyer", company=make.company("oem")))
    for query in (
        "tier=2",
        "state=Nuevo+Le%C3%B3n",
        "process=stamping",
        "certification=iatf_16949",
    ):
        text = client.get(f"/companies/?{query}").text
        assert "Troqueles NL" in text and "Maquinados Coah" not in text, query
    assert "Maquinados Coah" in client.get("/companies/?tier=3").text


def test_catalogue_is_paginated(client, make, auth):
    for i in range(30):
        make.company(legal_name=f"Proveedor {i:02d}")
    auth.login(make.user("buyer", company=make.company("oem", legal_name="Zeta OEM")))
    first = client.get("/companies/").text
    second = client.get("/companies/?page=2").text
    assert "Proveedor 00" in first and "Proveedor 29" not in first
    assert "Proveedor 29" in second and "Página 2 de 2" in second


def test_supplier_edits_only_its_own_company(client, make, auth):
    mine, other = make.company(legal_name="Mía"), make.company(legal_name="Otra")
    auth.login(make.user("supplier", company=mine))
    r = client.post(
        f"/companies/{mine.id}/edit",
        data={
            "legal_name": "Mía SA de CV",
            "kind": "tier1",
            "rfc": "ABC010203XY1",
            "state": "NL",
            "term_keys": ["stamping", "aluminium"],
            "cert_iso_9001": "1",
            "expires_iso_9001": "2027-05-31",
        },
    )
    assert r.status_code == 302
    company = db.session.get(Company, mine.id)
    assert company.legal_name == "Mía SA de CV" and company.state == "Nuevo León"
    assert company.kind == "tier2"  # only staff re-classify
    assert [c.cert_key for c in company.certifications] == ["iso_9001"]
    assert company.certifications[0].expires_on.isoformat() == "2027-05-31"
    assert client.get(f"/companies/{other.id}/edit").status_code == 403
    r = client.post(f"/companies/{other.id}/edit", data={"legal_name": "Hacked", "kind": "tier2"})
    assert r.status_code == 403
    assert db.session.get(Company, other.id).legal_name == "Otra"


def test_bad_profile_input_is_refused_with_field_messages(client, make, auth):
    mine = make.company(legal_name="Mía")
    auth.login(make.user("supplier", company=mine))
    r = client.post(
        f"/companies/{mine.id}/edit",
        data={
            "legal_name": "Mía",
            "kind": "tier2",
            "rfc": "XYZ",
            "website": "not a url",
            "employees": "-4",
            "state": "Atlantis",
        },
    )
    assert r.status_code == 400
    for message in ("no es un RFC válido", "no es una dirección web válida", "Atlantis"):
        assert message in r.text
    company = db.session.get(Company, mine.id)
    assert company.rfc is None and company.state is None


def test_pending_companies_are_hidden_from_others(client, make, auth):
    pending = make.company(status="pending", legal_name="Pendiente")
    auth.login(make.user("buyer", company=make.company("oem")))
    assert client.get(f"/companies/{pending.id}").status_code == 404
    auth.logout()
    auth.login(make.user("supplier", company=pending))
    assert client.get(f"/companies/{pending.id}").status_code == 200


def test_organiser_approves_company_with_audit(client, make, auth):
    from sqlalchemy import select

    from matchmaker.models import AuditEntry

    pending = make.company(status="pending", legal_name="Pendiente")
    auth.login(make.user("organiser", company=make.company("institution")))
    assert "Pendiente" in client.get("/admin/").text
    r = client.post(f"/admin/companies/{pending.id}/status", data={"status": "approved"})
    assert r.status_code == 302
    assert db.session.get(Company, pending.id).status == "approved"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "company.status"))


def test_manager_reads_but_does_not_change(client, make, auth):
    company = make.company(legal_name="Proveedor")
    auth.login(make.user("manager", company=make.company("institution")))
    assert client.get(f"/companies/{company.id}").status_code == 200
    assert client.get("/admin/export.csv").status_code == 200
    assert client.get(f"/companies/{company.id}/edit").status_code == 403
    assert (
        client.post(
            f"/admin/companies/{company.id}/status", data={"status": "archived"}
        ).status_code
        == 403
    )
    assert client.get("/admin/import").status_code == 403


def test_suppliers_and_buyers_cannot_use_the_organisers_desk(client, make, auth):
    auth.login(make.user("supplier", company=make.company()))
    for url in ("/admin/", "/admin/import", "/admin/users", "/admin/export.csv"):
        assert client.get(url).status_code == 403, url


def test_anonymous_users_see_nothing_private(client, make):
    company = make.company()
    for url in ("/companies/", f"/companies/{company.id}", "/needs/", "/admin/"):
        r = client.get(url)
        assert r.status_code == 302 and "/auth/login" in r.headers["Location"], url


def test_company_with_history_is_archived_not_deleted(client, make, auth):
    from matchmaker.models import Need

    lonely = make.company(legal_name="Sin historia")
    busy = make.company("oem", legal_name="Con historia")
    lonely_id, busy_id, need_id = lonely.id, busy.id, make.need(busy, title="Historia").id
    auth.login(make.user("organiser", company=make.company("institution")))
    assert client.post(f"/companies/{lonely_id}/remove").status_code == 404  # wrong area
    assert client.post(f"/admin/companies/{lonely_id}/remove").status_code == 302
    assert db.session.get(Company, lonely_id) is None
    assert client.post(f"/admin/companies/{busy_id}/remove").status_code == 302
    assert db.session.get(Company, busy_id).status == "archived"
    assert db.session.get(Need, need_id) is not None


def test_only_organisers_remove_companies(client, make, auth):
    target = make.company(legal_name="Objetivo")
    auth.login(make.user("manager", company=make.company("institution")))
    assert client.post(f"/admin/companies/{target.id}/remove").status_code == 403
    assert db.session.get(Company, target.id) is not None
