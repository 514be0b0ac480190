"""Converting rows for the engine, and the database mode of the match command."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    CompanyCapability,
    CompanyCertification,
    NeedCertification,
    NeedTerm,
    TaxonomyTerm,
)
from matchmaker.services.sourcing.supplier_index import need_query, supplier_profile


def _term(key: str) -> TaxonomyTerm:
    return db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.key == key))


def test_supplier_profile_has_both_languages_and_only_valid_certificates(ctx, make):
    stamping = _term("stamping")
    company = make.company(
        "tier2",
        legal_name="Troqueles SA",
        trade_name="Troqueles",
        state="Nuevo León",
        description="Piezas",
        processes_text="estampado; soldadura MIG",
        capacity="120,000 pzas",
        capabilities=[CompanyCapability(term_id=stamping.id)],
        certifications=[
            CompanyCertification(
                cert_key="iatf_16949", name="IATF 16949", expires_on=date(2020, 1, 1)
            ),
            CompanyCertification(cert_key="iso_9001", name="ISO 9001"),
        ],
    )
    profile = supplier_profile(company, date(2026, 1, 1))
    assert profile.id == str(company.id) and profile.name == "Troqueles" and profile.tier == 2
    assert profile.processes[:2] == ("estampado", "soldadura MIG")
    assert stamping.name_es in profile.processes and stamping.name_en in profile.processes
    assert profile.certifications == ("ISO 9001",) and profile.capacity == 120000


def test_need_query_carries_terms_certifications_states_and_mode(ctx, make):
    need = make.need(
        make.company("oem"),
        title="Soportes",
        commodity="Metal",
        description="HSLA",
        preferred_states=["Coahuila"],
        certification_mode="exclude",
        terms=[NeedTerm(term_id=_term("stamping").id)],
        certifications=[NeedCertification(cert_key="iatf_16949")],
    )
    query = need_query(need)
    assert query.id == str(need.id) and query.description == "Metal . HSLA"
    assert _term("stamping").name_en in query.processes
    assert query.certifications == ("IATF 16949",) and query.states == ("Coahuila",)
    assert query.certification_mode == "exclude"


def test_match_command_from_the_database(ctx, make):
    from matchmaker.matches.commands import match_cmd

    make.company(
        "tier2",
        legal_name="PIEZAS METALICAS TROQUELADAS",
        external_id="S-9",
        description="Troquelado y soldadura de piezas metálicas",
    )
    plain = make.company("tier3", legal_name="Troqueles Dos", description="Troquelado de lámina")
    make.company("tier2", status="pending", legal_name="Pendiente", description="Troquelado")
    need = make.need(make.company("oem"), title="Metal stamping and welding")
    make.need(make.company("oem"), title="Closed stamping", status="closed")
    result = CliRunner().invoke(match_cmd, ["--from-db", "--top", "5", "--json", "--lang", "es"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "matchmaking-matches/1"
    assert [n["need"] for n in data["needs"]] == [str(need.id)]
    suppliers = [m["supplier"] for m in data["needs"][0]["matches"]]
    assert suppliers[0] == "S-9" and f"C{plain.id}" in suppliers and len(suppliers) == 2
    assert any("troquelado" in r for r in data["needs"][0]["matches"][0]["reasons"])


def test_match_command_refuses_mixed_or_missing_sources(ctx, tmp_path):
    from matchmaker.matches.commands import match_cmd

    runner = CliRunner()
    assert runner.invoke(match_cmd, ["--json"]).exit_code != 0
    bad = tmp_path / "s.csv"
    bad.write_text("nombre\nX\n", encoding="utf-8")
    result = runner.invoke(match_cmd, ["--suppliers", str(bad), "--needs", str(bad), "--json"])
    assert result.exit_code != 0 and result.stdout == ""
