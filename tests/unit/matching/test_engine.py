"""Ranking behaviour of the engine: cross-language, hard and soft constraints, freshness."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from matching.engine import SupplierIndex
from matching.files import read_needs
from matching.reasons import render_all
from matching.types import NeedQuery, SupplierProfile

DATA = Path(__file__).resolve().parent / "data"


def top_ids(index: SupplierIndex, title: str, top: int = 3, **kw: object) -> list[str]:
    """Supplier ids ranked for a need with this title."""
    need = NeedQuery(id="N", title=title, **kw)  # type: ignore[arg-type]
    return [m.supplier_id for m in index.rank(need, top)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("wire harness assembly", "S01"),
        ("metal stamping", "S02"),
        ("brake system components", "S03"),
        ("manufacture of plastic auto parts", "S04"),
        ("paints and coatings", "S05"),
        ("glass bottles", "S08"),
        ("car seats", "S11"),
        ("iron castings foundry", "S12"),
        ("bolts and nuts", "S14"),
    ],
)
def test_english_need_finds_spanish_supplier(
    catalogue: list[SupplierProfile], title: str, expected: str
) -> None:
    assert expected in top_ids(SupplierIndex.build(catalogue), title)


@pytest.mark.parametrize(
    ("title", "expected"),
    [("ensamble de arneses eléctricos", "S09"), ("troquelado de piezas de carrocería", "S10")],
)
def test_spanish_need_finds_english_supplier(
    catalogue: list[SupplierProfile], title: str, expected: str
) -> None:
    assert expected in top_ids(SupplierIndex.build(catalogue), title)


@pytest.mark.parametrize("wording", ["needs_en.csv", "needs_en_plain.csv"])
@pytest.mark.parametrize("spanish_side", ["needs", "suppliers"])
def test_81_industries_find_their_other_language_wording(wording: str, spanish_side: str) -> None:
    """retc-dev's 81 Spanish industry titles against our English wordings of them, both ways:
    as suppliers, one of each, the need's own industry should come first nearly always."""
    spanish = read_needs(DATA / "needs_es.csv")  # retc-dev's needs: SCIAN class titles
    english = read_needs(DATA / wording)
    needs, docs = (spanish, english) if spanish_side == "needs" else (english, spanish)
    index = SupplierIndex.build([SupplierProfile(d.id, "", d.title) for d in docs])
    firsts = sum(
        bool(ms) and ms[0].supplier_id == need.id
        for need, ms in zip(needs, index.rank_many(needs, 1), strict=True)
    )
    # 73-79 of 81 today (BENCHMARKS.md); a broken lexicon or analyser falls far below.
    assert firsts >= 70


def test_scores_in_range_and_sorted(catalogue: list[SupplierProfile]) -> None:
    matches = SupplierIndex.build(catalogue).rank(NeedQuery("N", "plastic parts"), 14)
    scores = [m.score for m in matches]
    assert all(0.0 < s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_missing_certification_penalises_or_excludes(catalogue: list[SupplierProfile]) -> None:
    certified = dataclasses.replace(catalogue[8], certifications=("IATF-16949:2016",))
    index = SupplierIndex.build([*catalogue[:8], certified, *catalogue[9:]])
    need = NeedQuery("N", "wire harness assembly", certifications=("iatf16949",))
    ranked = index.rank(need, 5)
    assert ranked[0].supplier_id == "S09"
    s01 = next(m for m in ranked if m.supplier_id == "S01")
    assert "missing IATF 16949" in render_all(s01.reasons, "en")
    assert "falta IATF 16949" in render_all(s01.reasons, "es")
    plain = SupplierIndex.build(catalogue).rank(NeedQuery("N", "wire harness assembly"), 5)
    assert s01.score < next(m.score for m in plain if m.supplier_id == "S01")
    excluded = index.rank(dataclasses.replace(need, certification_mode="exclude"), 14)
    assert [m.supplier_id for m in excluded] == ["S09"]


def test_preferred_state_boosts_with_reason() -> None:
    a = SupplierProfile("A", "A", "estampado de lamina", state="JALISCO")
    b = SupplierProfile("B", "B", "estampado de lamina", state="N.L.")
    index = SupplierIndex.build([a, b])
    ranked = index.rank(NeedQuery("N", "stamping", states=("Nuevo León",)), 2)
    assert ranked[0].supplier_id == "B"
    assert "estado preferido: Nuevo León" in render_all(ranked[0].reasons, "es")
    assert ranked[0].score > ranked[1].score


def test_every_match_has_reasons_in_both_languages(catalogue: list[SupplierProfile]) -> None:
    index = SupplierIndex.build(catalogue)
    for title in ("metal stamping", "estampado", "cemento", "xyz piezas raras"):
        for match in index.rank(NeedQuery("N", title), 14):
            assert render_all(match.reasons, "es") and render_all(match.reasons, "en")
            assert all(text.strip() for text in render_all(match.reasons, "es"))


def test_stamping_reason_shows_the_pair(catalogue: list[SupplierProfile]) -> None:
    ranked = SupplierIndex.build(catalogue).rank(NeedQuery("N", "metal stamping"), 3)
    match = next(m for m in ranked if m.supplier_id == "S02")
    assert any("troqueladas" in r and "stamping" in r for r in render_all(match.reasons, "en"))


def test_upsert_and_remove_match_a_full_rebuild(catalogue: list[SupplierProfile]) -> None:
    index = SupplierIndex.build(catalogue[:10])
    for p in catalogue[10:]:
        index.upsert(p)
    changed = dataclasses.replace(catalogue[2], description="ENSAMBLE DE ARNESES Y CABLES")
    index.upsert(changed)
    index.remove("S05")
    final = [p for p in catalogue if p.id != "S05"]
    final[final.index(catalogue[2])] = changed
    rebuilt = SupplierIndex.build(final)
    needs = [
        NeedQuery(str(i), t) for i, t in enumerate(["wire harness", "stamping", "paint", "seats"])
    ]
    assert index.rank_many(needs, 14) == rebuilt.rank_many(needs, 14)
    assert len(index) == len(rebuilt) == 13


def test_needs_for_supplier(catalogue: list[SupplierProfile]) -> None:
    index = SupplierIndex.build(catalogue)
    needs = [NeedQuery("cement", "cement"), NeedQuery("harness", "wire harnesses")]
    assert [m.need_id for m in index.needs_for_supplier("S01", needs, 2)][0] == "harness"
    assert index.needs_for_supplier("nobody", needs) == []


def test_rank_many_equals_rank(catalogue: list[SupplierProfile]) -> None:
    index = SupplierIndex.build(catalogue)
    needs = [NeedQuery("a", "stamping"), NeedQuery("b", "seats")]
    assert index.rank_many(needs, 5) == [index.rank(n, 5) for n in needs]


def test_rank_many_in_blocks_scored_by_threads_keeps_every_need_in_place(
    catalogue: list[SupplierProfile],
) -> None:
    from matching.engine import CHUNK

    index = SupplierIndex.build(catalogue)
    texts = ["stamping", "seats", "wire harnesses", "cement", "brake parts", "paint", "glass"]
    needs = [NeedQuery(f"n{i}", texts[i % len(texts)]) for i in range(3 * CHUNK + 5)]
    index.upsert(dataclasses.replace(catalogue[0], id="new", description="asientos"))
    ranked = index.rank_many(needs, 3)
    assert len(ranked) == len(needs)
    assert all(m.need_id == need.id for need, ms in zip(needs, ranked, strict=True) for m in ms)
    by_text = {t: index.rank(NeedQuery("x", t), 3) for t in texts}
    for need, matches in zip(needs, ranked, strict=True):
        expected = by_text[need.title]
        assert [(m.supplier_id, m.score) for m in matches] == [
            (m.supplier_id, m.score) for m in expected
        ]
    assert any(m.supplier_id == "new" for ms in ranked for m in ms)


def test_small_upsert_keeps_the_fit_and_finds_the_new_row(
    catalogue: list[SupplierProfile],
) -> None:
    many = [dataclasses.replace(p, id=f"{p.id}-{k}") for k in range(3) for p in catalogue]
    index = SupplierIndex.build(many)
    fitted = {name: values.copy() for name, values in index._idf.items()}
    index.upsert(dataclasses.replace(catalogue[0], id="NEW", description="VALVULAS HIDRAULICAS"))
    index.remove("S06-0")
    ranked = [m.supplier_id for m in index.rank(NeedQuery("N", "hydraulic valves"), 3)]
    assert ranked[0] == "NEW"
    assert "S06-0" not in [m.supplier_id for m in index.rank(NeedQuery("N", "cement"), 50)]
    for name, values in fitted.items():
        assert (index._idf[name][: values.size] == values).all()
