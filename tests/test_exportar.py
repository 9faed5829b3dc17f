"""excel_seguro armado por columnas: lo que se lee de vuelta (openpyxl y calamine) es lo que se escribió,
con sus tipos; el texto nunca es fórmula; vacíos vacíos; anchos, paneles y autofiltro."""
from __future__ import annotations

import datetime as dt
import decimal
import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from informes import exportar
from informes.exportar import excel_seguro

TEXTOS = ["=HYPERLINK(\"http://x.invalid\",\"clic\")", "+1-1", "-2", "@SUMA(1)", "a & b <c> \"d\" 'e'",
          "  espacios  ", "línea 1\nlínea 2", "con\x07control", "_x0041_ literal", "ñandú — «Bs.»", None]


def tabla() -> pd.DataFrame:
    n = len(TEXTOS)
    return pd.DataFrame({
        "OT": np.arange(5_000_001, 5_000_001 + n),
        "Texto": pd.Series(TEXTOS, dtype=object),
        "Texto str": pd.Series(TEXTOS, dtype="str"),
        "Registro": pd.Series(pd.date_range("2026-10-01 08:30", periods=n, freq="7h")).where(np.arange(n) != 3),
        "Día": pd.Series(pd.date_range("2026-10-01", periods=n, freq="D")).where(np.arange(n) != 4),
        "Con zona": pd.Series(pd.date_range("2026-10-01 09:15", periods=n, freq="D", tz="America/La_Paz")),
        "Entero": pd.array([None if i % 4 == 0 else i * 10 for i in range(n)], dtype="Int64"),
        "Decimal": [1.5, float("nan"), float("inf"), 0.1, 1e-7, 123456.25, -3.0, 2.0, 7.75, 0.0, 1e20],
        "Sí/No": pd.array([True, False, None] * 3 + [True, False], dtype="boolean"),
        "Fecha objeto": pd.Series([dt.date(2026, 10, i + 1) if i % 5 else None for i in range(n)], dtype=object),
        "Decimales objeto": pd.Series([decimal.Decimal("1.25")] * (n - 1) + [None], dtype=object),
        "Mezcla": pd.Series(["Total", 50, 97.5, True, dt.datetime(2026, 10, 9), dt.datetime(2026, 10, 9, 14, 5),
                             "=1+1", None, np.int64(7), np.float64(2.5), "fin"], dtype=object),
        "Vacía": pd.Series([None] * n, dtype=object),
    })


def sin_escape(valor):
    """Excel lee «_x005F_x0041_» como «_x0041_» (openpyxl no deshace ese escape en cadenas en línea)."""
    return valor.replace("_x005F", "") if isinstance(valor, str) else valor


@pytest.fixture(scope="module")
def libro():
    return excel_seguro({"Datos": tabla(), "Otra: hoja/rara?": tabla().iloc[:2], "vacía": tabla().iloc[:0]})


def test_valores_y_tipos_de_vuelta(libro):
    df = tabla()
    hoja = openpyxl.load_workbook(io.BytesIO(libro))["Datos"]
    assert [c.value for c in hoja[1]] == list(df.columns)
    filas = list(hoja.iter_rows(min_row=2))
    assert len(filas) == len(df)
    col = {t: i for i, t in enumerate(df.columns)}
    esperado_texto = [None if t is None else t.replace("\x07", "") for t in TEXTOS]
    for i, fila in enumerate(filas):
        assert fila[col["OT"]].value == 5_000_001 + i and fila[col["OT"]].data_type == "n"
        for nombre in ("Texto", "Texto str"):
            celda = fila[col[nombre]]
            assert sin_escape(celda.value) == esperado_texto[i], (nombre, i)
            assert celda.value is None or celda.data_type == "s"  # nunca «f» (fórmula)
        registro = fila[col["Registro"]]
        if i == 3:
            assert registro.value is None
        else:
            assert registro.is_date and registro.value == df["Registro"][i].to_pydatetime()
            assert registro.number_format == "dd/mm/yyyy hh:mm"
        dia = fila[col["Día"]]
        assert (dia.value is None) if i == 4 else (dia.value == df["Día"][i] and dia.number_format == "dd/mm/yyyy")
        assert fila[col["Con zona"]].value == dt.datetime(2026, 10, 1 + i, 9, 15)  # hora de La Paz, sin zona
        assert fila[col["Entero"]].value == (None if i % 4 == 0 else i * 10)
        decimal_ = df["Decimal"][i]
        assert fila[col["Decimal"]].value == (decimal_ if np.isfinite(decimal_) else None)
        assert fila[col["Sí/No"]].value == ([True, False, None] * 3 + [True, False])[i]
        assert fila[col["Fecha objeto"]].value == (dt.datetime(2026, 10, i + 1) if i % 5 else None)
        assert fila[col["Decimales objeto"]].value == (1.25 if i < len(df) - 1 else None)
        assert fila[col["Vacía"]].value is None
    mezcla = [f[col["Mezcla"]] for f in filas]
    assert [c.value for c in mezcla] == ["Total", 50, 97.5, True, dt.datetime(2026, 10, 9),
                                         dt.datetime(2026, 10, 9, 14, 5), "=1+1", None, 7, 2.5, "fin"]
    assert mezcla[6].data_type == "s" and mezcla[3].data_type == "b"
    assert mezcla[4].number_format == "dd/mm/yyyy" and mezcla[5].number_format == "dd/mm/yyyy hh:mm"


def test_ningun_texto_es_formula_en_el_xml(libro):
    with zipfile.ZipFile(io.BytesIO(libro)) as z:
        hojas = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
        todo = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "<f>" not in hojas and "HYPERLINK" in todo
    assert "_x005F_x0041_" in todo  # «_x0041_» escrito tal cual: Excel no lo lee como «A»


def test_hojas_anchos_paneles_autofiltro(libro):
    wb = openpyxl.load_workbook(io.BytesIO(libro))
    assert wb.sheetnames == ["Datos", "Otra_ hoja_rara_", "vacía"]
    hoja = wb["Datos"]
    assert hoja.freeze_panes == "A2"
    assert hoja.auto_filter.ref == "A1:M12"
    assert hoja.dimensions == "A1:M12"
    assert 10 < hoja.column_dimensions["B"].width <= 62
    assert wb["Otra_ hoja_rara_"].max_row == 3 and wb["vacía"].max_row == 1


def test_calamine_lee_lo_mismo(libro):
    filas = CalamineWorkbook.from_filelike(io.BytesIO(libro)).get_sheet_by_name("Datos").to_python()
    assert filas[0][:3] == ["OT", "Texto", "Texto str"]
    assert [sin_escape(f[1]) for f in filas[1:]] == [t.replace("\x07", "") if t else "" for t in TEXTOS]


def test_texto_mas_largo_que_el_maximo_de_excel():
    largo = "x" * 40_000
    hoja = openpyxl.load_workbook(io.BytesIO(excel_seguro({"H": pd.DataFrame({"t": [largo]})}))).active
    assert hoja["A2"].value == largo[:32_767]


def test_no_pasa_del_limite_de_filas_de_excel(monkeypatch):
    monkeypatch.setattr(exportar, "FILAS_MAXIMAS_EXCEL", 5)
    libro = openpyxl.load_workbook(io.BytesIO(exportar.excel_seguro({"H": pd.DataFrame({"n": range(8)})})))
    assert [c.value for c in libro.active["A"]] == ["n", 0, 1, 2, 3, 4]


def test_api_privada_de_xlsxwriter():
    """excel_seguro escribe a mano las celdas de fecha con el índice de estilo que le da xlsxwriter
    (exportar.indice_de_estilo, API privada). Si una versión nueva de xlsxwriter la cambia, esto falla aquí, con
    nombre, y no como fechas sin formato en los informes."""
    libro = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    primero, segundo = libro.add_format({"num_format": "dd/mm/yyyy"}), libro.add_format({"bold": True})
    indices = [exportar.indice_de_estilo(primero), exportar.indice_de_estilo(segundo)]
    assert all(isinstance(i, int) for i in indices) and indices[0] != indices[1], indices
    libro.close()
    # y el índice es el que Excel lee: la fecha escrita a mano sale con su formato
    hoja = openpyxl.load_workbook(io.BytesIO(exportar.excel_seguro(
        {"H": pd.DataFrame({"d": [pd.Timestamp("2026-11-30")]})}))).active
    assert hoja["A2"].number_format == "dd/mm/yyyy"
