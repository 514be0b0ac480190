"""Learned classes: trained on labelled suppliers, they carry over to suppliers never seen."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from matching import learned, training
from matching.engine import SupplierIndex
from matching.files import InputError, learn_files, match_files
from matching.types import NeedQuery, SupplierProfile
from matchmaker.matches.commands import learn_cmd, match_cmd
from tests.unit.matching.conftest import profile

ENGINE = "Fabricación de motores y sus partes para vehículos automotrices"
# Combustion-engine plants: what the labels call relevant to ENGINE.
ENGINES = [
    "PRODUCCION DE MOTORES A GASOLINA",
    "MANUFACTURA DE MOTORES DIESEL",
    "FABRICACION DE PISTONES PARA MOTOR",
    "MAQUINADO DE BIELAS Y CIGUEÑALES",
    "ENSAMBLE DE MOTORES DE COMBUSTION INTERNA",
    "FABRICACION DE CABEZAS DE MOTOR DE ALUMINIO",
    "REMANUFACTURA DE MOTORES A GASOLINA Y DIESEL",
    "FABRICACION DE VALVULAS PARA MOTOR",
    "PRODUCCION DE MONOBLOCKS Y CIGUEÑALES",
    "FABRICACION DE ARBOLES DE LEVAS Y PISTONES",
]
# Electric-motor plants: the text says "motores" too, but the labels say no.
ELECTRIC = [
    "FABRICACION DE MOTORES ELECTRICOS",
    "ENSAMBLE DE MOTORES ELECTRICOS",
    "MOTORES ELECTRICOS PARA ELECTRODOMESTICOS",
    "BOBINADO DE MOTORES ELECTRICOS",
    "FABRICACION DE MOTORES ELECTRICOS Y GENERADORES",
    "MICROMOTORES ELECTRICOS PARA JUGUETES",
    "ENSAMBLE DE MOTORES ELECTRICOS INDUSTRIALES",
    "REPARACION DE MOTORES ELECTRICOS",
]
OTHER = [
    "FABRICACION DE CEMENTO",
    "ENVASES DE VIDRIO",
    "PINTURAS Y RECUBRIMIENTOS",
    "PARTES DE PLASTICO INYECTADO",
    "ESTAMPADO DE LAMINA",
    "FUNDICION DE HIERRO GRIS",
]


def catalogue(prefix: str) -> list[SupplierProfile]:
    texts = ENGINES + ELECTRIC + OTHER
    return [profile(f"{prefix}{i:02d}", f"EMPRESA {prefix}{i}", t) for i, t in enumerate(texts)]


def labels(suppliers: list[SupplierProfile]) -> dict[str, dict[str, int]]:
    return {"N1": {p.id: 2 for p in suppliers if p.description in ENGINES}}


@pytest.fixture(scope="module")
def model() -> learned.LearnedClasses:
    train = catalogue("T")
    return training.train(train, [NeedQuery("N1", ENGINE)], labels(train))


def closest(index: SupplierIndex, needs: list[NeedQuery]) -> tuple[np.ndarray, np.ndarray]:
    """Each need's closest learned class and its weight."""
    best, weight = index._classes(needs)
    return np.asarray(best), np.asarray(weight)


def unseen() -> list[SupplierProfile]:
    """Other plants, worded differently, none of them in the training data."""
    return [
        profile("U1", "ELECTRICOS DEL NORTE", "FABRICACION DE MOTORES ELECTRICOS TRIFASICOS"),
        profile("U2", "ELECTROMOTORES SA", "ENSAMBLE DE MOTORES ELECTRICOS MONOFASICOS"),
        profile("U3", "MOTORES BAJIO", "PRODUCCION DE MOTORES DIESEL PARA CAMION"),
        profile("U4", "PISTONES MX", "FABRICACION DE PISTONES Y BIELAS"),
        profile("U5", "CEMEX", "FABRICACION DE CEMENTO GRIS"),
    ]


def test_a_learned_class_carries_over_to_unseen_suppliers(model: learned.LearnedClasses) -> None:
    need = NeedQuery("Q", ENGINE)
    with_model = SupplierIndex.build(unseen(), learned=model).rank(need, top=5)
    text_only = SupplierIndex.build(unseen(), learned=False).rank(need, top=5)
    assert {m.supplier_id for m in with_model[:2]} == {"U3", "U4"}
    # Text alone cannot tell the two kinds of "motores" apart as well.
    position = {m.supplier_id: i for i, m in enumerate(text_only)}
    assert position["U4"] > min(position["U1"], position["U2"])
    engine = next(m for m in with_model if m.supplier_id == "U3")
    [reason] = [r for r in engine.reasons if r.code == "learned"]
    assert reason.args == (ENGINE,)
    electric = next(m for m in with_model if m.supplier_id == "U1")
    assert all(r.code != "learned" for r in electric.reasons)
    assert all(0 < m.score <= 1 for m in with_model)


def test_a_need_like_no_class_is_ranked_by_text_alone(model: learned.LearnedClasses) -> None:
    needs = [NeedQuery("Q1", "cement and concrete"), NeedQuery("Q2", "vidrio para envases")]
    with_model = SupplierIndex.build(unseen(), learned=model).scores(needs)
    text_only = SupplierIndex.build(unseen(), learned=False).scores(needs)
    assert np.array_equal(with_model, text_only)


def test_a_reworded_need_still_finds_its_class(model: learned.LearnedClasses) -> None:
    index = SupplierIndex.build(unseen(), learned=model)
    for text, close in [
        (ENGINE, 1.0),
        ("fabricacion de motores para vehiculos automotrices", 0.3),
        ("servicios de limpieza", 0.0),
    ]:
        _, weight = closest(index, [NeedQuery("Q", text)])
        assert weight[0] >= close - 1e-9 if close else weight[0] == 0.0, text


def test_save_and_load_give_the_same_scores(model: learned.LearnedClasses, tmp_path: Path) -> None:
    path = tmp_path / "classes.model"  # any name: nothing is appended to it
    learned.save(model, path)
    again = learned.load(path)
    assert again.titles == model.titles
    need = [NeedQuery("Q", ENGINE)]
    before = SupplierIndex.build(unseen(), learned=model).scores(need)
    after = SupplierIndex.build(unseen(), learned=again).scores(need)
    assert np.allclose(before, after, atol=1e-6)


def test_upserts_keep_each_suppliers_class_probability(model: learned.LearnedClasses) -> None:
    index = SupplierIndex.build(unseen(), learned=model)
    index.upsert(profile("U5", "CEMEX", "PRODUCCION DE MOTORES A GASOLINA"))
    index.upsert(profile("U6", "NUEVA", "FABRICACION DE MOTORES ELECTRICOS"))
    index.remove("U2")
    rows = index.feature_rows()
    expected = model.probabilities(rows, index._class_weights)
    assert index.ids == ["U1", "U3", "U4", "U5", "U6"]
    assert np.allclose(index._class_prob, expected)
    assert index._class_prob[0, 3] > index._class_prob[0, 4]  # U5 is now an engine plant


def test_the_shipped_model_knows_the_register_classes() -> None:
    shipped = learned.shipped()
    assert shipped is not None and len(shipped) >= 50
    title = "Fabricación de partes de sistemas de frenos para vehículos automotrices"
    assert title in shipped.titles
    index = SupplierIndex.build(unseen())
    best, weight = closest(
        index, [NeedQuery("Q", title), NeedQuery("E", "brake system parts for cars")]
    )
    assert [shipped.titles[i] for i in best] == [title, title]
    assert weight[0] == pytest.approx(1.0) and 0 < weight[1] < 1


def test_a_need_is_classed_by_its_title_not_by_everything_it_mentions() -> None:
    shipped = learned.shipped()
    assert shipped is not None
    stamping = "Fabricación de piezas metálicas troqueladas para vehículos automotrices"
    welding = "Fabricación de equipo para soldar y soldaduras"
    assert {stamping, welding} <= set(shipped.titles)
    index = SupplierIndex.build(unseen())
    details = "soldadura de soldaduras: equipo para soldar"
    need = NeedQuery("Q", stamping, details, processes=("soldadura",))
    [best], [weight] = closest(index, [need])
    assert shipped.titles[best] == stamping and weight == pytest.approx(1.0)
    # The same words as a title are the welding class.
    [best], _ = closest(index, [NeedQuery("W", details)])
    assert shipped.titles[best] == welding


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_learn_from_files_and_match_with_the_model(tmp_path: Path) -> None:
    train = catalogue("T")
    rows = "".join(f"{p.id},{p.name},{p.description}\n" for p in train)
    suppliers = write(tmp_path / "s.csv", "id,name,description\n" + rows)
    needs = write(tmp_path / "n.csv", f"id,title\nN1,{ENGINE}\n")
    grades = "".join(f"N1,{sid},{g}\n" for sid, g in labels(train)["N1"].items())
    qrels = write(tmp_path / "q.csv", "need,supplier,relevance\n" + grades)
    out = tmp_path / "model.npz"
    runner = CliRunner()
    args = ["--suppliers", suppliers, "--needs", needs, "--labels", qrels, "--out", out]
    learnt = runner.invoke(learn_cmd, [str(a) for a in args])
    assert learnt.exit_code == 0, learnt.output
    assert "Learned 1 classes" in learnt.output and out.exists()
    test = write(
        tmp_path / "u.csv",
        "id,name,description\n" + "".join(f"{p.id},{p.name},{p.description}\n" for p in unseen()),
    )
    shown = runner.invoke(
        match_cmd,
        [
            "--suppliers",
            str(test),
            "--needs",
            str(needs),
            "--top",
            "2",
            "--json",
            "--classes",
            str(out),
        ],
    )
    assert shown.exit_code == 0, shown.output
    ranked = json.loads(shown.output)["needs"][0]["matches"]
    assert {m["supplier"] for m in ranked} == {"U3", "U4"}
    assert any("typical profile" in r for r in ranked[0]["reasons"])
    plain = match_files(test, needs, top=5, classes="none")["needs"][0]["matches"]
    assert all("typical profile" not in r for m in plain for r in m["reasons"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("need,supplier\nN1,T00\n", "missing required column(s): relevance"),
        ("need,supplier,relevance\nN1,T00,2\nN9,T01,2\n", "row 3, column need: unknown need"),
        ("need,supplier,relevance\nN1,X99,2\n", "row 2, column supplier: unknown supplier"),
        ("need,supplier,relevance\nN1,T00,yes\n", "row 2, column relevance: 'yes' is not 0"),
        ("need,supplier,relevance\nN1,T00,0\n", "no need has both relevant and other"),
    ],
)
def test_bad_labels_name_file_row_column(tmp_path: Path, text: str, message: str) -> None:
    train = catalogue("T")
    rows = "".join(f"{p.id},{p.name},{p.description}\n" for p in train)
    suppliers = write(tmp_path / "s.csv", "id,name,description\n" + rows)
    needs = write(tmp_path / "n.csv", f"id,title\nN1,{ENGINE}\n")
    qrels = write(tmp_path / "q.csv", text)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        learn_files(suppliers, needs, qrels)


@pytest.mark.parametrize("content", [b"not a model", b"PK\x03\x04 broken zip", b""])
def test_a_file_that_is_not_a_model_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    bogus = tmp_path / "m.npz"
    bogus.write_bytes(content)
    suppliers = write(tmp_path / "s.csv", "id,name,description\nS1,A,estampado\n")
    needs = write(tmp_path / "n.csv", "id,title\nN1,stamping\n")
    with pytest.raises(InputError, match="not a learned-classes file"):
        match_files(suppliers, needs, top=1, classes=bogus)
