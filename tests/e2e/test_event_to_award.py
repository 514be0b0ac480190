"""Journeys 3 to 7 in a real browser, one event from set-up to award, each role in its own
browser (own cookies):

3. the organiser creates an event, registers participants, opens requests (the buyer and the
   supplier ask to meet), schedules ("Schedule all" shows progress, then the result) and
   publishes;
4. each participant opens its agenda, prints it (print media: navigation hidden; the printable
   sheets give one page per participant) and downloads its .ics (it parses and holds the
   meetings);
5. on the day, the organiser checks people in and marks one meeting held and one a no-show;
6. the buyer issues an RFQ from the held meeting, the supplier quotes, the buyer awards;
7. the manager finds the award in the dashboard (filtered to the event) and in the quarterly
   report.

The whole chain runs at desktop width (1280 px) in Spanish, and at phone width (390 px) in
English: every journey in both languages, and every journey on a phone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.conftest import Site, expect, tr, unique
from tests.e2e.conftest import field as labelled

BUYER = "Ensambladora Demo del Norte, S.A. de C.V."
SUPPLIER = "Troqueles y Estampados Demo, S.A. de C.V."
SECOND = "Sistemas Automotrices Demo, S.A. de C.V."  # buyer2's company, here as a supplier
AWARD = Decimal("1200000")


@dataclass
class Event:
    """What the journeys learn about the event as they go."""

    name: str
    url: str = ""
    times: dict[str, str] = field(default_factory=dict)  # counterpart -> "HH:MM" (buyer's)


def _status(page: Any) -> Any:
    return page.get_by_role("status").first


def _go(page: Any, msgid: str) -> None:
    """Follow a link of the main navigation (on a phone too: it wraps, it does not fold)."""
    page.get_by_role("navigation", name=tr(page, "Main")).get_by_role(
        "link", name=tr(page, msgid), exact=True
    ).click()


def _open_event(page: Any, event: Event) -> None:
    _go(page, "Events")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Events and trade missions"))
    page.get_by_role("link", name=event.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.name)


def _event_link(page: Any, msgid: str) -> None:
    page.get_by_role("navigation", name=tr(page, "Event")).get_by_role(
        "link", name=tr(page, msgid), exact=True
    ).click()


def _money(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text) or "0")


# --- 3. the organiser ----------------------------------------------------------------------


def organiser_creates_event(site: Site, org: Any, event: Event) -> None:
    """Create the event, a session, tables; open registration."""
    _go(org, "Events")
    org.get_by_role("link", name=tr(org, "New event")).click()
    labelled(org, "Name").fill(event.name)
    labelled(org, "Venue").fill("Cintermex, Monterrey")
    today = date.today().isoformat()
    labelled(org, "First day").fill(today)
    labelled(org, "Last day").fill(today)
    labelled(org, "Tables").select_option("pool")
    org.get_by_role("button", name=tr(org, "Save")).click()
    expect(_status(org)).to_have_text(tr(org, "The event was created."))
    expect(org.get_by_role("heading", level=1)).to_have_text(event.name)
    event.url = org.url

    labelled(org, "Session name").fill("Mañana")
    labelled(org, "Starts").fill("09:00")
    labelled(org, "Ends").fill("10:20")
    labelled(org, "Slot length").select_option("20")
    org.get_by_role("button", name=tr(org, "Add session")).click()
    expect(_status(org)).to_have_text(tr(org, "The session was added with %(n)d slots.", n=4))
    sessions = org.locator("section").filter(
        has=org.get_by_role("heading", name=tr(org, "Sessions"))
    )
    expect(sessions.get_by_role("row").filter(has_text="Mañana")).to_contain_text("09:00–10:20")

    labelled(org, "Shared tables").fill("2")
    org.get_by_role("button", name=tr(org, "Save tables")).click()
    expect(_status(org)).to_have_text(tr(org, "The tables were saved."))
    _set_status(org, "Registration open")


def _set_status(org: Any, status: str) -> None:
    label = tr(org, status)
    org.get_by_role("button", name=tr(org, "Set to: %(s)s", s=label)).click()
    expect(_status(org)).to_have_text(tr(org, "The event is now: %(status)s.", status=label))
    expect(org.locator(".status")).to_have_text(label)


def organiser_registers_participants(site: Site, org: Any, event: Event) -> None:
    """Register the buyer and two suppliers, each with a delegate."""
    _event_link(org, "Participants")
    for company, role, person in (
        (BUYER, "buyer", "Bruno Comprador"),
        (SUPPLIER, "supplier", "Sofia Proveedora"),
        (SECOND, "supplier", "Beth Buyer"),
    ):
        org.get_by_role("link", name=tr(org, "Register a company")).click()
        expect(org.get_by_role("heading", level=1)).to_have_text(
            tr(org, "Register for %(event)s", event=event.name)
        )
        labelled(org, "Company").select_option(label=company)
        labelled(org, "Role").select_option(role)
        people = org.get_by_role("group", name=tr(org, "People who will attend"))
        labelled(org, "Name", people).first.fill(person)
        labelled(org, "E-mail", people).first.fill(person.split()[0].lower() + "@ejemplo.mx")
        org.get_by_role("main").get_by_role("button", name=tr(org, "Register"), exact=True).click()
        expect(_status(org)).to_have_text(tr(org, "The registration was received."))
        _event_link(org, "Participants")
        row = org.get_by_role("row").filter(has_text=company)
        expect(row).to_contain_text(tr(org, "Approved"))
    expect(org.locator("tbody").get_by_role("row")).to_have_count(3)
    org.get_by_role("link", name=event.name).click()
    _set_status(org, "Meeting requests open")


def participants_ask_to_meet(site: Site, buyer: Any, supplier: Any, event: Event) -> None:
    """The buyer marks the proposed suppliers; the supplier asks the buyer."""
    _open_event(buyer, event)
    _event_link(buyer, "Meeting requests")
    proposed = buyer.locator("section").filter(
        has=buyer.get_by_role("heading", name=tr(buyer, "Suppliers proposed for your open needs"))
    )
    for company, interest in ((SUPPLIER, "Must meet"), (SECOND, "Would like to meet")):
        proposed.get_by_role("listitem").filter(has_text=company).get_by_role(
            "button", name=tr(buyer, interest)
        ).click()
        expect(_status(buyer)).to_have_text(tr(buyer, "Your answer was saved."))
        expect(
            proposed.get_by_role("listitem")
            .filter(has_text=company)
            .get_by_role("button", name=tr(buyer, interest))
        ).to_have_attribute("aria-pressed", "true")
    mine = buyer.locator("section").filter(
        has=buyer.get_by_role("heading", name=tr(buyer, "Your requests"))
    )
    expect(mine.locator("tbody").get_by_role("row")).to_have_count(2)

    _open_event(supplier, event)
    _event_link(supplier, "Meeting requests")
    asked = supplier.get_by_role("listitem").filter(has_text=BUYER)
    asked.get_by_role("button", name=tr(supplier, "Must meet")).click()
    expect(_status(supplier)).to_have_text(tr(supplier, "Your answer was saved."))
    row = supplier.get_by_role("row").filter(has_text=BUYER)
    expect(row).to_contain_text(tr(supplier, "Mutual interest"))


def organiser_schedules_and_publishes(site: Site, org: Any, event: Event) -> None:
    """Schedule all: a progress bar, then the result; publish the agendas."""
    org.goto(event.url)
    _event_link(org, "Schedule")
    expect(org.get_by_role("heading", level=1)).to_contain_text(tr(org, "Schedule"))
    org.get_by_role("button", name=tr(org, "Schedule all")).click()
    # The page answers at once with the job's progress, then shows the result by itself, with
    # no reload. A small event may be scheduled before the page loads: then the result shows
    # straight away (the progress page itself is tested in tests/web with a running job).
    progress = org.get_by_role("progressbar")
    report = org.locator("#report")
    scheduling = (
        org.get_by_role("main")
        .locator("div")
        .filter(has=progress)
        .filter(has_text=tr(org, "Scheduling…"))
    )
    expect(scheduling.or_(report)).to_be_visible()
    expect(report).to_be_visible(timeout=60_000)
    expect(progress).to_have_count(0)
    figures = report.get_by_role("definition")
    expect(report.get_by_role("heading")).to_have_text(tr(org, "Last run"))
    expect(figures.first).to_have_text("2 / 2")  # meetings / requests
    expect(org.get_by_text(tr(org, "Meetings in the schedule: %(n)d.", n=2))).to_be_visible()

    org.get_by_role("link", name=event.name).click()
    expect(org.locator(".status")).to_have_text(tr(org, "Scheduled"))
    org.get_by_role("button", name=tr(org, "Publish agendas")).click()
    expect(_status(org)).to_have_text(
        re.compile(
            re.escape(tr(org, "The agendas were published; %(n)d e-mails sent.", n=3)).replace(
                "3", r"\d+"
            )
        )
    )
    expect(org.locator(".status")).to_have_text(tr(org, "Agendas published"))


# --- 4. the participants' agendas --------------------------------------------------------------


def participant_reads_prints_and_downloads_agenda(
    page: Any, event: Event, me: str, others: list[str]
) -> dict[str, str]:
    """My agenda: the meetings on screen, in print (no navigation), and as .ics."""
    _open_event(page, event)
    _event_link(page, "My agenda")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr(page, "Agenda of %(name)s", name=me)
    )
    rows = page.locator("table.agenda tbody").get_by_role("row")
    expect(rows).to_have_count(len(others))
    times = {}
    for other in others:
        row = rows.filter(has_text=other)
        expect(row).to_contain_text(tr(page, "Scheduled"))
        times[other] = re.search(r"\d\d:\d\d", row.get_by_role("cell").first.inner_text())[0]

    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("navigation", name=tr(page, "Main"))).to_be_hidden()
    expect(rows.first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.get_by_role("banner")).to_be_visible()

    calendar = _calendar(page, page.get_by_role("link", name=tr(page, "Download .ics")))
    meetings = [c for c in calendar.walk("VEVENT")]
    assert len(meetings) == len(others)
    for other in others:
        found = [
            m
            for m in meetings
            if other.split(",")[0] in str(m.get("SUMMARY", "")) + str(m.get("DESCRIPTION", ""))
        ]
        assert len(found) == 1, (other, [str(m.get("SUMMARY")) for m in meetings])
        assert found[0].decoded("DTSTART").strftime("%H:%M") == times[other]

    agenda_url = page.url
    page.get_by_role("link", name=tr(page, "Printable sheet")).click()
    sheets = page.locator("section.sheet")
    expect(sheets).to_have_count(1)
    expect(sheets.get_by_role("heading", level=1)).to_have_text(me)
    for other in others:
        expect(sheets.get_by_role("row").filter(has_text=other)).to_have_count(1)
    assert _pdf_pages(page) == 1
    page.goto(agenda_url)
    return times


def _calendar(page: Any, link: Any) -> Any:
    """The calendar the link downloads. Fetched with the page's cookies rather than through
    chromium's download manager, which here stalls the other browser contexts' navigations for
    20 s or more after a download."""
    from icalendar import Calendar

    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert re.search(r'attachment; filename=".+\.ics"', response.headers["content-disposition"])
    calendar = Calendar.from_ical(response.body())
    response.dispose()
    return calendar


def _pdf_pages(page: Any) -> int:
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def organiser_prints_all_agendas(org: Any, event: Event) -> None:
    """Every participant's sheet, one printed page each."""
    org.goto(event.url)
    _event_link(org, "Print all agendas")
    sheets = org.locator("section.sheet")
    expect(sheets).to_have_count(3)
    for company in (BUYER, SUPPLIER, SECOND):
        expect(sheets.get_by_role("heading", name=company)).to_have_count(1)
    assert _pdf_pages(org) == 3


# --- 5. on the day ------------------------------------------------------------------------


def organiser_runs_the_day(org: Any, event: Event) -> None:
    """Check-in from the participants' list and the live view; held and no-show."""
    org.goto(event.url)
    _event_link(org, "Participants")
    row = org.get_by_role("row").filter(has_text=BUYER)
    row.get_by_role("button", name=tr(org, "Check in")).click()
    expect(_status(org)).to_have_text(tr(org, "Check-in saved."))
    expect(row.get_by_role("cell").nth(6)).to_have_text(re.compile(r"^\d\d:\d\d$"))
    expect(row.get_by_role("button", name=tr(org, "Undo check-in"))).to_be_visible()

    org.goto(event.url)
    _event_link(org, "Live view")
    live = org.locator("ul.live")
    for other, outcome in ((SUPPLIER, "Held"), (SECOND, "No-show")):
        org.get_by_role("navigation", name=tr(org, "Slots")).get_by_role(
            "link", name=event.times[other]
        ).click()
        table = live.get_by_role("listitem").filter(has_text=other)
        if other == SUPPLIER:
            table.get_by_role("button", name=tr(org, "Check in %(name)s", name=SUPPLIER)).click()
            expect(_status(org)).to_have_text(tr(org, "Check-in saved."))
            expect(table).to_contain_text(SUPPLIER + " ✓")
            # the buyer, checked in from the list, is ticked too
            expect(table).to_contain_text(BUYER + " ✓")
        table.get_by_role("button", name=tr(org, outcome), exact=True).click()
        expect(_status(org)).to_have_text(tr(org, "The meeting was marked."))
        expect(table).to_contain_text(tr(org, outcome))


# --- 6. RFQ, quote, award ------------------------------------------------------------------


def buyer_issues_rfq_from_meeting(buyer: Any, event: Event) -> str:
    """The buyer issues an RFQ from the held meeting to the supplier it met."""
    reference = unique("RFQ").replace(" ", "-")
    _go(buyer, "RFQs")
    buyer.get_by_role("link", name=tr(buyer, "Issue an RFQ")).click()
    labelled(buyer, "Reference").fill(reference)
    labelled(buyer, "Title").fill("Soportes estampados para carrocería")
    labelled(buyer, "What is needed").fill("Soportes de acero estampado, 20,000 piezas al mes.")
    labelled(buyer, "Quantity").fill("240000")
    labelled(buyer, "Where it came from").select_option("meeting")
    meeting = labelled(buyer, "Meeting (when it came from a meeting)")
    options = meeting.get_by_role("option").filter(has_text=event.name)
    expect(options).to_have_count(1)  # only the held meeting, not the no-show
    expect(options).to_contain_text("Troqueles")
    meeting.select_option(options.get_attribute("value"))
    labelled(buyer, "Suppliers to invite").select_option(label=SUPPLIER)
    buyer.get_by_role("button", name=tr(buyer, "Send the RFQ")).click()
    expect(_status(buyer)).to_have_text(tr(buyer, "The RFQ was sent to the suppliers."))
    expect(buyer.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(buyer.get_by_role("heading", level=3)).to_have_text(
        f"{SUPPLIER} · {tr(buyer, 'invited')}"
    )
    return reference


def supplier_quotes(supplier: Any, reference: str) -> None:
    """The supplier finds the RFQ in its list and quotes."""
    _go(supplier, "RFQs")
    supplier.get_by_role("link", name=reference).click()
    labelled(supplier, "Change to").select_option(label=tr(supplier, "quoted"))
    labelled(supplier, "Value").fill("1250000")
    labelled(supplier, "Currency").select_option("MXN")
    supplier.get_by_role("button", name=tr(supplier, "Save")).click()
    expect(_status(supplier)).to_have_text(
        tr(supplier, "The response is now: %(status)s.", status=tr(supplier, "quoted"))
    )
    expect(supplier.get_by_role("main")).to_contain_text("1250000")


def buyer_awards(buyer: Any) -> None:
    """The buyer awards the quoted response for a year."""
    buyer.reload()
    heading = buyer.get_by_role("heading", level=3)
    expect(heading).to_have_text(f"{SUPPLIER} · {tr(buyer, 'quoted')}")
    labelled(buyer, "Change to").select_option(label=tr(buyer, "awarded"))
    labelled(buyer, "Value").fill(str(AWARD))
    labelled(buyer, "Months the award covers").fill("12")
    buyer.get_by_role("button", name=tr(buyer, "Save")).click()
    expect(_status(buyer)).to_have_text(
        tr(buyer, "The response is now: %(status)s.", status=tr(buyer, "awarded"))
    )
    expect(heading).to_have_text(f"{SUPPLIER} · {tr(buyer, 'awarded')}")
    expect(buyer.get_by_role("main")).to_contain_text(tr(buyer, "MXN a year"))


# --- 7. the manager ------------------------------------------------------------------------


def _figure(page: Any, msgid: str) -> str:
    row = page.get_by_role("row").filter(
        has=page.get_by_role("cell", name=tr(page, msgid), exact=True)
    )
    expect(row).to_have_count(1)
    return row.get_by_role("cell").last.inner_text()


def manager_report_total(manager: Any) -> Decimal:
    """The quarterly report's total awarded, as the manager reads it."""
    _go(manager, "Results")
    manager.get_by_role("link", name=tr(manager, "Quarterly report")).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        tr(manager, "What the cluster generated this quarter")
    )
    return _money(_figure(manager, "Total value awarded (MXN)"))


def manager_sees_award(manager: Any, event: Event, before: Decimal) -> None:
    """The dashboard narrowed to the event, and the quarterly report."""
    _go(manager, "Results")
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        tr(manager, "Results of the cluster")
    )
    labelled(manager, "Event").select_option(label=event.name)
    manager.get_by_role("button", name=tr(manager, "Show")).click()
    assert _money(_figure(manager, "Total value awarded (MXN)")) == AWARD
    assert _figure(manager, "Meetings held") == "1"
    assert _figure(manager, "No-shows") == "1"
    assert _money(_figure(manager, "Held meetings that led to an award")) > 0
    after = manager_report_total(manager)
    assert after - before == AWARD


RUNS = [pytest.param("desktop", "es", id="desktop-es"), pytest.param("phone", "en", id="phone-en")]


@pytest.mark.parametrize(("device", "lang"), RUNS)
def test_event_from_setup_to_award(site: Site, device: str, lang: str) -> None:
    """Journeys 3-7, in order, on one new event."""
    org, buyer, supplier, second, manager = (site.page(device, lang) for _ in range(5))
    for page, who in (
        (org, "organiser"),
        (buyer, "buyer"),
        (supplier, "supplier"),
        (second, "buyer2"),
        (manager, "manager"),
    ):
        site.login(page, who)
    event = Event(unique("Encuentro de Negocios" if lang == "es" else "Sourcing Day"))
    before = manager_report_total(manager)

    organiser_creates_event(site, org, event)
    organiser_registers_participants(site, org, event)
    participants_ask_to_meet(site, buyer, supplier, event)
    organiser_schedules_and_publishes(site, org, event)

    event.times = participant_reads_prints_and_downloads_agenda(
        buyer, event, BUYER, [SUPPLIER, SECOND]
    )
    participant_reads_prints_and_downloads_agenda(supplier, event, SUPPLIER, [BUYER])
    participant_reads_prints_and_downloads_agenda(second, event, SECOND, [BUYER])
    organiser_prints_all_agendas(org, event)

    organiser_runs_the_day(org, event)

    reference = buyer_issues_rfq_from_meeting(buyer, event)
    supplier_quotes(supplier, reference)
    buyer_awards(buyer)

    manager_sees_award(manager, event, before)
