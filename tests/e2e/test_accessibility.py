"""Accessibility and keyboard use in a real browser, and the screenshots in docs/screenshots.

axe-core runs on each main page (in Spanish, at desktop width, after an event has been run from
set-up to award so that every page shows real content) and must find no serious or critical
violation; the keyboard test tabs to the skip link and the search field and submits with Enter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Site, expect, tr, unique
from tests.e2e.test_event_to_award import (
    SUPPLIER,
    Event,
    _event_link,
    buyer_awards,
    buyer_issues_rfq_from_meeting,
    organiser_creates_event,
    organiser_registers_participants,
    organiser_runs_the_day,
    organiser_schedules_and_publishes,
    participants_ask_to_meet,
    supplier_quotes,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SERIOUS = {"serious", "critical"}


def _axe(page: Any) -> list[str]:
    """The serious and critical axe-core violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for v in results.response["violations"]:
        if v["impact"] in SERIOUS:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"]][:3]
            found.append(f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {targets}")
    return found


def test_keyboard_skip_link_and_search(site: Site) -> None:
    """Tab reaches the skip link first, which jumps to the content; the search field takes a
    query that Enter submits."""
    page = site.page("desktop", "es")
    site.login(page, "buyer")
    page.goto("/companies/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=tr(page, "Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    search = page.get_by_role("searchbox", name=tr(page, "Search"))
    for _ in range(5):  # the search field is the first field of the content
        page.keyboard.press("Tab")
        if search.evaluate("el => el === document.activeElement"):
            break
    expect(search).to_be_focused()
    page.keyboard.type("troqueles estampados")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=troqueles\+estampados"))
    results = page.locator("ul.results > li")
    expect(results.filter(has_text="Troqueles y Estampados Demo")).to_have_count(1)
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d+"))


def test_main_pages_accessible_and_screenshots(site: Site) -> None:
    """Run an event to an award, then check and photograph every main page."""
    org, buyer, supplier, manager = (site.page("desktop", "es") for _ in range(4))
    for page, who in (
        (org, "organiser"),
        (buyer, "buyer"),
        (supplier, "supplier"),
        (manager, "manager"),
    ):
        site.login(page, who)
    event = Event("Encuentro de Negocios CLAUT 2026")
    organiser_creates_event(site, org, event)
    organiser_registers_participants(site, org, event)
    participants_ask_to_meet(site, buyer, supplier, event)
    organiser_schedules_and_publishes(site, org, event)
    buyer.goto(event.url)
    _event_link(buyer, "My agenda")
    rows = buyer.locator("table.agenda tbody").get_by_role("row")
    for row in rows.all():
        other = row.get_by_role("cell").nth(2).inner_text()
        event.times[other] = re.search(r"\d\d:\d\d", row.get_by_role("cell").first.inner_text())[0]
    organiser_runs_the_day(org, event)
    buyer_issues_rfq_from_meeting(buyer, event)
    rfq_url = buyer.url
    supplier_quotes(supplier, buyer.get_by_role("heading", level=1).inner_text().split(" · ")[0])
    buyer_awards(buyer)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    anonymous = site.page("desktop", "es")
    visits: list[tuple[Any, str, str | None]] = [
        (anonymous, "/", None),
        (anonymous, "/auth/login", None),
        (anonymous, "/auth/register", None),
        (anonymous, "/help", None),
        (buyer, "/companies/?q=estampado", "catalogue"),
        (buyer, "/needs/", None),
        (buyer, "/needs/new", None),
        (buyer, "/events/", None),
        (buyer, rfq_url, None),
        (buyer, "/rfqs/", None),
        (buyer, "/rfqs/new", None),
        (org, "/admin/", None),
        (org, event.url, "event"),
        (org, event.url + "/participants", None),
        (org, event.url + "/register", None),
        (org, event.url + "/requests", None),
        (org, event.url + "/schedule", "schedule"),
        (org, event.url + "/plan", "table-plan"),
        (org, "/matches/", None),
        (manager, "/dashboard/", "dashboard"),
        (manager, "/dashboard/report", "quarterly-report"),
    ]
    for page, url, shot in visits:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        problems += _axe(page)
        if shot:
            page.screenshot(path=SCREENSHOTS / f"{shot}.png", full_page=shot != "catalogue")

    # the supplier's own profile, with the needs that fit it
    supplier.get_by_role("navigation", name=tr(supplier, "Main")).get_by_role(
        "link", name=tr(supplier, "My company")
    ).click()
    expect(supplier.get_by_role("heading", level=1)).to_have_text(SUPPLIER)
    expect(supplier.locator("#fitting-needs").get_by_role("row").nth(1)).to_be_visible()
    problems += _axe(supplier)
    supplier.screenshot(path=SCREENSHOTS / "profile.png", full_page=True)
    supplier.get_by_role("link", name=tr(supplier, "Edit the profile")).click()
    problems += _axe(supplier)

    # a need with its recommended suppliers and reasons
    buyer.goto("/needs/")
    buyer.get_by_role("link", name="Piezas estampadas de acero para carrocería").click()
    expect(buyer.locator("#recommendations").get_by_role("row").nth(1)).to_be_visible()
    problems += _axe(buyer)
    buyer.locator("#recommendations").scroll_into_view_if_needed()
    buyer.screenshot(path=SCREENSHOTS / "need-recommendations.png", full_page=True)

    # the buyer's agenda
    buyer.goto(event.url)
    _event_link(buyer, "My agenda")
    problems += _axe(buyer)
    buyer.screenshot(path=SCREENSHOTS / "agenda.png", full_page=True)

    # the day, on the organiser's phone
    phone = site.page("phone", "es")
    site.login(phone, "organiser")
    phone.goto(event.url + "/live")
    expect(phone.locator("ul.live")).to_be_visible()
    problems += _axe(phone)
    phone.screenshot(path=SCREENSHOTS / "live-phone.png", full_page=True)
    phone.goto(event.url)
    problems += _axe(phone)

    assert not problems, "\n".join(problems)
    # the checker does see a violation where there is one
    anonymous.goto("/help")
    anonymous.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any("image-alt" in p for p in _axe(anonymous))


def test_form_fields_have_labels(site: Site) -> None:
    """Every visible field of the main forms has a label (or an ARIA name)."""
    unnamed = []
    org = site.page("desktop", "es")
    site.login(org, "organiser")
    event = Event(unique("Formularios"))
    organiser_creates_event(site, org, event)
    for who, urls in (
        ("buyer", ("/companies/", "/needs/new", "/rfqs/new")),
        ("organiser", ("/events/new", event.url + "/register", "/rfqs/rates", "/dashboard/")),
    ):
        page = site.page("desktop", "es")
        site.login(page, who)
        for url in urls:
            page.goto(url)
            fields = page.get_by_role("main").locator("input:not([type=hidden]), select, textarea")
            expect(fields.first, url).to_be_visible()
            for f in fields.all():
                if f.is_visible() and not f.evaluate(
                    "el => (el.labels && el.labels.length) || el.getAttribute('aria-label')"
                    " || el.getAttribute('aria-labelledby')"
                ):
                    unnamed.append(f"{url}: {f.evaluate('el => el.outerHTML')[:120]}")
    assert not unnamed, "\n".join(unnamed)
