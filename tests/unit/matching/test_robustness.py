"""Odd inputs must not break the engine."""

from __future__ import annotations

from matching.engine import SupplierIndex
from matching.types import NeedQuery, SupplierProfile


def test_empty_and_odd_descriptions() -> None:
    profiles = [
        SupplierProfile("E", "EMPTY SA", ""),
        SupplierProfile("L", "LONG", "estampado de acero " * 6000),
        SupplierProfile("M", "EMOJI 🚗", "🚗🔧 piezas de plástico inyectadas 💡 and plastic parts"),
        SupplierProfile("X", "MIXED", "Fabricación de brake pads y balatas, wire harness"),
    ]
    index = SupplierIndex.build(profiles)
    for title in ("", "🚗", "brake pads", "a" * 100_000, "estampado"):
        for match in index.rank(NeedQuery("N", title), 10):
            assert 0.0 <= match.score <= 1.0 and match.reasons


def test_catalogue_of_one_and_of_none() -> None:
    one = SupplierIndex.build([SupplierProfile("A", "A", "estampado")])
    assert [m.supplier_id for m in one.rank(NeedQuery("N", "stamping"))] == ["A"]
    none = SupplierIndex.build([])
    assert none.rank(NeedQuery("N", "stamping")) == []
    assert none.rank_many([], 5) == []


def test_need_with_empty_title_matches_nothing() -> None:
    index = SupplierIndex.build([SupplierProfile("A", "A", "estampado")])
    assert index.rank(NeedQuery("N", ""), 5) == []
