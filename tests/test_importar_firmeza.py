"""Firmeza de la importación (issue 27): ninguna fila se pierde en silencio, los límites se dicen antes de gastar, las
causas se nombran. Cada archivo lo genera la prueba."""
from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from datos.importar import importar_archivo
from tests.ayudas import SISTEMA

ENCABEZADO = "OT;Actividad;Estado;F. Registro"
BUENAS = ["1;52137;Atendido;01/10/2026", "2;52137;Atendido;02/10/2026"]


def importar(con, contenido: bytes | str, nombre="prueba.csv"):
    datos = contenido.encode("utf-8") if isinstance(contenido, str) else contenido
    return importar_archivo(con, datos, nombre, usuario=SISTEMA)


def ordenes(con) -> int:
    return con.execute("SELECT count(*) FROM ordenes").fetchone()[0]


def libro(filas: list[list]) -> bytes:
    salida = io.BytesIO()
    wb = xlsxwriter.Workbook(salida, {"in_memory": True})
    hoja = wb.add_worksheet("Órdenes")
    for i, fila in enumerate(filas):
        for j, valor in enumerate(fila):
            if valor is not None:
                hoja.write(i, j, valor)
    wb.close()
    return salida.getvalue()


# --- 1. ninguna fila se toma por el pie sin decirlo ------------------------------------------------

@pytest.mark.parametrize("ultima, valor", [
    (";52137;Atendido;03/10/2026", None),          # sin número de orden
    ("x3;52137;Atendido;03/10/2026", "x3"),        # no numérico
    ("  ;52137;Atendido;03/10/2026", "  "),
])
def test_fila_mala_al_final_se_rechaza_con_su_linea_csv(con, ultima, valor):
    res = importar(con, "\n".join([ENCABEZADO, *BUENAS, ultima, "Total: 3", ""]))
    assert [(p.fila, p.columna) for p in res.problemas] == [(4, "OT")], res.problemas
    assert res.importacion_id is None and ordenes(con) == 0


def test_fila_mala_al_final_se_rechaza_con_su_fila_xlsx(con):
    contenido = libro([["N° OT", "Actividad", "Estado", "Fecha Registro"],
                       [1, "52137", "Atendido", "01/10/2026"], [2, "52137", "Atendido", "02/10/2026"],
                       [None, "52137", "Atendido", "03/10/2026"], ["abc", "52137", "Registrado", "04/10/2026"],
                       ["TOTAL", 4]])
    res = importar(con, contenido, "r.xlsx")
    assert [(p.hoja, p.fila, p.columna, p.valor) for p in res.problemas] == [
        ("Órdenes", 4, "N° OT", None), ("Órdenes", 5, "N° OT", "abc")]
    assert ordenes(con) == 0


def test_fila_con_solo_columnas_opcionales_no_se_descarta(con):
    """Una fila sin OT, actividad, estado ni fecha pero con cliente es una fila, no una línea en blanco."""
    res = importar(con, "OT;Actividad;Estado;F. Registro;Cliente\n1;52137;Atendido;01/10/2026;Ana\n;;;;Juan Pérez\n")
    assert (3, "OT") in {(p.fila, p.columna) for p in res.problemas}
    assert ordenes(con) == 0


@pytest.mark.parametrize("pie", [
    "TOTAL", "Total;2", "Totales: 2", "Total de registros: 2", "Registros: 2", "2 filas seleccionadas.",
    "2 rows selected.", "Cantidad de órdenes: 2", "TOTAL GENERAL;;;", ";;;;", "Fin del reporte"])
def test_pie_que_dice_serlo_se_omite(con, pie):
    res = importar(con, "\n".join([ENCABEZADO, *BUENAS, pie, ""]))
    assert res.problemas == [] and res.filas_leidas == 2 and ordenes(con) == 2


def test_pie_en_medio_no_es_pie(con):
    res = importar(con, "\n".join([ENCABEZADO, BUENAS[0], "Total: 1", BUENAS[1], ""]))
    assert (3, "OT") in {(p.fila, p.columna) for p in res.problemas}


def test_factura_sin_fecha_al_final_se_rechaza(con):
    texto = ("N° Factura;Fecha Emisión;Nro. Solicitud;Importe Bs.\n40101;01/10/2026;3801;150,00\n"
             "40102;;3802;150,00\nTOTAL;;;300,00\n")
    res = importar(con, texto)
    assert [(p.fila, p.columna) for p in res.problemas] == [(3, "Fecha Emisión")], res.problemas
