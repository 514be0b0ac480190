"""The package stays pure, reads the spec's CSV format and normalises names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from matching.files import InputError, match_files
from matching.taxonomy import load_taxonomy, normalise_certification, normalise_state

ROOT = Path(__file__).resolve().parents[3]


def test_imports_no_web_code() -> None:
    code = (
        "import matching, matching.engine, matching.files, matching.taxonomy, matching.reasons, "
        "matching.explain, matching.lexicon, matching.features, matching.text, matching.types; "
        "import sys; assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def write(path: Path, text: str) -> Path:
    """Write a small CSV file."""
    path.write_text(text, encoding="utf-8")
    return path


def test_match_files_output_format(tmp_path: Path) -> None:
    suppliers = write(
        tmp_path / "s.csv",
        "id,name,description,state,certifications,extra\n"
        "S1,ARNECOM,ENSAMBLE DE ARNESES,NUEVO LEON,IATF 16949; ISO 14001,x\n"
        "S2,CEMEX,FABRICACION DE CEMENTO,NL,,y\n",
    )
    needs = write(
        tmp_path / "n.csv", "id,title,certifications\nN1,wire harness assembly,iatf16949\n"
    )
    out = match_files(suppliers, needs, top=1, lang="es")
    assert out["format"] == "matchmaking-matches/1"
    [entry] = out["needs"]
    assert entry["need"] == "N1" and len(entry["matches"]) == 1
    match = entry["matches"][0]
    assert match["supplier"] == "S1" and 0 < match["score"] <= 1
    assert "certificación IATF 16949" in match["reasons"]


def test_cli_prints_json(tmp_path: Path) -> None:
    suppliers = write(tmp_path / "s.csv", "id,name,description\nS1,A,estampado\n")
    needs = write(tmp_path / "n.csv", "id,title\nN1,stamping\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "matching",
            "--suppliers",
            str(suppliers),
            "--needs",
            str(needs),
            "--top",
            "5",
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert json.loads(result.stdout)["needs"][0]["matches"][0]["supplier"] == "S1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,description\nS1,x\n", "missing required column(s): name"),
        ("id,name,description\nS1,,x\n", "row 2, column name"),
        ("id,name,description,tier\nS1,A,x,7\n", "row 2, column tier"),
    ],
)
def test_input_errors_name_file_row_column(tmp_path: Path, text: str, message: str) -> None:
    suppliers = write(tmp_path / "s.csv", text)
    needs = write(tmp_path / "n.csv", "id,title\nN1,x\n")
    with pytest.raises(InputError, match="s.csv") as info:
        match_files(suppliers, needs, top=5)
    assert message in str(info.value)


def test_reads_excel_csv_from_a_spanish_windows(tmp_path: Path) -> None:
    """Excel in a Spanish locale saves "CSV" as Windows-1252 with semicolons; headers may be
    capitalised and a blank line may end the file. Commas inside a row stay data."""
    suppliers = tmp_path / "s.csv"
    suppliers.write_bytes(
        "ID;Name;Description;Processes\r\n"
        "S1;FUNDICIÓN NORTE;Fundición de aluminio, piezas;fundición; maquinado\r\n"
        "S2;PLÁSTICOS SUR;Inyección de plástico;inyección\r\n"
        "\r\n".encode("cp1252")
    )
    needs = write(tmp_path / "n.csv", "id,title\nN1,Fundición de aluminio\n")
    matches = match_files(suppliers, needs, top=5)["needs"][0]["matches"]
    assert matches[0]["supplier"] == "S1"
    assert {m["supplier"] for m in matches} <= {"S1", "S2"}
    suppliers.write_bytes("ID;Name;Description\r\nS1;;Fundición\r\n".encode("cp1252"))
    with pytest.raises(InputError, match="row 2, column name"):
        match_files(suppliers, needs, top=5)


def test_need_without_title_is_an_input_error(tmp_path: Path) -> None:
    suppliers = write(tmp_path / "s.csv", "id,name,description\nS1,A,x\n")
    needs = write(tmp_path / "n.csv", "id,title\nN1,\n")
    with pytest.raises(InputError, match="row 2, column title"):
        match_files(suppliers, needs, top=5)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("iatf16949", "iatf_16949"),
        ("ISO-9001:2015", "iso_9001"),
        ("ISO/TS 16949", "iatf_16949"),
        ("OHSAS 18001", "iso_45001"),
        ("nothing", None),
    ],
)
def test_normalise_certification(text: str, key: str | None) -> None:
    assert normalise_certification(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("NUEVO LEON", "NLE"),
        ("Nuevo León", "NLE"),
        ("NL", "NLE"),
        ("N.L.", "NLE"),
        ("DISTRITO FEDERAL", "CMX"),
        ("CDMX", "CMX"),
        ("Ciudad de México", "CMX"),
        ("Coahuila de Zaragoza", "COA"),
        ("Coahuila", "COA"),
        ("", None),
        ("Texas", None),
    ],
)
def test_normalise_state(text: str, key: str | None) -> None:
    assert normalise_state(text) == key


def test_taxonomy_finds_terms_across_languages_and_typos() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.terms) >= 100
    for text, key in [
        ("ESTAMPADO", "stamping"),
        ("metal stamping", "stamping"),
        ("Inyección de plástico", "injection_moulding"),
        ("TRATAMIENTOS TERMICOS", "heat_treatment"),
        ("galvanizadoo en caliente", "galvanizing"),
    ]:
        assert key in [hit.term.key for hit in taxonomy.find(text)], text
