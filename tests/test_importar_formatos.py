"""Issue 22: las formas en que los usuarios guardan una consulta OSF (tests/osf_formatos.py). Los conteos exactos de
cada forma ya los comprueba tests/test_osf_real.py (VARIANTES); aquí: una OT en varias filas (una por actividad),
cada rechazo con su lugar y sin escribir nada, lo que no es ninguno de los formatos, y cada forma por la línea de
comandos, la página y la carpeta de entrada."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections import Counter

import pytest

from cli.programas import datos as main
from datos import conexion
from datos.importar import importar_archivo
from datos.importar.informe import tabla_problemas, texto_problemas, texto_resumen
from tests import osf_archivos as osf
from tests import osf_formatos as formas
from tests.ayudas import SISTEMA
from tests.test_importar import conteos_por_mes
from tests.test_osf_real import COLUMNA_DE, LISTA, POSTE, PROCEDIMIENTO, foto

EXTRA = formas.otras_actividades(LISTA)


def actividades_de(o) -> list[int]:
    return EXTRA.get(o.ot, [o.actividad])


def esperado_varias(lista) -> dict:
    """Por mes de registro: una OT cuenta una vez, si alguna de sus actividades es de poste."""
    meses: dict[str, Counter] = {}
    for o in lista:
        if POSTE & set(actividades_de(o)):
            c = meses.setdefault(f"{o.creada:%Y-%m}", Counter())
            c["total"] += 1
            c[COLUMNA_DE[PROCEDIMIENTO[o.estado]]] += 1
    return {m: {k: c[k] for k in ("total", "atendidos", "registrados", "anulados")} for m, c in meses.items()}


def importar(con, contenido: bytes, nombre: str):
    return importar_archivo(con, contenido, nombre, usuario=SISTEMA)


def rechazo(con, contenido: bytes, nombre: str):
    antes = foto(con)
    res = importar(con, contenido, nombre)
    assert res.problemas and res.importacion_id is None
    assert foto(con) == antes, "un archivo rechazado no debe escribir nada"
    return res


# --- una OT en varias filas, una por actividad ---------------------------------------------------

def test_generador_de_varias_actividades():
    assert len(EXTRA) >= 20
    assert any(a[0] not in POSTE and a[1] in POSTE for a in EXTRA.values()), "otra actividad primero, poste después"
    assert any(set(a) == {52137, 8074} for a in EXTRA.values()), "52137 y 8074 en la misma OT"
    assert any(not POSTE & set(a) for a in EXTRA.values()), "una OT con dos actividades, ninguna de poste"
    cambian = [o for o in LISTA if o.ot in EXTRA and o.actividad not in POSTE and POSTE & set(EXTRA[o.ot])]
    assert cambian, "una OT de otra actividad que también trae una de poste: pasa a contar"
    assert esperado_varias(LISTA) != conteos_esperados_sin_extra()


def conteos_esperados_sin_extra():
    from tests.test_osf_real import esperado_por_mes
    return esperado_por_mes(LISTA)


def test_una_ot_con_varias_actividades_cuenta_una_vez(con):
    contenido = formas.varias_actividades_csv(LISTA)
    res = importar(con, contenido, "osf_actividades.csv")
    assert not res.problemas, texto_problemas(res)
    assert conteos_por_mes(con) == esperado_varias(LISTA)
    filas = sum(len(actividades_de(o)) for o in LISTA)
    assert (res.filas_leidas, res.nuevas, res.duplicados, res.varias_actividades) == (filas, len(LISTA), 0, len(EXTRA))
    assert res.otras_actividades == sum(not POSTE & set(actividades_de(o)) for o in LISTA)
    assert "OT con varias actividades" in texto_resumen(res)
    assert con.execute("SELECT count(*), count(DISTINCT ot) FROM ordenes").fetchall() == [(len(LISTA), len(LISTA))]
    guardadas = Counter()
    for ot, codigo in con.execute("SELECT ot, actividad_codigo FROM ordenes_actividades").fetchall():
        guardadas[ot] += 1
        assert codigo in EXTRA[ot]
    assert guardadas == {ot: len(a) for ot, a in EXTRA.items()}
    # la actividad de la OT en `ordenes` es una de poste si alguna lo es, aunque venga segunda en el archivo
    principal = dict(con.execute("SELECT ot, actividad_codigo FROM ordenes").fetchall())
    for ot, actividades in EXTRA.items():
        assert principal[ot] == next((a for a in actividades if a in POSTE), actividades[0])
    # la misma exportación otra vez no cambia nada; una posterior con una sola actividad borra las otras
    antes = foto(con) + (con.execute("SELECT * FROM ordenes_actividades ORDER BY ALL").fetchall(),)
    assert importar(con, contenido, "otra_vez.csv").ya_importado
    assert foto(con) + (con.execute("SELECT * FROM ordenes_actividades ORDER BY ALL").fetchall(),) == antes
    res = importar(con, osf.sql_developer_csv(LISTA), "una_por_ot.csv")
    assert not res.problemas, texto_problemas(res)
    assert con.execute("SELECT count(*) FROM ordenes_actividades").fetchall() == [(0,)]
    assert res.actualizadas == sum(o.actividad != principal[o.ot] or o.ot in EXTRA for o in LISTA)


def test_una_ot_en_varias_filas_que_difieren_nombra_solo_las_columnas_distintas(con):
    importar(con, osf.sql_developer_csv(LISTA[:10]), "base.csv")
    cerrada = next(o for o in LISTA if o.ot in EXTRA and o.estado == 8)
    otra = next(o for o in LISTA if o.ot in EXTRA and o.ot != cerrada.ot and o.legalizada is None)
    contenido = formas.varias_actividades_csv(LISTA, distinta={
        cerrada.ot: {4: "12 - ANULADA"}, otra.ot: {5: "01/01/26 08:00:00", 11: "Otro comentario"}})
    res = rechazo(con, contenido, "osf_actividades.csv")
    linea = {o.ot: contenido[:contenido.index(f'"{o.ot}"'.encode())].count(b"\n") + 1 for o in (cerrada, otra)}
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == sorted(
        [(linea[cerrada.ot], "ORDER_ID", str(cerrada.ot)), (linea[otra.ot], "ORDER_ID", str(otra.ot))])
    por_ot = {p.valor: p.problema for p in res.problemas}
    texto = por_ot[str(cerrada.ot)]
    assert f"(filas {linea[cerrada.ot]}, {linea[cerrada.ot] + 1}): ORDER_STATUS_ID: 8 - CERRADA / 12 - ANULADA." \
        in texto, texto
    texto = por_ot[str(otra.ot)]
    assert f"CREATED_DATE: {otra.creada:%d/%m/%Y %H:%M:%S} / 01/01/2026 08:00:00" in texto, texto
    assert f"COMMENT_: {otra.comentario or '(vacío)'} / Otro comentario" in texto, texto
    for p in res.problemas:  # nunca una columna que coincide (tampoco la actividad, que puede variar)
        assert not any(c in p.problema for c in ("ACTIVITY_ID", "PACKAGE_ID", "TASK_TYPE_ID", "CAUSAL_ID")), p


# --- cada rechazo con su lugar -------------------------------------------------------------------

DESCONOCIDO = 20  # índice de LISTA con un estado que no está en la tabla de equivalencias


def con_estado_raro(lista, indice=DESCONOCIDO):
    lista = list(lista)
    lista[indice] = dataclasses.replace(lista[indice], estado_texto="99 - ESTADO RARO")
    return lista


def test_html_nombra_tabla_y_fila_como_en_el_navegador(con):
    res = rechazo(con, formas.sqlplus_html(con_estado_raro(LISTA)), "consulta.xls")
    (p,) = res.problemas
    assert formas.lugar_sqlplus(DESCONOCIDO) == "tabla 2, fila 8"
    assert (p.donde, p.columna, p.valor) == ("tabla 2, fila 8", "ORDER_STATUS_ID", "99 - ESTADO RARO")
    assert "tabla 2, fila 8, columna «ORDER_STATUS_ID»" in texto_problemas(res)
    assert list(tabla_problemas(res)["Lugar"]) == ["tabla 2, fila 8"]
    # dos filas con el mismo estado raro: la lista de lugares también por tabla
    res = rechazo(con, formas.sqlplus_html(con_estado_raro(con_estado_raro(LISTA), 3)), "consulta.xls")
    assert "2 fila(s) (tabla 1, fila 5; tabla 2, fila 8)" in res.problemas[0].problema


def test_html_sin_tabla_y_web_sin_encabezado(con):
    pagina = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Sesion expirada</title></head>" \
             b"<body><p>Su sesi\xc3\xb3n expir\xc3\xb3.</p></body></html>"
    (p,) = rechazo(con, pagina, "reporte.xls").problemas
    assert "página web sin tabla" in p.problema
    (p,) = rechazo(con, b"<html><body><table><tr><td>Hola</td><td>Mundo</td></tr></table></body></html>",
                   "x.xls").problemas
    assert "No parece una tabla" in p.problema


def test_excel_2003_nombra_hoja_y_fila(con):
    lista = list(LISTA)
    lista[7] = dataclasses.replace(lista[7], creada=dt.datetime(1955, 1, 1, 8))
    (p,) = rechazo(con, formas.hoja2003(lista), "reporte.xls").problemas
    assert (p.hoja, p.fila, p.columna) == (formas.HOJA2003, formas.HOJA2003_PRIMERA_FILA + 7, "CREATED_DATE")
    assert "año 1955" in p.problema


def test_xlsb_nombra_hoja_y_fila(con):
    (p,) = rechazo(con, formas.xlsb(con_estado_raro(LISTA)), "osf.xlsb").problemas
    assert (p.hoja, p.fila, p.valor) == (formas.XLSB_HOJA, formas.XLSB_PRIMERA_FILA + DESCONOCIDO, "99 - ESTADO RARO")


def test_spool_nombra_la_linea_del_editor(con):
    contenido = formas.spool(con_estado_raro(LISTA))
    (p,) = rechazo(con, contenido, "consulta.lst").problemas
    lineas = contenido.decode("cp1252").split("\r\n")
    assert lineas[p.fila - 1].strip().startswith(str(LISTA[DESCONOCIDO].ot)) and p.donde == f"línea {p.fila}"
    assert p.valor == "99 - ESTADO RARO"


def test_spool_con_filas_partidas_se_rechaza_con_la_receta(con):
    contenido = formas.spool(LISTA, linea=100)
    (p,) = rechazo(con, contenido, "consulta.lst").problemas
    lineas = contenido.decode("cp1252").split("\r\n")
    assert lineas[p.fila - 2].startswith("-") and lineas[p.fila].startswith("-"), "el segundo renglón del encabezado"
    assert formas.RECETA in p.que_hacer and "LINESIZE" in p.problema


@pytest.mark.parametrize("contenido, parece", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "parece un PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "WordDocument".encode("utf-16-le") + bytes(100),
     "documento de Word"),
    (b"{\\rtf1\\ansi Hola}", "RTF"),
    (b"<?xml version='1.0'?><factura><n>1</n></factura>", "XML que no es una hoja de Excel 2003"),
])
def test_lo_que_no_es_una_exportacion_dice_a_que_se_parece(con, contenido, parece):
    (p,) = rechazo(con, contenido, "archivo.xls").problemas
    assert parece in p.problema and "Excel 2003 XML" in p.que_hacer and "spool de SQL*Plus" in p.que_hacer


@pytest.mark.parametrize("archivos, parece", [
    ({"word/document.xml": "<w/>", "[Content_Types].xml": "<x/>"}, "ZIP que no es un libro de Excel: parece un "
                                                                    "documento de Word"),
    ({"fotos/1.jpg": "x", "fotos/2.jpg": "y"}, "ZIP que no es un libro de Excel (trae 2 archivo(s))"),
])
def test_un_zip_que_no_es_un_libro(con, archivos, parece):
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for nombre, texto in archivos.items():
            z.writestr(nombre, texto)
    (p,) = rechazo(con, salida.getvalue(), "libro.xlsx").problemas
    assert parece in p.problema


# --- por la línea de comandos, la página y la carpeta de entrada ---------------------------------

def test_linea_de_comandos(tmp_path, en_proceso):
    db = tmp_path / "base" / "s.duckdb"
    archivos = {"consulta.xls": formas.sqlplus_html(LISTA), "spool.lst": formas.spool(LISTA[:60]),
                "reporte2003.xls": formas.hoja2003(LISTA[60:])}
    rutas = [osf.guardar(c, tmp_path / "entrada" / n) for n, c in archivos.items()]
    r = en_proceso(main, "importar", "--db", db, *rutas)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Consulta OSF (HTML)" in r.stdout and "spool de SQL*Plus" in r.stdout and "Excel 2003 XML" in r.stdout
    with conexion.abierta(db) as con:
        assert conteos_por_mes(con) == conteos_esperados_sin_extra()
    malo = osf.guardar(formas.sqlplus_html(con_estado_raro(LISTA[:30])), tmp_path / "entrada" / "malo.csv")
    r = en_proceso(main, "importar", "--db", db, malo)
    assert r.returncode == 1 and "tabla 2, fila 8" in r.stdout and "Traceback" not in r.stdout + r.stderr


def test_pagina(ruta_db):
    from tests.test_pagina_importar import abrir, ordenes, subir, textos

    at = subir(abrir(), ("osf_actividades.csv", formas.varias_actividades_csv(LISTA), "text/csv"),
               ("consulta.lst", formas.spool(con_estado_raro(LISTA)), "text/plain"))
    assert not at.exception
    texto = textos(at)
    assert "Consulta OSF (spool de SQL*Plus)" in texto and f"{len(LISTA)} nuevas" in texto, texto
    (problemas,) = [d.value for d in at.dataframe if "Problema" in d.value.columns]
    contenido = formas.spool(con_estado_raro(LISTA)).decode("cp1252").split("\r\n")
    linea = next(k for k, t in enumerate(contenido, 1) if t.strip().startswith(str(LISTA[DESCONOCIDO].ot)))
    assert problemas[["Línea", "Valor"]].values.tolist() == [[linea, "99 - ESTADO RARO"]]
    at.button(key="confirmar").click().run()
    assert not at.exception
    assert ordenes(ruta_db) == len(LISTA)  # el spool rechazado no escribió nada


def test_carpeta_de_entrada(ruta_db, tmp_path):
    from operacion import tareas

    entrada = tmp_path / "entrada"
    osf.guardar(formas.xlsb(LISTA), entrada / "osf.xlsb")
    osf.guardar(formas.web_html(LISTA[:5]), entrada / "web.xls")
    osf.guardar(formas.spool(LISTA, linea=100), entrada / "partido.lst")
    conexion.conectar(ruta_db).close()
    (corrida,) = tareas.correr(ruta_db, ahora=dt.datetime(2026, 11, 2, 8, 0), entrada=entrada,
                               informes=tmp_path / "informes", respaldos=tmp_path / "respaldos", quieto_s=0,
                               solo={"carpeta_entrada"})
    # issue 23: un rechazo ya no es una falla de la tarea (queda anotado y se avisa)
    assert corrida.resultado == "hecho" and "rechazados" in corrida.detalle and "partido.lst" in corrida.detalle
    assert sorted(p.name for p in (entrada / "procesados").iterdir()) == ["osf.xlsb", "web.xls"]
    problemas = (entrada / "rechazados" / "partido.lst.problemas.txt").read_text(encoding="utf-8")
    assert formas.RECETA in problemas
    with conexion.abierta(ruta_db) as con:
        assert conteos_por_mes(con) == conteos_esperados_sin_extra()
