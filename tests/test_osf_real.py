"""Exportaciones de OSF en cada convención real (DISENO §3.1), escritas por tests/osf_archivos.py.

Cada escritor: se importa en una base nueva y los conteos por mes deben ser exactamente los que salen de la lista de
órdenes del generador con la equivalencia de estados escrita aquí aparte; se guardan código y descripción de causal,
unidad y tipo de trabajo; « - » es nulo; la vista de causales de fallo. Luego cada rechazo de fecha con su
línea/fila (y hoja) y columna, y sin escribir nada.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable
from zoneinfo import ZoneInfo

import pytest

from datos import conexion
from datos.administracion import guardar_mapeo
from datos.importar import importar_archivo
from datos.importar.informe import texto_problemas, texto_resumen
from tests import osf_archivos as osf
from tests import osf_formatos as formas
from tests.ayudas import ADMIN, SISTEMA, copiar_plantilla
from tests.osf_archivos import Orden, initcap
from tests.test_importar import conteos_por_mes

# La equivalencia de DISENO §3.1, escrita aquí sin mirar la base: 7 y 8 → ATENDIDO, 12 → ANULADO, el resto pendiente.
PROCEDIMIENTO = {-1: "REGISTRADO", 0: "REGISTRADO", 1: "REGISTRADO", 2: "REGISTRADO", 5: "REGISTRADO",
                 6: "REGISTRADO", 7: "ATENDIDO", 8: "ATENDIDO", 11: "REGISTRADO", 12: "ANULADO",
                 18: "REGISTRADO", 19: "REGISTRADO", 20: "REGISTRADO"}
POSTE = {52137, 8074}
COLUMNA_DE = {"ATENDIDO": "atendidos", "REGISTRADO": "registrados", "ANULADO": "anulados"}

LISTA = osf.ordenes()


@pytest.fixture(scope="module")
def plantilla(plantilla_migrada):
    return plantilla_migrada  # la de conftest (`con` ya se copia de ella)


def base_nueva(plantilla, carpeta):
    return conexion.conectar(copiar_plantilla(plantilla, carpeta / "seguimiento.duckdb"))


def hoy_bolivia() -> dt.date:
    return dt.datetime.now(ZoneInfo("America/La_Paz")).date()


def esperado_por_mes(lista: list[Orden]) -> dict:
    meses: dict[str, Counter] = {}
    for o in lista:
        if o.actividad in POSTE:
            c = meses.setdefault(f"{o.creada.year:04d}-{o.creada.month:02d}", Counter())
            c["total"] += 1
            c[COLUMNA_DE[PROCEDIMIENTO[o.estado]]] += 1
    return {m: {k: c[k] for k in ("total", "atendidos", "registrados", "anulados")} for m, c in meses.items()}


def foto(con) -> tuple:
    """Todo lo que una importación puede tocar, para afirmar que no cambió nada."""
    return tuple(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                 for t in ("ordenes", "historial_estados", "importaciones", "seguimientos", "mapeo_estados"))


def con_fallo(con) -> set[int]:
    return {ot for (ot,) in con.execute("SELECT ot FROM ordenes_con_causal_fallo").fetchall()}


def fallo_esperado(lista: list[Orden]) -> set[int]:
    return {o.ot for o in lista if o.estado in (7, 8) and o.causal_clase == 2}


def al_segundo(d: dt.datetime | None) -> dt.datetime | None:
    """Una fecha de Excel es un número de días: puede volver a microsegundos del segundo exacto."""
    return None if d is None else (d + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def a_precision(d: dt.datetime | None, precision: str) -> dt.datetime | None:
    if d is None:
        return None
    return {"segundo": d, "minuto": d.replace(second=0), "dia": d.replace(hour=0, minute=0, second=0)}[precision]


def _ic(texto: str | None) -> str | None:
    return initcap(texto) if texto else None


# --- las convenciones ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Variante:
    escribir: Callable[[list[Orden]], bytes]
    nombre: str
    registro: str = "segundo"              # precisión con que la convención escribe CREATED_DATE
    atencion: str = "segundo"              # … y LEGALIZATION_DATE
    codigos: tuple[str, ...] = ("causal_codigo", "causal_clase", "unidad_codigo", "tipo_trabajo_codigo")
    descripciones: dict[str, Callable[[Orden], str | None]] = field(default_factory=dict)
    estado_origen: Callable[[Orden], str] | None = None
    hoja: str | None = None                # la hoja que debe leerse de un libro
    omitidas: tuple[str, ...] = ()
    primera_fila: int = 2                  # fila de Excel de la primera orden (en un libro)
    en_disco: bool = False                 # importar desde un archivo en vez de bytes subidos


TAL_CUAL = {"actividad": lambda o: o.actividad_desc, "causal": lambda o: o.causal_desc,
            "unidad_operativa": lambda o: o.unidad_nombre, "tipo_trabajo": lambda o: o.tipo_trabajo_desc}
ACTIVIDAD_INITCAP = {**TAL_CUAL, "actividad": lambda o: initcap(o.actividad_desc)}

VARIANTES = {
    "sql_developer_csv": Variante(
        osf.sql_developer_csv, "osf_sqldeveloper.csv", descripciones=TAL_CUAL,
        estado_origen=lambda o: f"{o.estado} - {o.estado_desc}"),
    "toad_csv_meses_es": Variante(
        osf.toad_csv, "osf_toad.csv", registro="dia", atencion="dia",
        descripciones={"actividad": lambda o: initcap(o.actividad_desc), "causal": lambda o: _ic(o.causal_desc),
                       "tipo_trabajo": lambda o: initcap(o.tipo_trabajo_desc)},
        estado_origen=lambda o: f"{o.estado} : {initcap(o.estado_desc)}"),
    "toad_csv_meses_en": Variante(
        lambda lista: osf.toad_csv(lista, idioma="en"), "osf_toad_en.csv", registro="dia", atencion="dia"),
    "tabla_cruda_iso": Variante(
        osf.tabla_cruda_csv, "or_order.csv", codigos=("causal_codigo", "unidad_codigo", "tipo_trabajo_codigo"),
        estado_origen=lambda o: str(o.estado)),
    "tabla_cruda_rr": Variante(
        lambda lista: osf.tabla_cruda_csv(lista, fechas="rr"), "or_order_rr.csv", registro="dia", atencion="dia",
        codigos=("causal_codigo", "unidad_codigo", "tipo_trabajo_codigo")),
    "estados_en_texto": Variante(
        osf.estados_en_texto_csv, "reporte_estados.csv", registro="minuto", atencion="minuto",
        codigos=("causal_codigo", "unidad_codigo"),
        descripciones={k: ACTIVIDAD_INITCAP[k] for k in ("actividad", "causal", "unidad_operativa")}),
    "sql_developer_xlsx": Variante(
        osf.sql_developer_xlsx, "osf.xlsx", descripciones=TAL_CUAL, hoja="SQL Results", omitidas=("SQL Statement",)),
    "sql_developer_xlsx_consulta_primero": Variante(
        lambda lista: osf.sql_developer_xlsx(lista, consulta_primero=True), "osf_consulta_primero.xlsx",
        descripciones=TAL_CUAL, hoja="SQL Results", omitidas=("SQL Statement",)),
    "xls_97": Variante(
        osf.xls_97, "reporte.xls", descripciones=TAL_CUAL, hoja=osf.XLS_HOJA, primera_fila=osf.XLS_PRIMERA_FILA),
    "xls_97_llamado_csv_en_disco": Variante(
        osf.xls_97, "reporte.csv", descripciones=TAL_CUAL, hoja=osf.XLS_HOJA, primera_fila=osf.XLS_PRIMERA_FILA,
        en_disco=True),
    "alias_a_mano_ot_repetida_igual": Variante(
        osf.alias_a_mano_csv, "consulta_a_mano.csv", atencion="dia", descripciones=ACTIVIDAD_INITCAP),
}
ESTADO_OSF = {"estado_origen": lambda o: f"{o.estado} - {o.estado_desc}"}
_POSICION = {o.ot: i for i, o in enumerate(LISTA)}


def _separada(desplazamiento: int, descripcion: Callable[[Orden], str | None]) -> Callable[[Orden], str | None]:
    """La descripción que queda con el separador de la fila (formas.SEPARADORES): «-  » va con initcap."""
    def leer(o: Orden) -> str | None:
        _, capitalizar = formas.SEPARADORES[(_POSICION[o.ot] + desplazamiento) % len(formas.SEPARADORES)]
        texto = descripcion(o)
        return _ic(texto) if capitalizar else texto
    return leer


# Las formas del issue 22: HTML (SQL*Plus y reportes web), Excel 2003 XML, spool de SQL*Plus, .xlsb, separadores.
VARIANTES.update({
    "sqlplus_html_xls": Variante(formas.sqlplus_html, "consulta.xls", descripciones=TAL_CUAL, **ESTADO_OSF),
    "sqlplus_html_llamado_csv_en_disco": Variante(formas.sqlplus_html, "consulta.csv", descripciones=TAL_CUAL,
                                                  en_disco=True),
    "web_html": Variante(formas.web_html, "reporte_web.xls", descripciones=TAL_CUAL, **ESTADO_OSF),
    "excel_2003_xml": Variante(formas.hoja2003, "reporte2003.xls", descripciones=TAL_CUAL, hoja=formas.HOJA2003,
                               omitidas=("Consulta",), primera_fila=formas.HOJA2003_PRIMERA_FILA, **ESTADO_OSF),
    "spool_sqlplus": Variante(formas.spool, "consulta.lst", registro="dia", atencion="dia",
                              codigos=("causal_codigo", "causal_clase", "unidad_codigo"),
                              descripciones={k: TAL_CUAL[k] for k in ("actividad", "causal", "unidad_operativa")},
                              **ESTADO_OSF),
    "xlsb": Variante(formas.xlsb, "osf.xlsb", descripciones=TAL_CUAL, hoja=formas.XLSB_HOJA,
                     omitidas=("SQL Statement",), primera_fila=formas.XLSB_PRIMERA_FILA),
    "separadores_de_consultas_reales": Variante(
        formas.separadores_csv, "separadores.csv",
        descripciones={"actividad": _separada(0, TAL_CUAL["actividad"]),
                       "tipo_trabajo": _separada(1, TAL_CUAL["tipo_trabajo"]),
                       "causal": _separada(0, TAL_CUAL["causal"]),
                       "unidad_operativa": _separada(1, TAL_CUAL["unidad_operativa"])}),
})
# sólo en el caso chico (cada importación cuesta; el .xls ya se prueba arriba como .xls y como .csv)
XLS_LLAMADO_XLSX = Variante(osf.xls_97, "reporte.xlsx", descripciones=TAL_CUAL, hoja=osf.XLS_HOJA,
                            primera_fila=osf.XLS_PRIMERA_FILA)


def importar_variante(con, v: Variante, contenido: bytes, carpeta):
    if v.en_disco:
        return importar_archivo(con, osf.guardar(contenido, carpeta / "entrada" / v.nombre), usuario=SISTEMA)
    return importar_archivo(con, contenido, v.nombre, usuario=SISTEMA)


@dataclass
class Importado:
    v: Variante
    con: object
    res: object
    contenido: bytes
    carpeta: object


@pytest.fixture(scope="module", params=list(VARIANTES))
def importado(request, tmp_path_factory, plantilla):
    """El conjunto del generador importado en una base nueva, una por convención (compartida por sus pruebas)."""
    v = VARIANTES[request.param]
    carpeta = tmp_path_factory.mktemp(request.param)
    con = base_nueva(plantilla, carpeta)
    contenido = v.escribir(LISTA)
    try:
        yield Importado(v, con, importar_variante(con, v, contenido, carpeta), contenido, carpeta)
    finally:
        con.close()


# --- el generador --------------------------------------------------------------------------------

def test_generador_determinista_y_completo():
    assert osf.ordenes() == LISTA and osf.ordenes(semilla=5) != LISTA
    assert 60 <= len(LISTA) <= 150 and len({o.ot for o in LISTA}) == len(LISTA)
    assert {o.estado for o in LISTA} == set(PROCEDIMIENTO)
    assert {o.estado for o in LISTA if o.actividad in POSTE} == set(PROCEDIMIENTO)
    assert {o.actividad for o in LISTA} - POSTE, "también otras actividades"
    assert max(max(o.creada, o.legalizada or o.creada) for o in LISTA) <= dt.datetime(2026, 11, 30, 23, 59)
    assert len({(o.creada.year, o.creada.month) for o in LISTA}) >= 6
    assert any(o.causal is None and o.estado in (8, 12) for o in LISTA)
    assert any(o.estado == 8 and o.causal_clase == 2 for o in LISTA), "cerrada con causal de fallo"
    assert any(o.estado == 12 and o.causal == 100 for o in LISTA)
    assert all(o.legalizada is None or o.legalizada >= o.creada for o in LISTA)


def test_convenciones_de_celda():
    assert osf.codificado(None, None) == " - " and osf.codificado(None, None, " : ", True) == " : "
    assert osf.codificado(52137, osf.ACTIVIDADES[52137], " : ", True) == \
        "52137 : Servicio De Ingenieria Traslado Poste Usuario"
    assert osf.codificado(8, "CERRADA", " : ", True) == "8 : Cerrada"
    assert osf.fecha_rr(dt.datetime(2026, 7, 23, 16, 24), fraccion=True) == "23/07/26 16:24:00,000000000"
    assert [osf.fecha_mon(dt.datetime(a, m, d)) for a, m, d in [(2026, 1, 1), (2026, 4, 15), (2026, 8, 3),
                                                                (2025, 12, 20)]] == \
        ["01-ENE-26", "15-ABR-26", "03-AGO-26", "20-DIC-25"]
    assert osf.fecha_mon(dt.datetime(2026, 7, 1), anio_largo=True) == "01-JUL-2026"
    assert osf.fecha_dmy(dt.datetime(26, 7, 1, 9, 0)) == "01/07/0026 09:00"
    texto = osf.toad_csv(LISTA).decode("cp1252")
    assert "8074 : Lbc – Venta Servicio De Ingeniería" in texto and ";8 : Cerrada;" in texto
    assert {"-ENE-26", "-ABR-26", "-AGO-26", "-DIC-25", "-JUL-26", "-MAR-26", "-NOV-26"} <= \
        set(re.findall(r"-[A-Z]{3}-\d\d\b", texto))
    primera = osf.sql_developer_csv(LISTA).decode("utf-8").split("\r\n")[1]
    assert primera.startswith('"') and '"," - ","' in primera


# --- cada convención, importada ------------------------------------------------------------------

def test_conteos_por_mes_exactos(importado):
    con, res = importado.con, importado.res
    assert not res.problemas, texto_problemas(res)
    assert res.importacion_id
    assert conteos_por_mes(con) == esperado_por_mes(LISTA)
    assert con.execute("SELECT count(*) FROM ordenes").fetchone() == (len(LISTA),)
    assert res.otras_actividades == sum(o.actividad not in POSTE for o in LISTA)


def test_estados_codigos_descripciones_y_fechas(importado):
    con, v = importado.con, importado.v
    assert not importado.res.problemas, texto_problemas(importado.res)
    columnas = ["ot", "actividad_codigo", "estado", "solicitud", "fecha_registro", "fecha_atencion",
                *v.codigos, *v.descripciones]
    guardado = {fila[0]: dict(zip(columnas, fila)) for fila in con.execute(
        f"SELECT {', '.join(columnas)} FROM ordenes").fetchall()}  # nombres fijos de esta prueba
    for fila in guardado.values():
        fila["fecha_registro"], fila["fecha_atencion"] = al_segundo(fila["fecha_registro"]), \
            al_segundo(fila["fecha_atencion"])
    esperado = {}
    for o in LISTA:
        fila = {"ot": o.ot, "actividad_codigo": o.actividad, "estado": PROCEDIMIENTO[o.estado],
                "solicitud": str(o.solicitud), "fecha_registro": a_precision(o.creada, v.registro),
                "fecha_atencion": a_precision(o.legalizada, v.atencion),
                "causal_codigo": o.causal, "causal_clase": o.causal_clase, "unidad_codigo": o.unidad,
                "tipo_trabajo_codigo": o.tipo_trabajo}
        fila = {k: fila[k] for k in columnas if k in fila}
        fila.update({k: f(o) for k, f in v.descripciones.items()})
        esperado[o.ot] = fila
    distintas = [(ot, {k: (guardado.get(ot, {}).get(k), e[k]) for k in e if guardado.get(ot, {}).get(k) != e[k]})
                 for ot, e in esperado.items() if guardado.get(ot) != e]
    assert not distintas, f"{len(distintas)} orden(es) distintas (guardado, esperado); la primera: {distintas[0]}"
    if v.estado_origen:
        origen = dict(con.execute("SELECT ot, estado_origen FROM ordenes").fetchall())
        assert origen == {o.ot: v.estado_origen(o) for o in LISTA}


def test_guion_solo_es_nulo(importado):
    """`NULL || ' - ' || NULL` es « - » (« : » en Toad): ni código ni descripción."""
    con = importado.con
    sin_causal = {o.ot for o in LISTA if o.causal is None}
    sin_unidad = {o.ot for o in LISTA if o.unidad is None}
    assert sin_causal and sin_unidad
    filas = con.execute("SELECT ot, causal_codigo, causal, causal_clase, unidad_codigo, unidad_operativa "
                        "FROM ordenes").fetchall()
    assert {ot for ot, codigo, desc, clase, *_ in filas if (codigo, desc, clase) == (None, None, None)} == sin_causal
    assert {ot for ot, *_, codigo, desc in filas if (codigo, desc) == (None, None)} == sin_unidad


def test_vista_de_causal_de_fallo(importado):
    con, v = importado.con, importado.v
    assert fallo_esperado(LISTA)
    if "causal_clase" not in v.codigos:  # la exportación no trae la clase: la lista del administrador decide
        con.execute("INSERT INTO causales_fallo SELECT codigo, d FROM (VALUES (100, 'a'), (101, 'b'), (3409, 'c')) "
                    "t(codigo, d) ON CONFLICT DO NOTHING")
    assert con_fallo(con) == fallo_esperado(LISTA)


def test_hoja_leida_y_omitidas(importado):
    lectura, v = importado.res.lectura, importado.v
    assert lectura.hoja == v.hoja
    assert list(lectura.hojas_omitidas) == list(v.omitidas)
    if v.omitidas:
        resumen = texto_resumen(importado.res)
        assert v.hoja in resumen and all(h in resumen for h in v.omitidas), resumen


def test_reimportar_no_cambia_nada(importado):
    con, v = importado.con, importado.v
    assert importado.res.importacion_id, texto_problemas(importado.res)
    antes = foto(con)
    assert v.escribir(LISTA) == importado.contenido, "el generador debe dar los mismos bytes"
    segunda = importar_variante(con, v, importado.contenido, importado.carpeta)
    assert segunda.ya_importado and segunda.importacion_id is None
    assert foto(con) == antes


# --- un caso chico, contado a mano ---------------------------------------------------------------

A_MANO = [
    Orden(7001, 52137, 8, dt.datetime(2026, 9, 1, 9, 0), 8001, dt.datetime(2026, 9, 3, 10, 0), causal=3409,
          unidad=3021),                                                       # cerrada con causal de fallo
    Orden(7002, 52137, 12, dt.datetime(2026, 9, 2, 9, 0), 8002, causal=100, unidad=3021),
    Orden(7003, 8074, 6, dt.datetime(2026, 9, 15, 11, 30), 8003, unidad=3050),
    Orden(7004, 8074, 7, dt.datetime(2026, 10, 1, 8, 0), 8004, dt.datetime(2026, 10, 2, 8, 0), causal=3401,
          unidad=3021),
    Orden(7005, 52137, 19, dt.datetime(2026, 10, 20, 16, 45), 8005, unidad=3021),
    Orden(7006, 52001, 8, dt.datetime(2026, 10, 21, 8, 0), 8006, dt.datetime(2026, 10, 22, 8, 0), causal=3409,
          unidad=3050, tipo_trabajo=12001),                                   # otra actividad: no cuenta
    Orden(7007, 52137, -1, dt.datetime(2025, 12, 20, 10, 0), 8007),          # 20/12/25, 20-DIC-25
]


# una convención por escritor (las variantes de nombre o de meses ya cuentan arriba)
UNA_POR_ESCRITOR = ["sql_developer_csv", "toad_csv_meses_es", "tabla_cruda_rr", "estados_en_texto",
                    "sql_developer_xlsx_consulta_primero", "xls_97_llamado_xlsx",
                    "alias_a_mano_ot_repetida_igual"]


@pytest.mark.parametrize("nombre", UNA_POR_ESCRITOR)
def test_caso_chico_contado_a_mano(con, tmp_path, nombre):
    v = VARIANTES.get(nombre, XLS_LLAMADO_XLSX)
    res = importar_variante(con, v, v.escribir(A_MANO), tmp_path)
    assert not res.problemas, texto_problemas(res)
    assert conteos_por_mes(con) == {
        "2025-12": {"total": 1, "atendidos": 0, "registrados": 1, "anulados": 0},
        "2026-09": {"total": 3, "atendidos": 1, "registrados": 1, "anulados": 1},
        "2026-10": {"total": 2, "atendidos": 1, "registrados": 1, "anulados": 0},
    }
    assert (res.nuevas, res.otras_actividades) == (7, 1)
    if "causal_clase" in v.codigos:
        assert con_fallo(con) == {7001, 7006}
    assert con.execute("SELECT causal_codigo, unidad_codigo, tipo_trabajo_codigo FROM ordenes WHERE ot = 7001"
                       ).fetchone() == (3409, 3021, 12150 if "tipo_trabajo_codigo" in v.codigos else None)


# --- estados: el código decide; sin código, la descripción ---------------------------------------

ESTADOS_VARIOS = [
    ("8", "ATENDIDO"), ("8 - CERRADA", "ATENDIDO"), ("8 : Cerrada", "ATENDIDO"), ("8-Cerrada", "ATENDIDO"),
    ("8.0", "ATENDIDO"), ("8 - ANULADA", "ATENDIDO"), ("8 - LEGALIZADA", "ATENDIDO"), ("7 - EJECUTADA", "ATENDIDO"),
    ("12", "ANULADO"), ("12 - ANULADA", "ANULADO"), ("12 : Anulada", "ANULADO"), ("5 - ANULADA", "REGISTRADO"),
    ("-1 - ESPERANDO REGISTRO", "REGISTRADO"), ("0 - REGISTRADA", "REGISTRADO"), ("6 - EN EJECUCIÓN", "REGISTRADO"),
    ("19-Movilizando", "REGISTRADO"), ("20 : Planeada", "REGISTRADO"), ("11", "REGISTRADO"),
    ("Cerrada", "ATENDIDO"), ("CERRADA", "ATENDIDO"), ("LEGALIZADA", "ATENDIDO"), ("Ejecutada", "ATENDIDO"),
    ("En ejecución", "REGISTRADO"), ("EN EJECUCION", "REGISTRADO"), ("en espera", "REGISTRADO"),
    ("Anulada", "ANULADO"), ("registrada", "REGISTRADO"), ("Esperando registro", "REGISTRADO"),
]


def test_estado_por_codigo_o_por_descripcion(con):
    lista = [Orden(6000 + i, 52137, 0, dt.datetime(2026, 10, 1 + i % 28, 9, 0), estado_texto=valor)
             for i, (valor, _) in enumerate(ESTADOS_VARIOS)]
    res = importar_archivo(con, osf.sql_developer_csv(lista), "estados.csv", usuario=SISTEMA)
    assert not res.problemas, texto_problemas(res)
    guardado = {ot: (estado, origen) for ot, estado, origen in
                con.execute("SELECT ot, estado, estado_origen FROM ordenes").fetchall()}
    assert guardado == {6000 + i: (estado, valor) for i, (valor, estado) in enumerate(ESTADOS_VARIOS)}


def test_codigo_desconocido_se_rechaza_hasta_que_se_agrega(con):
    lista = [*A_MANO[:3], dataclasses.replace(A_MANO[4], estado_texto="21 - NUEVO")]
    contenido = osf.estados_en_texto_csv(lista)
    antes = foto(con)
    res = importar_archivo(con, contenido, "nuevo.csv", usuario=SISTEMA)
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == [(5, "Estado", "21 - NUEVO")]
    assert "desconocido" in res.problemas[0].problema and foto(con) == antes
    guardar_mapeo(con, ADMIN, "21 - NUEVO", "REGISTRADO")
    res = importar_archivo(con, contenido, "nuevo.csv", usuario=SISTEMA)
    assert not res.problemas, texto_problemas(res)
    assert con.execute("SELECT estado, estado_origen FROM ordenes WHERE ot = 7005").fetchone() == \
        ("REGISTRADO", "21 - NUEVO")


def test_descripcion_desconocida_se_rechaza(con):
    lista = [dataclasses.replace(A_MANO[0], estado_texto="Pendiente de revisión"), *A_MANO[1:3]]
    antes = foto(con)
    res = importar_archivo(con, osf.estados_en_texto_csv(lista), "raro.csv", usuario=SISTEMA)
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == [(2, "Estado", "Pendiente de revisión")]
    assert "desconocido" in res.problemas[0].problema and res.importacion_id is None
    assert foto(con) == antes


# --- encabezados escritos a mano -----------------------------------------------------------------

def test_errata_y_expresiones_en_encabezados(con):
    res = importar_archivo(con, osf.alias_a_mano_csv(LISTA), "a_mano.csv", usuario=SISTEMA)
    assert not res.problemas, texto_problemas(res)
    lectura = res.lectura
    encabezado = {campo: lectura.encabezados[i] for campo, i in lectura.mapeo.items()}
    assert encabezado["actividad"] == "CODIGO_ACTIIVDAD"
    assert encabezado["actividad_desc"] == "DESCRIPCION_ACTIVIDAD"
    assert encabezado["fecha_registro"] == "A.CREATED_DATE"
    assert encabezado["fecha_atencion"] == "TRUNC(A.LEGALIZATION_DATE)"
    assert encabezado["ot"] == "ORDER_ID"
    # el parecido se dice: en la lectura y en el resumen
    tomado = lectura.aproximados.get("actividad")
    assert (lectura.encabezados[tomado] if isinstance(tomado, int) else tomado) == "CODIGO_ACTIIVDAD"
    resumen = texto_resumen(res)
    assert "CODIGO_ACTIIVDAD" in resumen and "Actividad (código)" in resumen, resumen


def test_order_id_dos_veces_con_otra_orden_se_rechaza(con_base):
    contenido = osf.alias_a_mano_csv(BASE, segunda_ot="relacionada")
    problemas = rechazo(con_base, contenido, "union.csv")
    textos = [" ".join(filter(None, (p.columna, p.valor, p.problema, p.que_hacer))) for p in problemas]
    letra = lambda x: re.compile(rf"(?<![\w.(]){x}(?![\w.(])")  # noqa: E731 - «A» o «M» sola, no «A.CREATED_DATE»
    assert any(letra("A").search(t) and letra("M").search(t) and "ORDER_ID" in t for t in textos), textos


# --- fechas: plausibles o rechazadas, con su lugar -----------------------------------------------

BASE = osf.ordenes(semilla=11, n=30)


@pytest.fixture(scope="module")
def con_base(tmp_path_factory, plantilla):
    """Una base con datos: un rechazo no debe tocar nada de lo que ya hay."""
    con = base_nueva(plantilla, tmp_path_factory.mktemp("base"))
    importar_archivo(con, osf.sql_developer_csv(LISTA), "base.csv", usuario=SISTEMA)
    try:
        yield con
    finally:
        con.close()


def rechazo(con, contenido: bytes, nombre: str):
    antes = foto(con)
    res = importar_archivo(con, contenido, nombre, usuario=SISTEMA)
    assert res.problemas and res.importacion_id is None
    assert foto(con) == antes, "un archivo rechazado no debe escribir nada"
    return res.problemas


def indice(condicion) -> int:
    return next(i for i, o in enumerate(BASE) if condicion(o))


PENDIENTE, OTRA_PENDIENTE, TERCERA_PENDIENTE = [i for i, o in enumerate(BASE) if o.legalizada is None][2:11:4]
CERRADA = indice(lambda o: o.legalizada is not None)


def linea_de(contenido: bytes, ot: int) -> int:
    """Línea del editor de texto (la del encabezado es la 1) donde está la OT."""
    return contenido[:contenido.index(str(ot).encode())].count(b"\n") + 1


def celda(contenido: bytes, ot: int, columna: str) -> str:
    """El texto de una celda de un CSV tal como está en el archivo (lo que el usuario busca en su editor)."""
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        texto = contenido.decode("cp1252")
    filas = list(csv.reader(io.StringIO(texto), delimiter=";" if ";" in texto.split("\n", 1)[0] else ","))
    return next(f for f in filas if f[0] == str(ot))[filas[0].index(columna)]


def _en(dias=0, anios=0) -> dt.datetime:
    """Hoy (en Bolivia) más `dias` o `anios`, a las 08:00."""
    hoy = hoy_bolivia()
    dia = hoy.replace(year=hoy.year + anios, day=min(hoy.day, 28)) if anios else hoy
    return dt.datetime.combine(dia + dt.timedelta(days=dias), dt.time(8, 0))


@dataclass(frozen=True)
class Caso:
    escribir: Callable[[list[Orden]], bytes]
    nombre: str
    cambios: tuple            # ((índice en BASE, {campo: valor}), …)
    esperado: tuple           # ((índice, columna, año), …)
    hoja: str | None = None
    primera_fila: int = 2


CASOS = {
    # RR: 55 → 1955 (antes de 2000) y 49 → 2049 (futuro, en la columna TIMESTAMP): las dos a la vez
    "rr_55_y_49_a_la_vez": Caso(
        osf.sql_developer_csv, "osf.csv",
        ((PENDIENTE, {"creada": dt.datetime(1955, 1, 1, 8)}), (CERRADA, {"legalizada": dt.datetime(2049, 1, 1, 10)})),
        ((PENDIENTE, "CREATED_DATE", "1955"), (CERRADA, "LEGALIZATION_DATE", "2049"))),
    "anio_0026": Caso(osf.estados_en_texto_csv, "reporte.csv", ((PENDIENTE, {"creada": dt.datetime(26, 7, 1, 9)}),),
                      ((PENDIENTE, "Fecha Registro", "0026"),)),
    "anio_2206_dd_mon_yyyy": Caso(osf.toad_csv, "toad.csv", ((CERRADA, {"legalizada": dt.datetime(2206, 8, 3)}),),
                                  ((CERRADA, "FECHA_LEGALIZACION", "2206"),)),
    # ISO con año 0026, un registro a tres días de hoy, un plazo a seis años: los tres a la vez
    "cruda_iso_0026_futuro_y_plazo": Caso(
        osf.tabla_cruda_csv, "or_order.csv",
        ((PENDIENTE, {"creada": dt.datetime(26, 7, 1, 9)}), (OTRA_PENDIENTE, {"creada": _en(dias=3)}),
         (TERCERA_PENDIENTE, {"limite": _en(anios=6)})),
        ((PENDIENTE, "CREATED_DATE", "0026"), (OTRA_PENDIENTE, "CREATED_DATE", str(_en(dias=3).year)),
         (TERCERA_PENDIENTE, "MAX_DATE_TO_LEGALIZE", str(_en(anios=6).year)))),
    "trunc_99_es_1999": Caso(osf.alias_a_mano_csv, "a_mano.csv",
                             ((CERRADA, {"legalizada": dt.datetime(1999, 12, 31)}),),
                             ((CERRADA, "TRUNC(A.LEGALIZATION_DATE)", "1999"),)),
    "limite_rr_49": Caso(lambda lista: osf.tabla_cruda_csv(lista, fechas="rr"), "or_order.csv",
                         ((OTRA_PENDIENTE, {"limite": dt.datetime(2049, 1, 1)}),),
                         ((OTRA_PENDIENTE, "MAX_DATE_TO_LEGALIZE", "2049"),)),
    # una fecha real de 1955 y un texto «01/01/55» (RR → 1955), con «SQL Statement» como primera hoja
    "xlsx_fecha_real_y_texto_rr_1955": Caso(
        lambda lista: osf.sql_developer_xlsx(lista, consulta_primero=True), "osf.xlsx",
        ((PENDIENTE, {"creada": dt.datetime(1955, 1, 1, 8)}), (CERRADA, {"legalizada": "01/01/55"})),
        ((PENDIENTE, "CREATED_DATE", "1955"), (CERRADA, "LEGALIZATION_DATE", "1955")), hoja="SQL Results"),
    "xls_fecha_real_2206": Caso(
        osf.xls_97, "reporte.xls", ((CERRADA, {"legalizada": dt.datetime(2206, 3, 15, 10)}),),
        ((CERRADA, "Fecha Legalización", "2206"),), hoja=osf.XLS_HOJA, primera_fila=osf.XLS_PRIMERA_FILA),
}


@pytest.mark.parametrize("caso", list(CASOS))
def test_fecha_inverosimil_se_rechaza_con_su_lugar(con_base, caso):
    c = CASOS[caso]
    lista = list(BASE)
    for i, campos in c.cambios:
        lista[i] = dataclasses.replace(lista[i], **campos)
    contenido = c.escribir(lista)
    antes = foto(con_base)
    res = importar_archivo(con_base, contenido, c.nombre, usuario=SISTEMA)
    assert res.problemas and res.importacion_id is None
    assert foto(con_base) == antes, "un archivo rechazado no debe escribir nada"
    fila = (lambda i: c.primera_fila + i) if c.hoja else (lambda i: linea_de(contenido, BASE[i].ot))
    esperado = sorted((fila(i), columna) for i, columna, _ in c.esperado)
    assert [(p.fila, p.columna) for p in res.problemas] == esperado, texto_problemas(res)
    texto, faltas = texto_problemas(res), []
    for (i, columna, anio), p in zip(sorted(c.esperado, key=lambda e: fila(e[0])), res.problemas):
        if f"año {anio}" not in p.problema:
            faltas.append(f"fila {p.fila}: sin «año {anio}» en «{p.problema}»")
        donde = f"hoja «{c.hoja}», fila {fila(i)}" if c.hoja else f"línea {fila(i)}"
        if donde not in texto:
            faltas.append(f"texto_problemas sin «{donde}»")
        # el valor como está en el archivo (lo que se busca en el editor); puede ir con su lectura al lado
        if not c.hoja and celda(contenido, BASE[i].ot, columna) not in (p.valor or ""):
            faltas.append(f"fila {p.fila}: valor «{p.valor}», en el archivo «{celda(contenido, BASE[i].ot, columna)}»")
    if c.hoja and "línea" in texto:
        faltas.append("un libro no tiene líneas")
    assert not faltas, "\n".join(faltas) + "\n" + texto


def test_fechas_plausibles_se_aceptan(con):
    """Mañana se acepta; un plazo (fecha límite) puede estar en el futuro, hasta cinco años; RR: 30 → 2030."""
    manana = dt.datetime.combine(hoy_bolivia() + dt.timedelta(days=1), dt.time())
    lista = [dataclasses.replace(A_MANO[2], creada=manana, limite=_en(anios=4)),
             dataclasses.replace(A_MANO[4], limite=dt.datetime(2030, 1, 1)),
             dataclasses.replace(A_MANO[6], creada=dt.datetime(2000, 1, 1, 0, 0))]
    res = importar_archivo(con, osf.tabla_cruda_csv(lista, fechas="rr"), "or_order.csv", usuario=SISTEMA)
    assert not res.problemas, texto_problemas(res)
    assert con.execute("SELECT ot, fecha_registro, fecha_limite FROM ordenes ORDER BY ot").fetchall() == [
        (7003, manana, a_precision(_en(anios=4), "dia")),
        (7005, dt.datetime(2026, 10, 20), dt.datetime(2030, 1, 1)),
        (7007, dt.datetime(2000, 1, 1), None),
    ]
