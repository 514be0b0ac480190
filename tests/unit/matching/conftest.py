"""Shared fixtures: a small mixed catalogue of Spanish and English suppliers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The repository root, so that `matching` imports without installing the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from matching.types import SupplierProfile  # noqa: E402


def profile(sid: str, name: str, description: str, **kw: object) -> SupplierProfile:
    """A supplier profile with defaults."""
    return SupplierProfile(id=sid, name=name, description=description, **kw)  # type: ignore[arg-type]


CATALOGUE = [
    profile("S01", "ARNECOM SA DE CV", "ENSAMBLE DE ARNESES", state="Nuevo León"),
    profile("S02", "TROQUELES DEL NORTE", "PIEZAS METALICAS TROQUELADAS", state="COAHUILA"),
    profile("S03", "FRENOS Y BALATAS SA", "PARTES DE SISTEMAS DE FRENOS", state="PUEBLA"),
    profile("S04", "PLASTICOS MONTERREY", "FABRICACION DE AUTOPARTES DE PLASTICO", state="NL"),
    profile("S05", "PINTURAS DEL BAJIO", "PRODUCCION DE PINTURAS Y RECUBRIMIENTOS", state="GTO"),
    profile("S06", "CEMENTOS DEL GOLFO", "FABRICACION DE CEMENTO", state="VERACRUZ"),
    profile("S07", "FARMA MX", "FABRICACION DE MEDICAMENTOS PARA USO HUMANO", state="JALISCO"),
    profile("S08", "VIDRIERA NORTE", "FABRICACION DE ENVASES DE VIDRIO", state="NUEVO LEON"),
    profile(
        "S09", "ACME HARNESS", "Wire harness and cable assembly for automotive", state="Chihuahua"
    ),
    profile("S10", "Steel Stampings Inc", "Metal stamping of brackets and body parts", state="SLP"),
    profile("S11", "ASIENTOS AUTOMOTRICES", "FABRICACION Y ENSAMBLE DE ASIENTOS", state="Coahuila"),
    profile("S12", "FUNDIDORA", "FUNDICION Y MOLDEO DE PIEZAS DE HIERRO Y ACERO", state="NL"),
    profile(
        "S13", "MUEBLES OFICINA", "FABRICACION DE MUEBLES DE OFICINA Y ESTANTERIA", state="CDMX"
    ),
    profile("S14", "TORNILLOS SA", "FABRICACION DE TORNILLOS, TUERCAS Y REMACHES", state="Puebla"),
]


@pytest.fixture
def catalogue() -> list[SupplierProfile]:
    """The mixed catalogue."""
    return list(CATALOGUE)
