"""The demo data set: real plant records, demo companies, one user per role, needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    Company,
    CompanyKind,
    CompanyStatus,
    Membership,
    Need,
    Role,
    User,
    UserRole,
)
from matchmaker.services import transaction
from matchmaker.services.accounts.users import hash_password
from matchmaker.services.catalogue.companies import CompanyChanges, apply_changes
from matchmaker.services.catalogue.imports import import_suppliers
from matchmaker.services.catalogue.taxonomy import sync_taxonomy, terms_by_key
from matchmaker.services.catalogue.vocab import certification_key, state_name, terms_in
from matchmaker.services.sourcing.needs import NeedValues, apply_values

DEMO_SUPPLIERS = Path(__file__).resolve().parent.parent / "demo_data" / "suppliers.csv"

COMPANIES = [
    # key, kind, legal name, state, city, description, term keys, certifications
    (
        "cluster",
        CompanyKind.INSTITUTION,
        "Clúster Automotriz Demo, A.C.",
        "Nuevo León",
        "Monterrey",
        "Organización del clúster (datos de demostración).",
        set(),
        [],
    ),
    (
        "oem",
        CompanyKind.OEM,
        "Ensambladora Demo del Norte, S.A. de C.V.",
        "Nuevo León",
        "Santa Catarina",
        "Planta de ensamble de vehículos ligeros (demostración).",
        set(),
        [],
    ),
    (
        "tier1",
        CompanyKind.TIER1,
        "Sistemas Automotrices Demo, S.A. de C.V.",
        "Coahuila",
        "Ramos Arizpe",
        "Tier 1 de sistemas de asientos y arneses (demostración).",
        {"wire_harness"},
        ["iatf_16949", "iso_9001"],
    ),
    (
        "supplier",
        CompanyKind.TIER2,
        "Troqueles y Estampados Demo, S.A. de C.V.",
        "Nuevo León",
        "Apodaca",
        "Estampado de piezas metálicas, soldadura MIG y ensamble de subensambles para "
        "la industria automotriz. Metal stamping and welding.",
        {"stamping", "mig_welding"},
        ["iatf_16949", "iso_9001", "iso_14001"],
    ),
]

USERS = [
    # e-mail, name, company key, roles, language
    ("admin@demo.mx", "Ana Admin", "cluster", [Role.ADMIN], "es"),
    ("organiser@demo.mx", "Óscar Organizador", "cluster", [Role.ORGANISER], "es"),
    ("manager@demo.mx", "Martha Manager", "cluster", [Role.MANAGER], "en"),
    ("buyer@demo.mx", "Bruno Comprador", "oem", [Role.BUYER], "es"),
    ("buyer2@demo.mx", "Beth Buyer", "tier1", [Role.BUYER, Role.SUPPLIER], "en"),
    ("supplier@demo.mx", "Sofía Proveedora", "supplier", [Role.SUPPLIER], "es"),
]

NEEDS = [
    (
        "oem",
        "Piezas estampadas de acero para carrocería",
        "Soportes y refuerzos estampados en acero de alta resistencia, con soldadura MIG.",
        "Estampado",
        "estampado; soldadura",
        "acero",
        ["IATF 16949"],
        250000,
        ["Nuevo León"],
    ),
    (
        "oem",
        "Autopartes de plástico inyectado",
        "Molduras interiores y clips de PP y ABS.",
        "Plásticos",
        "inyección de plástico",
        "polipropileno; ABS",
        ["ISO 9001"],
        500000,
        [],
    ),
    (
        "oem",
        "Fundición de aluminio a presión",
        "Carcasas de transmisión en aluminio.",
        "Fundición",
        "fundición a presión; maquinado CNC",
        "aluminio",
        ["IATF 16949"],
        80000,
        ["Coahuila", "Nuevo León"],
    ),
    (
        "oem",
        "Pintura y recubrimientos automotrices",
        "Recubrimientos para piezas metálicas.",
        "Recubrimientos",
        "pintura electrostática",
        "",
        [],
        None,
        [],
    ),
    (
        "tier1",
        "Wire harness assembly",
        "Cable assemblies and harnesses for seat systems.",
        "Electrical",
        "wire harness assembly",
        "copper",
        ["IATF 16949"],
        120000,
        ["Coahuila"],
    ),
    (
        "tier1",
        "Metal stamping and welding",
        "Brackets and small stamped steel parts.",
        "Metal parts",
        "metal stamping; MIG welding",
        "steel",
        [],
        300000,
        [],
    ),
    (
        "tier1",
        "Brake system components",
        "Machined parts for brake calipers.",
        "Brakes",
        "CNC machining",
        "cast iron",
        ["ISO 9001"],
        60000,
        [],
    ),
    (
        "tier1",
        "Rubber hoses and seals",
        "EPDM hoses and gaskets.",
        "Rubber",
        "rubber moulding",
        "EPDM",
        [],
        None,
        [],
    ),
]

PASSWORDS = {email: "demo-" + email.split("@")[0] + "-2026" for email, *_ in USERS}


def load_demo() -> dict[str, str]:
    """Load everything (idempotent); returns the demo users' e-mails and passwords."""
    sync_taxonomy()
    report = import_suppliers(None, DEMO_SUPPLIERS.read_bytes(), DEMO_SUPPLIERS.name, dry_run=False)
    if report.errors:
        raise RuntimeError("demo data does not import: " + str(report.errors[0]))
    with transaction():
        companies = _demo_companies()
        _demo_users(companies)
        _demo_needs(companies)
    return PASSWORDS


def _demo_companies() -> dict[str, Company]:
    terms = terms_by_key()
    out = {}
    for key, kind, name, state, city, description, term_keys, certs in COMPANIES:
        company = db.session.scalar(select(Company).where(Company.external_id == f"demo-{key}"))
        if company is None:
            company = Company(
                external_id=f"demo-{key}",
                status=CompanyStatus.APPROVED,
                membership=Membership.MEMBER,
                description="",
                search_text="",
            )
            db.session.add(company)
        apply_changes(
            company,
            CompanyChanges(
                legal_name=name,
                kind=kind,
                description=description,
                state=state,
                city=city,
                contact_email=f"contacto@{key}.demo.mx",
                term_keys=term_keys,
                certifications={c: date(2028, 6, 30) for c in certs},
            ),
            terms,
            may_set_membership=True,
        )
        out[key] = company
    db.session.flush()
    return out


def _demo_users(companies: dict[str, Company]) -> None:
    for email, name, company_key, roles, language in USERS:
        if db.session.scalar(select(User).where(User.email == email)) is not None:
            continue
        db.session.add(
            User(
                email=email,
                name=name,
                password_hash=hash_password(PASSWORDS[email]),
                language=language,
                company=companies[company_key],
                role_rows=[UserRole(role=r) for r in roles],
            )
        )


def _demo_needs(companies: dict[str, Company]) -> None:
    for key, title, description, commodity, processes, materials, certs, volume, states in NEEDS:
        company = companies[key]
        exists = db.session.scalar(
            select(Need).where(Need.company_id == company.id, Need.title == title)
        )
        if exists is not None:
            continue
        need = Need(company_id=company.id)
        apply_values(
            need,
            NeedValues(
                title=title,
                description=description,
                commodity=commodity,
                processes_text=processes,
                materials_text=materials,
                certifications=tuple(certification_key(c) or c for c in certs),
                annual_volume=volume,
                preferred_states=tuple(state_name(s) or s for s in states),
                capabilities=frozenset(terms_in(processes + "; " + materials)),
            ),
        )
        db.session.add(need)
