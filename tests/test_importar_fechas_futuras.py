"""Fechas posteriores a hoy: lo que pasa de mañana se rechaza (test_osf_real); mañana se importa con una advertencia
que nombra la columna, cuántas son y las primeras filas (en el resumen, en la base y en la consola)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

import datos.importar
from datos.importar import importar_archivo
from datos.importar.informe import texto_resumen
from tests import osf_archivos as osf
from tests.ayudas import SISTEMA, leido

HOY = dt.date(2026, 12, 1)
MANANA = dt.datetime(2026, 12, 2, 1, 30)  # «mañana»: la hora de UTC de una exportación sacada a las 21:30 de La Paz


@pytest.fixture(autouse=True)
def reloj_fijo(monkeypatch):
    monkeypatch.setattr(datos.importar, "hoy", lambda: HOY)


def _reporte(filas: list[str]) -> bytes:
    """Un reporte CSV de Smartflex con fecha de anulación («F. Anulación»), encabezado en la línea 1."""
    encabezado = "Nro. Orden;Cod Actividad;Estado;F. Registro;F. Atención;F. Anulación;Causal"
    return ("\n".join([encabezado, *filas]) + "\n").encode("utf-8")


def test_manana_se_importa_con_advertencia_por_columna(con):
    contenido = _reporte([
        "7001;52137;Atendido;20/11/2026 09:00;02/12/2026 01:30;;",
        "7002;52137;Anulado;21/11/2026 09:00;;02/12/2026 00:10;Cliente desistió",
        "7003;52137;Atendido;22/11/2026 09:00;30/11/2026 10:00;;",
        "7004;52137;Atendido;02/12/2026 00:05;02/12/2026 02:00;;",
        "7005;52137;Registrado;01/12/2026 23:59;;;",  # hoy, aunque más tarde que ahora: no se advierte
    ])
    res = importar_archivo(con, contenido, "reporte.csv", usuario=SISTEMA)
    assert res.aceptado and res.importacion_id is not None, res.problemas
    assert con.execute("SELECT count(*) FROM ordenes").fetchone()[0] == 5  # se importa todo
    avisos = [a for a in res.advertencias if "posterior" in a]
    assert avisos == [
        "Columna «F. Atención» (fecha de atención / legalización): 2 fechas posteriores a hoy (01/12/2026), "
        "en las líneas 2, 5. Se importan igual; revise si la exportación salió con la hora de otra zona horaria "
        "(UTC) o con el reloj adelantado.",
        "Columna «F. Anulación» (fecha de anulación): 1 fecha posterior a hoy (01/12/2026), en la línea 3. "
        "Se importan igual; revise si la exportación salió con la hora de otra zona horaria (UTC) o con el reloj "
        "adelantado.",
        "Columna «F. Registro» (fecha de registro): 1 fecha posterior a hoy (01/12/2026), en la línea 5. "
        "Se importan igual; revise si la exportación salió con la hora de otra zona horaria (UTC) o con el reloj "
        "adelantado.",
    ]
    # Queda con la importación (Auditoría) y la consola lo imprime.
    (resumen,) = con.execute("SELECT resumen FROM importaciones WHERE id = $i", {"i": res.importacion_id}).fetchone()
    assert json.loads(resumen)["advertencias"] == res.advertencias
    texto = texto_resumen(res)
    for aviso in avisos:
        assert f"⚠ {aviso}" in texto


def test_hoy_no_se_advierte_y_pasado_manana_se_rechaza(con):
    hoy = _reporte(["7101;52137;Atendido;20/11/2026 09:00;01/12/2026 23:59;;"])
    res = importar_archivo(con, hoy, "hoy.csv", usuario=SISTEMA, confirmar=False)
    assert res.aceptado and res.advertencias == []
    pasado = _reporte(["7102;52137;Atendido;20/11/2026 09:00;03/12/2026 08:00;;"])
    res = importar_archivo(con, pasado, "pasado.csv", usuario=SISTEMA, confirmar=False)
    assert [p.columna for p in res.problemas] == ["F. Atención"]
    assert res.advertencias == []  # rechazado: el problema ya lo dice


def test_libro_nombra_hoja_y_filas_y_corta_en_las_primeras(con):
    lista = [dataclasses.replace(o, legalizada=MANANA) if o.legalizada is not None else o
             for o in osf.ordenes(semilla=5, n=40)]
    cerradas = [i for i, o in enumerate(lista) if o.legalizada is not None]
    assert len(cerradas) > 5
    res = importar_archivo(con, osf.sql_developer_xlsx(lista), "osf.xlsx", usuario=SISTEMA, confirmar=False)
    assert res.aceptado, res.problemas
    (aviso,) = [a for a in res.advertencias if "posterior" in a]
    filas = ", ".join(str(i + 2) for i in cerradas[:5])  # la fila 1 son los títulos
    assert aviso.startswith(f"Columna «LEGALIZATION_DATE» (fecha de atención / legalización): {len(cerradas)} "
                            f"fechas posteriores a hoy (01/12/2026), en la hoja «SQL Results», filas {filas}, …. ")


def test_la_consola_imprime_la_advertencia(tmp_path, capsys):
    from cli.programas import datos as main
    archivo = tmp_path / "reporte.csv"
    archivo.write_bytes(_reporte(["7201;52137;Atendido;20/11/2026 09:00;02/12/2026 01:30;;"]))
    assert main(["importar", "--db", str(tmp_path / "s.duckdb"), str(archivo)]) == 0
    salida = capsys.readouterr().out
    assert ("⚠ Columna «F. Atención» (fecha de atención / legalización): 1 fecha posterior a hoy (01/12/2026), "
            "en la línea 2.") in salida


def test_la_pagina_muestra_la_advertencia_al_revisar_y_al_importar(ruta_db):
    from tests.test_pagina_importar import abrir, subir
    archivo = ("reporte.csv", _reporte(["7301;52137;Atendido;20/11/2026 09:00;02/12/2026 01:30;;"]), "text/csv")
    at = subir(abrir(), archivo)
    aviso = ("Columna «F. Atención» (fecha de atención / legalización): 1 fecha posterior a hoy (01/12/2026), "
             "en la línea 2.")
    assert not at.exception
    assert [w.value for w in at.warning if leido(w.value).startswith(aviso)], "la revisión debe advertir"
    at.button(key="confirmar").click().run()
    assert not at.exception and "«reporte.csv» importado" in leido("\n".join(s.value for s in at.success))
    assert [w.value for w in at.warning if leido(w.value).startswith(aviso)], "el resumen debe advertir"
