"""El PDF corta una palabra muy larga (un dato pegado sin espacios) en tiempo lineal (issue 27, punto 7): se cuentan
las mediciones de ancho, no los segundos."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from informes import mensual, pdf
from tests.ayudas import insertar_orden

OCTUBRE = dt.date(2026, 10, 1)


def palabra(n: int) -> str:
    return "".join("Ñandú0123456789abcdefXYZ"[i % 24] for i in range(n))


@pytest.fixture
def informe_con(con):
    def armar(causal: str):
        con.execute("DELETE FROM ordenes")
        for i in range(3):
            insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 2 + i, 9),
                           fecha_atencion=dt.datetime(2026, 10, 5 + i, 9))
        insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 7, 11),
                       fecha_anulacion=dt.datetime(2026, 10, 9), causal=causal, observacion=causal, zona=causal)
        return mensual.construir(con, OCTUBRE)
    return armar


class Contador:
    """Cuenta las llamadas a get_string_width de los documentos que se crean mientras está puesto."""

    def __init__(self, monkeypatch):
        self.llamadas = 0
        original = pdf._Documento.get_string_width

        def contar(doc, *args, **kw):
            self.llamadas += 1
            return original(doc, *args, **kw)
        monkeypatch.setattr(pdf._Documento, "get_string_width", contar)


def test_partir_una_palabra_larga_mide_cada_letra_una_vez(informe_con, monkeypatch):
    doc = pdf._Documento(informe_con("corta"))
    doc.add_page()
    doc.set_font("DejaVu", "", 7)
    contador = Contador(monkeypatch)
    larga = palabra(2000)
    lineas = doc._partir(larga, 30.0)
    assert contador.llamadas <= 24 + 10  # 24 letras distintas, más unas pocas mediciones de líneas
    assert len(lineas) == 4 and lineas[-1].endswith("…")
    assert larga.startswith("".join(lineas)[:-1])
    assert all(doc.get_string_width(l) <= 30.0 for l in lineas)

    # Sin límite de líneas: los trozos, pegados, son la palabra entera, y cada uno llena su línea.
    trozos = doc._cortar(larga, 30.0)
    assert "".join(trozos) == larga
    assert all(doc.get_string_width(t) <= 30.0 < doc.get_string_width(t + "W") for t in trozos[:-1])


def test_el_informe_con_una_palabra_de_10_000_letras_sale(informe_con, monkeypatch):
    corto = Contador(monkeypatch)
    pdf.generar(informe_con("corta"))
    base = corto.llamadas
    largo = Contador(monkeypatch)
    contenido = pdf.generar(informe_con(palabra(10_000)))
    # Con la palabra larga en la causal, la observación y la zona, sólo unas cuantas mediciones más.
    assert largo.llamadas - base < 500, (base, largo.llamadas)
    texto = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)
    assert palabra(10_000)[:8] in texto
