"""Cross-language matching outside automotive and metalworking: food, textiles, wood and paper,
energy, construction and services, as a cluster of another industry would list them.

Each Spanish directory entry is written as such registers are (upper case, missing accents,
generic verbs); each need is what an English-speaking buyer would type. The right supplier
must come first; none of these needs shares a content word with its supplier's text.
"""

from __future__ import annotations

import pytest

from matching.engine import SupplierIndex
from matching.types import NeedQuery, SupplierProfile

DIRECTORY = [
    ("D01", "EMPACADORA DEL NORTE", "RASTRO Y EMPACADORA DE CARNES DE BOVINO Y PORCINO"),
    ("D02", "LACTEOS LA PRADERA", "ELABORACION DE QUESOS, CREMA Y YOGUR"),
    ("D03", "PANIFICADORA ROSITA", "PANIFICACION INDUSTRIAL Y GALLETAS"),
    ("D04", "CERVECERIA DEL PACIFICO", "ELABORACION DE CERVEZA Y MALTA"),
    ("D05", "DULCES TIPICOS SA", "FABRICACION DE DULCES Y GOLOSINAS"),
    ("D06", "ALIMENTOS BALANCEADOS DEL BAJIO", "ALIMENTO BALANCEADO PARA GANADO Y MASCOTAS"),
    ("D07", "HILATURAS MODERNAS", "HILATURA DE ALGODON Y MEZCLILLA"),
    ("D08", "CONFECCIONES DEL NORTE", "CONFECCION DE ROPA DE TRABAJO Y OVEROLES"),
    ("D09", "CURTIDOS LEON", "CURTIDURIA DE PIELES"),
    ("D10", "MADERAS DE DURANGO", "ASERRADERO Y FABRICACION DE TARIMAS"),
    ("D11", "TRANSPORTES RAPIDOS", "AUTOTRANSPORTE DE CARGA Y FLETES"),
    ("D12", "ALMACENES DEL NORESTE", "ALMACENAJE Y BODEGAS PARA TERCEROS"),
    ("D13", "AGENCIA ADUANAL GARZA", "AGENTE ADUANAL EN NUEVO LAREDO"),
    ("D14", "SOLARTEC", "INSTALACION DE PANELES SOLARES FOTOVOLTAICOS"),
    ("D15", "CONSTRUCTORA REGIO", "OBRA CIVIL, CARRETERAS Y PAVIMENTACION CON ASFALTO"),
    ("D16", "RECICLADORA VERDE", "RECICLAJE Y MANEJO DE RESIDUOS PELIGROSOS"),
    ("D17", "LABORATORIO DE PRUEBAS DEL NORTE", "CALIBRACION DE INSTRUMENTOS DE MEDICION"),
    ("D18", "COMEDORES INDUSTRIALES", "SERVICIO DE COMEDOR INDUSTRIAL"),
    ("D19", "LIMPIEZA TOTAL", "SERVICIOS DE LIMPIEZA E INTENDENCIA"),
    ("D20", "INGENIO SAN JOSE", "PRODUCCION DE AZUCAR DE CANA"),
]

NEEDS = [
    ("beef and pork slaughterhouse", "D01"),
    ("cheese and yogurt", "D02"),
    ("bakery: bread and cookies", "D03"),
    ("brewery for private-label beer", "D04"),
    ("candy and chocolate", "D05"),
    ("animal feed for livestock", "D06"),
    ("cotton yarn spinning", "D07"),
    ("workwear uniforms", "D08"),
    ("leather tannery", "D09"),
    ("sawmill and wooden pallets", "D10"),
    ("trucking and freight", "D11"),
    ("warehousing", "D12"),
    ("customs broker", "D13"),
    ("photovoltaic installation", "D14"),
    ("road construction and paving", "D15"),
    ("hazardous waste recycling", "D16"),
    ("gauge metrology", "D17"),
    ("canteen catering for a plant", "D18"),
    ("janitorial cleaning", "D19"),
    ("sugar mill", "D20"),
]


@pytest.fixture(scope="module")
def index() -> SupplierIndex:
    return SupplierIndex.build(SupplierProfile(i, n, d) for i, n, d in DIRECTORY)


@pytest.mark.parametrize(("title", "expected"), NEEDS)
def test_english_need_finds_spanish_supplier_of_another_industry(
    index: SupplierIndex, title: str, expected: str
) -> None:
    ranked = index.rank(NeedQuery("N", title), 3)
    assert ranked and ranked[0].supplier_id == expected, [m.supplier_id for m in ranked]
    assert ranked[0].reasons, "a match must say why"


def test_no_need_shares_a_word_with_its_supplier() -> None:
    from matching.text import stems

    text = {i: set(stems(n + " " + d)) for i, n, d in DIRECTORY}
    for title, expected in NEEDS:
        assert not set(stems(title)) & text[expected], title
