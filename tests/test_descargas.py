"""Las descargas se leen de vuelta: en Excel, cifras como números con su formato (el KPI 0,9795 con «0.00 %», no el
texto «97,95 %»); en CSV, un solo dialecto en todas las páginas (`;`, coma decimal, UTF-8 con BOM, dd/mm/aaaa)."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from datos import conexion, reloj, seguimiento
from informes import conciliacion, mensual
from informes.exportar import PORCENTAJE, Cifra, csv_seguro, excel_seguro
from tests.ayudas import ADMIN, ATENCION, MUESTRAS, insertar_orden, lista_entera
from tests.test_informe import AHORA, OCTUBRE, _octubre_48_de_49

# Un número, un porcentaje o un importe escrito como texto («97,95 %», «Bs. 100,00», «13,3 días», «12»).
NUMERO_COMO_TEXTO = re.compile(r"^\s*(Bs\.\s*)?[-+]?\d[\d.]*(,\d+)?\s*(%|días)?\s*$")


# Identificadores: texto a propósito (un CI/NIT conserva sus ceros; una solicitud no se suma; «Actividades» es la lista
# de códigos de una OT, issue 22: con una sola actividad sin descripción queda sólo su código).
IDENTIFICADORES = {"Solicitud", "CI/NIT", "CI / NIT", "Facturas", "Actividades"}


def _celdas(libro: openpyxl.Workbook):
    for hoja in libro.worksheets:
        titulos = [c.value for c in hoja[1]]
        for fila in hoja.iter_rows(min_row=2):
            for titulo, celda in zip(titulos, fila):
                if titulo not in IDENTIFICADORES:
                    yield hoja.title, celda


def _sin_numeros_como_texto(libro: openpyxl.Workbook) -> None:
    malas = [(h, c.coordinate, c.value) for h, c in _celdas(libro)
             if isinstance(c.value, str) and NUMERO_COMO_TEXTO.match(c.value)]
    assert not malas, f"números guardados como texto: {malas[:10]}"


def test_excel_mensual_kpi_es_un_numero_con_formato_de_porcentaje(con):
    _octubre_48_de_49(con)  # 48 de 49: 97,959… % → 97,95 % truncado (nunca 97,96)
    libro = openpyxl.load_workbook(io.BytesIO(mensual.excel(mensual.construir(con, OCTUBRE, ahora=AHORA))))
    resumen = {f[0].value: f[1] for f in libro["Resumen"].iter_rows(min_row=2)}
    kpi = resumen["KPI (atendidos ÷ total)"]
    assert kpi.data_type == "n" and kpi.value == pytest.approx(0.9795, abs=1e-12)
    assert kpi.number_format == "0.00 %"
    meta = resumen["Meta"]
    assert meta.data_type == "n" and meta.value == pytest.approx(0.98) and meta.number_format == '"≥ "0 %'
    mediana = resumen["Mediana de días para atender"]
    assert mediana.data_type == "n" and isinstance(mediana.value, float) and mediana.number_format == '0.0 "días"'
    assert resumen["Generado"].value == AHORA.replace(microsecond=0)  # fecha real, no texto
    assert resumen["Total"].value == 49 and resumen["Total"].data_type == "n"
    assert isinstance(libro["ATENDIDO"]["A2"].value, int)  # la OT
    _sin_numeros_como_texto(libro)


def test_excel_de_la_conciliacion_sin_numeros_como_texto(con):
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 5), solicitud="3800001")
    libro = openpyxl.load_workbook(io.BytesIO(conciliacion.excel(con, OCTUBRE)))
    resumen = {f[0].value: f[1:] for f in libro["Resumen"].iter_rows(min_row=2)}
    cantidad, importe, _ = resumen["Sin factura"]
    assert (cantidad.value, cantidad.data_type) == (1, "n")
    assert importe.data_type == "n" and importe.value == 1000 and importe.number_format == '"Bs." #,##0.00'
    _, tarifa, _ = resumen["Tarifa"]
    assert tarifa.value == 1000 and tarifa.number_format == '"Bs." #,##0.00'
    assert isinstance(resumen["Generado"][0].value, dt.datetime)
    _sin_numeros_como_texto(libro)


def test_cifra_en_excel_y_en_csv():
    df = pd.DataFrame({"Concepto": ["KPI", "Total", "Nada"],
                       "Valor": [Cifra(0.923, PORCENTAJE, "92,30 %"), 26, None]})
    celda = openpyxl.load_workbook(io.BytesIO(excel_seguro({"R": df})))["R"]["B2"]
    assert (celda.value, celda.data_type, celda.number_format) == (0.923, "n", "0.00 %")
    assert csv_seguro(df).decode("utf-8-sig").splitlines() == ["Concepto;Valor", "KPI;92,30 %", "Total;26", "Nada;"]
    # DECIMAL de DuckDB llega como decimal.Decimal en una columna object: también con coma.
    importes = pd.DataFrame({"Importe": pd.Series([decimal.Decimal("1000.50"), None], dtype=object)})
    assert csv_seguro(importes).decode("utf-8-sig").splitlines() == ["Importe", "1000,50", '""']


# --- CSV: cada descarga de cada página, leída de vuelta --------------------------------------------------------

@pytest.fixture
def descargas(monkeypatch):
    """Lo que cada página ofrece descargar (nombre, tipo MIME, contenido), también lo diferido (on_click)."""
    lista = []

    class Grabadora(MediaFileManager):
        def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
            if is_for_static_download:
                lista.append((file_name, mimetype, path_or_data))
            return super().add(path_or_data, mimetype, coordinates, file_name, is_for_static_download)

        def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
            lista.append((file_name, mimetype, data_callable))
            return super().add_deferred(data_callable, mimetype, coordinates, file_name, element_id=element_id)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Grabadora)
    return lista


def _abrir(pagina: str, usuario) -> AppTest:
    at = AppTest.from_file(f"../paginas/{pagina}.py", default_timeout=60)
    at.session_state["usuario"] = usuario
    at.run()
    lista_entera(at, pagina)  # una bandeja: la lista entera, no sólo lo de ahora
    assert not at.exception, [e.message for e in at.exception]
    return at


def _leer_csv(nombre: str, contenido: bytes) -> list[list[str]]:
    assert contenido.startswith(b"\xef\xbb\xbf"), f"{nombre}: sin BOM de UTF-8"
    texto = contenido.decode("utf-8-sig")
    assert "\r\n" in texto and "\n" not in texto.replace("\r\n", ""), f"{nombre}: fin de línea distinto de CRLF"
    filas = list(csv.reader(io.StringIO(texto, newline=""), delimiter=";"))
    assert len(filas[0]) > 1, f"{nombre}: no está separado por «;»"
    assert {len(f) for f in filas} == {len(filas[0])}, f"{nombre}: filas con distinto número de columnas"
    for fila in filas[1:]:
        for valor in fila:
            assert not re.fullmatch(r"-?\d+\.\d+", valor), f"{nombre}: decimal con punto «{valor}»"
            assert not re.match(r"\d{4}-\d{2}-\d{2}", valor), f"{nombre}: fecha ISO «{valor}»"
    return filas


@pytest.fixture
def base_con_todo(ruta_db):
    """Órdenes de cada estado, con fechas, decimales y un registro de seguimiento de este mes, y una importación
    (Auditoría la lista)."""
    from datos.importar import importar_archivo
    from tests.ayudas import SISTEMA
    c = conexion.conectar(ruta_db)
    importar_archivo(c, MUESTRAS / "ordenes_osf_2026_s2.csv", usuario=SISTEMA)
    hoy = reloj.hoy()
    registro = dt.datetime.combine(hoy.replace(day=1), dt.time(9))
    anulada = insertar_orden(c, estado="ANULADO", registro=registro, causal="=Cliente desistió",
                             fecha_anulacion=registro + dt.timedelta(hours=5))
    insertar_orden(c, estado="REGISTRADO", registro=registro)
    insertar_orden(c, estado="ATENDIDO", registro=registro, fecha_atencion=registro + dt.timedelta(hours=30))
    seguimiento.agregar(c, ATENCION, anulada, "medida_correctiva", "Se explicó el costo; 1,5 días de demora.")
    yield c
    c.close()


def test_cada_csv_de_cada_pagina_con_el_mismo_dialecto(base_con_todo, descargas):
    for pagina in ("anulados", "registrados", "atendidos"):
        _abrir(pagina, ATENCION)
    _abrir("auditoria", ADMIN)
    at = _abrir("importar", ATENCION)
    at.file_uploader[0].set_value([("malo.csv", "OT;Actividad;Estado;F. Registro\n1,5;52137;Quién;01/10/2026\n"
                                    .encode("utf-8"), "text/csv")])
    at.run()
    csvs = {}
    for nombre, mime, contenido in descargas:
        if mime == "text/csv" or (nombre or "").endswith(".csv"):
            csvs[nombre] = contenido() if callable(contenido) else contenido
    # Una por bandeja, las tres pestañas de Auditoría con filas, la lista de problemas de la importación.
    esperados = {"auditoria_importaciones.csv", "auditoria_seguimientos.csv", "problemas_malo.csv"}
    assert esperados <= set(csvs), sorted(csvs)
    assert len([n for n in csvs if n not in esperados and not n.startswith("auditoria_")]) >= 3, sorted(csvs)
    for nombre, contenido in csvs.items():
        assert isinstance(contenido, bytes), nombre
        filas = _leer_csv(nombre, contenido)
        assert len(filas) > 1, f"{nombre}: sin filas"
    # Lo que importa de cada dialecto, en su lugar: coma decimal, fecha dd/mm/aaaa, fórmula neutralizada.
    problemas = _leer_csv("problemas", csvs["problemas_malo.csv"])
    assert any("1,5" in v for f in problemas[1:] for v in f)
    todas = [v for c in csvs.values() for f in _leer_csv("", c)[1:] for v in f]
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?", v) for v in todas)
    assert "'=Cliente desistió" in todas and "=Cliente desistió" not in todas
    # Y los Excel de las mismas páginas (bandejas, Auditoría): ningún número guardado como texto.
    libros = {n: c() if callable(c) else c for n, _, c in descargas if (n or "").endswith(".xlsx")}
    assert len(libros) >= 4, sorted(libros)
    for nombre, contenido in libros.items():
        _sin_numeros_como_texto(openpyxl.load_workbook(io.BytesIO(contenido)))
