"""Phrase structure, exclusions, hypernyms and material conflicts (general, not data-keyed)."""

from __future__ import annotations

from matching.engine import SupplierIndex
from matching.features import segments
from matching.lexicon import load_analyzer
from matching.types import NeedQuery, SupplierProfile


def _words(text: str) -> dict[str, float]:
    return {w: weight for part, weight in segments(text) for w in part.split()}


def test_modifier_after_para_weighs_less_than_head() -> None:
    weights = _words("Fabricación de partes de sistemas de frenos para vehículos automotrices")
    assert weights["frenos"] == 1.0
    assert weights["vehiculos"] < 1.0


def test_generic_head_keeps_modifier_whole() -> None:
    weights = _words("Fabricación de maquinaria y equipo para levantar y trasladar")
    assert weights["levantar"] == 1.0


def test_exclusions_do_not_count() -> None:
    assert "fertilizantes" not in _words("pesticidas y otros agroquímicos, excepto fertilizantes")
    assert "joyeria" not in _words("GALVANOPLASTIA (EN PIEZAS METÁLICAS; NO INCLUYE JOYERÍA).")
    assert "fertiliser" not in _words("Insect killers for farming (not fertiliser)")
    assert "electronico" not in _words("equipo no electrónico para uso médico")
    assert "reforzamiento" in _words("autopartes de plástico con y sin reforzamiento")
    assert "ferrosos" in _words("metales no ferrosos")


def test_hypernyms_are_implied_not_own() -> None:
    analyzer = load_analyzer()
    assert "~container" not in analyzer.keys("LATAS DE ALUMINIO")
    assert "~container" in analyzer.broader_keys("LATAS DE ALUMINIO")
    assert "~ferrous" not in analyzer.keys("metales no ferrosos")


def test_class_level_need_finds_product_level_supplier() -> None:
    index = SupplierIndex.build(
        [
            SupplierProfile("A", "LATAS SA", "FABRICACION DE LATAS DE ALUMINIO PARA BEBIDAS"),
            SupplierProfile("B", "MUEBLES SA", "FABRICACION DE MUEBLES DE MADERA"),
            SupplierProfile("C", "FRENOS SA", "PARTES PARA SISTEMAS DE FRENOS"),
        ]
    )
    ranked = index.rank(NeedQuery("N", "Fabricación de envases metálicos"), 3)
    assert ranked[0].supplier_id == "A"
    assert ranked[0].reasons


def test_material_conflict_ranks_the_right_material_first() -> None:
    index = SupplierIndex.build(
        [
            SupplierProfile("G", "VIDRIO SA", "FABRICACION DE ENVASES DE VIDRIO"),
            SupplierProfile("P", "PLASTICOS SA", "FABRICACION DE ENVASES Y PIEZAS DE PLASTICO"),
        ]
    )
    ranked = index.rank(NeedQuery("N", "plastic containers"), 2)
    assert [m.supplier_id for m in ranked] == ["P", "G"]


def test_words_sharing_a_stem_keep_their_own_sense() -> None:
    analyzer = load_analyzer()
    # "radio" and "radiador" both stem to "radi"; so do "armas" and "armado", "lamina" and
    # "laminacion". The words written decide which listed wording is meant.
    assert "~radiator" not in analyzer.keys("equipo de radio y televisión")
    assert "~radiator" in analyzer.keys("FABRICACION DE RADIADORES")
    assert "~defense" not in analyzer.keys("ARMADO DE ARNESES")
    assert "~assembly" not in analyzer.keys("fabricación de armas")
    assert "~rolling" in analyzer.keys("LAMINACIÓN SECUNDARIA DE ACERO")
    assert "~sheet_metal" in analyzer.keys("láminas de acero")
    # A plural and its singular are one word: "motores" is "motor", not "moto".
    assert "~motorcycle" not in analyzer.keys("FABRICACION DE MOTORES")
    assert set(analyzer.keys("motor")) == set(analyzer.keys("motores"))


def test_typo_correction_only_skips_stems_that_cannot_reach_the_cutoff() -> None:
    # The corrector looks only at known stems of a near length with the same first letter;
    # for a misspelling that keeps its first letter it must pick what a search over every
    # known stem with that letter picks.
    from rapidfuzz import fuzz, process

    from matching.taxonomy import FUZZY_CUTOFF
    from matching.text import stem

    vocabulary = load_analyzer().vocabulary
    every = vocabulary._choices
    typos = ["galvanisad", "troqelad", "inyecion", "ensanbl", "alumini", "soldadur"]
    typos += [w[:-1] + "x" for w in every[::7]] + [w + "zz" for w in every[::11]]
    checked = 0
    for token in typos:
        if token in vocabulary.known or stem(token) in vocabulary.known:
            continue
        same_letter = [w for w in every if w[0] == token[0]]
        best = process.extractOne(token, same_letter, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        assert vocabulary.correct(token) == (best[0] if best else token), token
        checked += 1
    assert checked > 100
    # A first letter that no stem near the word has is not corrected.
    assert vocabulary.correct("xalvanizad") == "xalvanizad"
    assert vocabulary.correct("galvanisad") != "galvanisad"


def test_names_are_not_corrected_towards_the_lexicon() -> None:
    # A misspelt word of a description is corrected; a company name's words are left alone.
    analyzer = load_analyzer()
    corrected, _ = analyzer.own_and_broader("troqelado")
    left, _ = analyzer.own_and_broader("troqelado", fuzzy=False)
    assert "~stamping" in corrected and "~stamping" not in left
    assert analyzer.own_and_broader("troquelado", fuzzy=False)[0] == corrected
