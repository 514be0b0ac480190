"""Journeys 1 and 2 in a real browser: a supplier registers and sees the needs that fit it; a
buyer posts a need, reads why suppliers are recommended and shortlists them.

Both run at desktop width (1280 px) in Spanish and in English, and at phone width (390 px) in
Spanish."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Site, expect, field, tr, unique

RUNS = [
    pytest.param("desktop", "es", id="desktop-es"),
    pytest.param("desktop", "en", id="desktop-en"),
    pytest.param("phone", "es", id="phone-es"),
]
TERMS = {"es": ("Estampado", "Soldadura MIG", "Acero"), "en": ("Stamping", "MIG welding", "Steel")}


def _approve(site: Site, company: str, lang: str) -> None:
    """An organiser approves a newly registered company from the organiser's desk."""
    page = site.page("desktop", lang)
    site.login(page, "organiser")
    page.goto("/admin/")
    table = page.locator("section").filter(
        has=page.get_by_role("heading", name=tr(page, "Companies waiting for approval"))
    )
    row = table.get_by_role("row").filter(has_text=company)
    row.get_by_role("button", name=tr(page, "Approve")).click()
    expect(page.get_by_role("status").filter(has_text=company)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=company)).to_have_count(0)


@pytest.mark.parametrize(("device", "lang"), RUNS)
def test_supplier_registers_fills_profile_and_sees_fitting_needs(
    site: Site, device: str, lang: str
) -> None:
    """Journey 1: register, describe capabilities and certifications, be approved, and see the
    buyers' open needs that fit, with the reasons."""
    page = site.page(device, lang)
    company = unique("Estampados Prueba")
    page.goto("/")
    site.set_language(page, lang)
    page.get_by_role("main").get_by_role("link", name=tr(page, "Register your company")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Register your company"))
    field(page, "Your name").fill("Sara Soldadora")
    field(page, "E-mail").fill(f"sara{company.split()[-1]}@prueba.mx")
    field(page, "Password").fill("una-clave-larga-2026")
    field(page, "Company (legal name)").fill(company)
    field(page, "I am a").select_option("supplier")
    field(page, "Language").last.select_option(lang)
    page.get_by_role("button", name=tr(page, "Create the account")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(company)
    expect(page.get_by_role("status").first).to_contain_text(
        tr(
            page,
            "Welcome! Your company "
            "will appear in the catalogue once an organiser approves it. Meanwhile, complete its "
            "profile.",
        )
    )
    expect(page.get_by_text(tr(page, "No capabilities recorded yet."))).to_be_visible()

    page.get_by_role("link", name=tr(page, "Edit the profile")).click()
    field(page, "Description").fill(
        "Estampado de piezas de acero y soldadura MIG para carrocería. "
        "Steel stamping and MIG welding of body brackets."
    )
    field(page, "State").select_option("Nuevo León")
    field(page, "City").fill("Apodaca")
    stamping, welding, steel = TERMS[lang]
    processes = page.get_by_role("group", name=tr(page, "Processes"), exact=True)
    processes.get_by_label(stamping, exact=True).check()
    processes.get_by_label(welding, exact=True).check()
    page.get_by_role("group", name=tr(page, "Materials"), exact=True).get_by_label(
        steel, exact=True
    ).check()
    certs = page.get_by_role("group", name=tr(page, "Certifications and expiry dates"))
    certs.get_by_label("IATF 16949", exact=True).check()
    field(page, "%(name)s expires on", name="IATF 16949").fill("2028-03-31")
    certs.get_by_label("ISO 9001", exact=True).check()
    page.get_by_role("button", name=tr(page, "Save")).click()

    expect(page.get_by_role("status").first).to_have_text(tr(page, "The profile was saved."))
    capabilities = page.locator(".card").filter(
        has=page.get_by_role("heading", name=tr(page, "Capabilities"))
    )
    for term in TERMS[lang]:
        expect(capabilities.get_by_role("listitem").filter(has_text=term).first).to_be_visible()
    certifications = page.locator(".card").filter(
        has=page.get_by_role("heading", name=tr(page, "Certifications"), exact=True)
    )
    expect(certifications).to_contain_text(
        "IATF 16949 — " + tr(page, "valid until %(date)s", date="2028-03-31")
    )
    expect(certifications).to_contain_text("ISO 9001")
    # Not approved yet: no needs offered.
    fitting = page.locator("#fitting-needs")
    expect(fitting).to_contain_text(tr(page, "No open need fits this company yet."))

    _approve(site, company, lang)
    page.reload()
    expect(fitting.get_by_role("heading")).to_have_text(
        tr(page, "Open needs that fit this company")
    )
    need = fitting.get_by_role("row").filter(
        has=page.get_by_role("link", name="Piezas estampadas de acero para carrocería")
    )
    expect(need).to_be_visible()
    expect(need).to_contain_text("Ensambladora Demo del Norte")
    expect(need.get_by_role("listitem").first).not_to_be_empty()
    need.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Piezas estampadas de acero para carrocería"
    )
    # A supplier sees the need, but not the buyer's recommendations.
    expect(page.get_by_role("heading", name=tr(page, "Recommended suppliers"))).to_have_count(0)


@pytest.mark.parametrize(("device", "lang"), RUNS)
def test_buyer_posts_need_and_shortlists_recommended_suppliers(
    site: Site, device: str, lang: str
) -> None:
    """Journey 2: post a need, read the recommended suppliers and why, shortlist two."""
    page = site.page(device, lang)
    site.login(page, "buyer")
    title = unique("Soportes estampados y soldados")
    nav_needs = page.get_by_role("navigation").get_by_role(
        "link", name=tr(page, "Needs"), exact=True
    )
    if nav_needs.is_visible():
        nav_needs.click()
    else:  # a phone may fold the navigation
        page.goto("/needs/")
    page.get_by_role("main").get_by_role("link", name=tr(page, "Post a need")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Post a need"))
    field(page, "Title").fill(title)
    field(page, "Description").fill(
        "Soportes de acero estampado con soldadura MIG para carrocería."
    )
    stamping, welding, steel = TERMS[lang]
    processes = page.get_by_role("group", name=tr(page, "Processes"), exact=True)
    processes.get_by_label(stamping, exact=True).check()
    processes.get_by_label(welding, exact=True).check()
    page.get_by_role("group", name=tr(page, "Materials"), exact=True).get_by_label(
        steel, exact=True
    ).check()
    page.get_by_role("group", name=tr(page, "Required certifications")).get_by_label(
        "IATF 16949", exact=True
    ).check()
    field(page, "Annual volume").fill("120000")
    field(page, "Preferred states").select_option(["Nuevo León"])
    page.get_by_role("button", name=tr(page, "Save")).click()

    expect(page.get_by_role("status").first).to_have_text(tr(page, "The need was posted."))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    recommended = page.locator("#recommendations")
    expect(recommended.get_by_role("heading")).to_have_text(tr(page, "Recommended suppliers"))
    rows = recommended.get_by_role("row").filter(has=page.get_by_role("button"))
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2
    best = recommended.get_by_role("row").filter(
        has=page.get_by_role("link", name="Troqueles y Estampados Demo")
    )
    expect(best).to_have_count(1)
    # The reasons say what fits: the process, the certification and the state asked for.
    reasons = best.get_by_role("listitem")
    expect(reasons.filter(has_text=re.compile("estampad", re.I)).first).to_be_visible()
    expect(reasons.filter(has_text="IATF 16949")).to_have_count(1)
    expect(reasons.filter(has_text="Nuevo León")).to_have_count(1)
    shortlist = page.locator("#shortlist")
    expect(shortlist).to_contain_text(tr(page, "No supplier shortlisted yet."))

    best.get_by_role("button", name=tr(page, "Shortlist")).click()
    expect(page.get_by_role("status").first).to_have_text(
        tr(page, "The supplier was added to the shortlist.")
    )
    expect(shortlist.get_by_role("link", name="Troqueles y Estampados Demo")).to_be_visible()
    expect(best).to_contain_text(tr(page, "Shortlisted"))
    expect(best.get_by_role("button")).to_have_count(0)

    second = recommended.get_by_role("row").filter(has=page.get_by_role("button")).first
    second_name = second.get_by_role("link").inner_text()
    second.get_by_role("button", name=tr(page, "Shortlist")).click()
    expect(shortlist.get_by_role("listitem")).to_have_count(2)
    expect(shortlist).to_contain_text(second_name)

    shortlist.get_by_role("listitem").filter(has_text=second_name).get_by_role(
        "button", name=tr(page, "Remove")
    ).click()
    expect(page.get_by_role("status").first).to_have_text(
        tr(page, "The supplier was removed from the shortlist.")
    )
    expect(shortlist.get_by_role("listitem")).to_have_count(1)
    expect(shortlist).not_to_contain_text(second_name)
