"""KPI mensual (consultas/kpi_mensual.sql): reglas de DISENO §4, filtros y línea de comandos."""
from __future__ import annotations

import datetime as dt
import json
import os

import pandas as pd
import pytest

import consultas
from datos import formato, meses
from consultas import kpi
from tests.ayudas import correr_proceso, insertar_orden

OCT = dt.date(2026, 10, 1)


def ordenes(con, mes=OCT, zona=None, unidad=None, actividad=52137, **por_estado):
    """Inserta n órdenes por estado registradas el día 5 del mes: ordenes(con, ATENDIDO=48, ANULADO=1)."""
    for estado, n in por_estado.items():
        for _ in range(n):
            insertar_orden(con, estado=estado, registro=dt.datetime(mes.year, mes.month, 5, 9, 0),
                           zona=zona, unidad_operativa=unidad, actividad=actividad)


def fila_del_mes(con, mes=OCT, **filtros):
    df = kpi.kpi_mensual(con, mes, mes, **filtros)
    assert list(df.mes) == [mes]
    return df.iloc[0]


@pytest.mark.parametrize("por_estado, total, centesimas, texto, estado, preliminar", [
    ({"ATENDIDO": 49, "ANULADO": 1}, 50, 9800, "98,00 %", "APROBADO", False),
    ({"ATENDIDO": 48, "ANULADO": 1}, 49, 9795, "97,95 %", "OBSERVADO", False),
    ({"ATENDIDO": 147, "REGISTRADO": 2, "ANULADO": 1}, 150, 9800, "98,00 %", "APROBADO", True),
    ({"ATENDIDO": 146, "REGISTRADO": 4}, 150, 9733, "97,33 %", "OBSERVADO", True),
    ({"REGISTRADO": 7}, 7, 0, "0,00 %", "OBSERVADO", True),
    ({"ATENDIDO": 12}, 12, 10000, "100,00 %", "APROBADO", False),
])
def test_veredicto_y_porcentaje_truncado(con, por_estado, total, centesimas, texto, estado, preliminar):
    ordenes(con, **por_estado)
    f = fila_del_mes(con)
    assert (f.total, f.atendidos, f.registrados, f.anulados) == (
        total, por_estado.get("ATENDIDO", 0), por_estado.get("REGISTRADO", 0), por_estado.get("ANULADO", 0))
    assert f.centesimas == centesimas
    assert f.porcentaje == pytest.approx(centesimas / 100, abs=1e-9)
    assert formato.texto_porcentaje(int(f.centesimas)) == texto
    assert f.estado == estado
    assert bool(f.preliminar) is preliminar
    assert f.umbral == 98


def test_mes_sin_ordenes_es_sin_tramites_y_queda_en_la_serie(con):
    ordenes(con, mes=dt.date(2026, 8, 1), ATENDIDO=3)
    ordenes(con, mes=OCT, ATENDIDO=2, ANULADO=1)
    df = kpi.kpi_mensual(con)
    assert list(df.mes) == [dt.date(2026, 8, 1), dt.date(2026, 9, 1), OCT]
    septiembre = df.iloc[1]
    assert (septiembre.total, septiembre.atendidos, septiembre.estado) == (0, 0, "SIN_TRAMITES")
    assert pd.isna(septiembre.centesimas)
    assert df.porcentaje.isna().tolist() == [False, True, False]
    assert not septiembre.preliminar
    assert list(df.estado) == ["APROBADO", "SIN_TRAMITES", "OBSERVADO"]


def test_rango_explicito_sin_datos(con):
    df = kpi.kpi_mensual(con, dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    assert list(df.mes) == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    assert set(df.estado) == {"SIN_TRAMITES"}
    assert kpi.kpi_mensual(con).empty


def test_rango_con_un_solo_extremo(con):
    ordenes(con, mes=dt.date(2026, 6, 1), ATENDIDO=1)
    ordenes(con, mes=OCT, ATENDIDO=1)
    assert list(kpi.kpi_mensual(con, desde=dt.date(2026, 9, 1)).mes) == [dt.date(2026, 9, 1), OCT]
    assert list(kpi.kpi_mensual(con, hasta=dt.date(2026, 7, 1)).mes) == [dt.date(2026, 6, 1), dt.date(2026, 7, 1)]
    # Un extremo más allá de los datos extiende la serie hasta él.
    assert list(kpi.kpi_mensual(con, desde=dt.date(2026, 12, 1)).mes) == [dt.date(2026, 12, 1)]


def test_cohorte_por_mes_de_registro(con):
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 9, 30, 23, 59, 59),
                   fecha_atencion=dt.datetime(2026, 10, 2))
    insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 1, 0, 0))
    df = kpi.kpi_mensual(con)
    assert [(m.month, t, a) for m, t, a in zip(df.mes, df.total, df.atendidos)] == [(9, 1, 1), (10, 1, 0)]


def test_otras_actividades_no_cuentan(con):
    ordenes(con, ATENDIDO=49, ANULADO=1)
    ordenes(con, actividad=4321, ANULADO=30)
    assert fila_del_mes(con).total == 50


def test_umbral_y_actividades_son_ajustes_de_la_base(con):
    ordenes(con, ATENDIDO=48, ANULADO=2)  # 96 %
    ordenes(con, actividad=7777, ATENDIDO=1)
    assert fila_del_mes(con).estado == "OBSERVADO"
    con.execute("UPDATE ajustes SET valor = '95' WHERE clave = 'umbral_kpi'")
    con.execute("INSERT INTO actividades_poste VALUES (7777, 'Otra actividad de poste')")
    f = fila_del_mes(con)
    assert (f.estado, f.umbral, f.total) == ("APROBADO", 95, 51)


def test_filtros_por_zona_unidad_y_actividad(con):
    ordenes(con, zona="Norte", unidad="Cuadrilla 1", ATENDIDO=10)
    ordenes(con, zona="Sur", unidad="Cuadrilla 1", actividad=8074, ATENDIDO=3, ANULADO=1)
    ordenes(con, zona="Sur", unidad="Cuadrilla 2", REGISTRADO=2)
    assert fila_del_mes(con).total == 16
    assert fila_del_mes(con, zonas=["Norte"]).total == 10
    assert fila_del_mes(con, zonas=["Norte", "Sur"]).total == 16
    assert fila_del_mes(con, unidades=["Cuadrilla 2"]).registrados == 2
    sur_8074 = fila_del_mes(con, zonas=["Sur"], actividades=[8074])
    assert (sur_8074.total, sur_8074.atendidos, sur_8074.anulados) == (4, 3, 1)
    assert fila_del_mes(con, actividades=[52137]).total == 12
    # Una actividad que no es de poste no abre la puerta a otras órdenes.
    assert fila_del_mes(con, actividades=[4321]).total == 0
    # Lista vacía = todas (como un multiselect sin elegir nada).
    assert fila_del_mes(con, zonas=[]).total == 16


@pytest.mark.parametrize("valor", ["' OR 1=1 --", "Norte' OR '1'='1", "%", "Norte; DROP TABLE ordenes; --"])
def test_filtro_con_aspecto_de_inyeccion_no_devuelve_nada(con, valor):
    ordenes(con, zona="Norte", unidad="Cuadrilla 1", ATENDIDO=10)
    assert fila_del_mes(con, zonas=[valor]).total == 0
    assert fila_del_mes(con, unidades=[valor]).total == 0
    assert fila_del_mes(con).total == 10


def test_tipos_de_columnas_del_contrato(con):
    ordenes(con, ATENDIDO=1)
    descripcion = con.execute("DESCRIBE " + consultas.sql("kpi_mensual"), {
        "desde": None, "hasta": None, "actividades": None, "zonas": None, "unidades": None}).fetchall()
    assert [(c[0], c[1]) for c in descripcion] == [
        ("mes", "DATE"), ("total", "BIGINT"), ("atendidos", "BIGINT"), ("registrados", "BIGINT"),
        ("anulados", "BIGINT"), ("ot_total", "BIGINT"), ("ot_atendidos", "BIGINT"), ("ot_registrados", "BIGINT"),
        ("ot_anulados", "BIGINT"), ("centesimas", "INTEGER"), ("porcentaje", "DECIMAL(5,2)"),
        ("estado", "VARCHAR"), ("preliminar", "BOOLEAN"), ("umbral", "INTEGER")]


def test_ordenes_del_mes_respeta_filtros_y_limite(con):
    ordenes(con, zona="Norte", ATENDIDO=5, REGISTRADO=2)
    ordenes(con, zona="Sur", ANULADO=1)
    ordenes(con, mes=dt.date(2026, 9, 1), zona="Norte", REGISTRADO=1)
    lista = kpi.ordenes_del_mes(con, OCT, zonas=["Norte"], limite=3)
    assert list(lista.estado) == ["REGISTRADO", "REGISTRADO", "ATENDIDO"]
    assert len(kpi.ordenes_del_mes(con, OCT)) == 8
    assert kpi.ordenes_del_mes(con, OCT, zonas=["' OR 1=1 --"]).empty


def test_leer_y_escribir_meses():
    assert meses.leer_mes("2026-10") == OCT == meses.leer_mes(dt.datetime(2026, 10, 17, 9)) == \
        meses.leer_mes(pd.Timestamp("2026-10-31"))
    assert meses.mes_como_texto(OCT) == "2026-10"
    assert meses.nombre_mes(OCT) == "octubre 2026" and meses.nombre_mes_corto(OCT) == "oct. 2026"
    assert meses.mes_anterior(dt.date(2026, 1, 1)) == dt.date(2025, 12, 1)
    assert meses.mes_siguiente(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert meses.sumar_meses(OCT, -11) == dt.date(2025, 11, 1) and meses.sumar_meses(OCT, 15) == dt.date(2028, 1, 1)
    assert [meses.ultimo_dia(dt.date(a, m, 1)).day for a, m in ((2026, 2), (2028, 2), (2026, 12), (2026, 4))] == \
        [28, 29, 31, 30]
    assert meses.meses_entre(dt.date(2025, 11, 1), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    for malo in ("2026-13", "10/2026", "2026-1x", "", None):
        with pytest.raises(ValueError, match="AAAA-MM"):
            meses.leer_mes(malo)


# --- línea de comandos ---------------------------------------------------------------------

def cli_proceso(*args):
    """`python -m consultas kpi ARGS…` de verdad, sin SEGUIMIENTO_DB (la única corrida en otro proceso aquí)."""
    entorno = {k: v for k, v in os.environ.items() if k != "SEGUIMIENTO_DB"}
    return correr_proceso("consultas", "kpi", *args, env=entorno)


@pytest.fixture
def cli(en_proceso, monkeypatch):
    """`python -m consultas kpi ARGS…` en este proceso; con SEGUIMIENTO_DB sólo si se pide (env_db)."""
    from cli.programas import consultas as main

    def correr(*args, env_db=None):
        if env_db:
            monkeypatch.setenv("SEGUIMIENTO_DB", str(env_db))
        else:
            monkeypatch.delenv("SEGUIMIENTO_DB", raising=False)
        return en_proceso(main, "kpi", *args)
    return correr


def test_cli_imprime_el_json_del_contrato(con, ruta_db, cli):
    ordenes(con, mes=dt.date(2026, 8, 1), ATENDIDO=48, ANULADO=1)
    ordenes(con, mes=OCT, ATENDIDO=49, REGISTRADO=1)
    con.close()
    r = cli_proceso("--db", str(ruta_db))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [
        {"mes": "2026-08", "total": 49, "atendidos": 48, "registrados": 0, "anulados": 1,
         "ot_total": 49, "ot_atendidos": 48, "ot_registrados": 0, "ot_anulados": 1, "porcentaje": 97.95, "estado": "OBSERVADO", "preliminar": False},
        {"mes": "2026-09", "total": 0, "atendidos": 0, "registrados": 0, "anulados": 0,
         "ot_total": 0, "ot_atendidos": 0, "ot_registrados": 0, "ot_anulados": 0, "porcentaje": None, "estado": "SIN_TRAMITES", "preliminar": False},
        {"mes": "2026-10", "total": 50, "atendidos": 49, "registrados": 1, "anulados": 0,
         "ot_total": 50, "ot_atendidos": 49, "ot_registrados": 1, "ot_anulados": 0, "porcentaje": 98.0, "estado": "APROBADO", "preliminar": True},
    ]
    r = cli("--desde", "2026-09", "--hasta", "2026-11", env_db=ruta_db)
    assert r.returncode == 0, r.stderr
    assert [m["mes"] for m in json.loads(r.stdout)] == ["2026-09", "2026-10", "2026-11"]


@pytest.mark.parametrize("args, codigo, mensaje", [
    (["--desde", "2026-13"], 2, "no es un mes válido"),
    (["--hasta", "oct-2026"], 2, "no es un mes válido"),
    (["--desde", "2026-10", "--hasta", "2026-01"], 2, "posterior"),
    (["--otra"], 2, "argumentos no válidos"),
])
def test_cli_argumentos_malos(con, ruta_db, args, codigo, mensaje, cli):
    con.close()
    r = cli("--db", str(ruta_db), *args)
    assert r.returncode == codigo
    assert mensaje in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_cli_base_inexistente_no_se_crea(tmp_path, cli):
    ruta = tmp_path / "no_existe.duckdb"
    r = cli("--db", str(ruta))
    assert r.returncode == 1
    assert "no existe la base de datos" in r.stderr and "Traceback" not in r.stderr
    assert not ruta.exists()


def test_cli_archivo_que_no_es_base(tmp_path, cli):
    ruta = tmp_path / "texto.duckdb"
    ruta.write_text("no soy una base")
    r = cli("--db", str(ruta))
    assert r.returncode == 1
    assert "no se pudo abrir" in r.stderr and "Traceback" not in r.stderr


# --- las muestras compartidas, de punta a punta: importador → KPI ---------------------------

MUESTRAS_KPI = ["ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv"]


def test_muestras_dan_el_kpi_esperado(con, muestra):
    importar = pytest.importorskip("datos.importar")
    from tests.ayudas import MUESTRAS, SISTEMA

    esperado = list(json.loads((MUESTRAS / "kpi_esperado.json").read_text(encoding="utf-8")).values())
    campos = ("total", "atendidos", "registrados", "anulados", "estado")

    def obtenido():
        return {f["mes"]: {k: f[k] for k in campos} for f in kpi.como_json(kpi.kpi_mensual(con))}

    for nombre in MUESTRAS_KPI:
        assert importar.importar_archivo(con, muestra(nombre), usuario=SISTEMA).problemas == [], nombre
    assert obtenido() == {m: {k: v[k] for k in campos} for m, v in esperado[0].items()}
    assert importar.importar_archivo(con, muestra("ordenes_osf_2026_s2_actualizado.csv"),
                                     usuario=SISTEMA).problemas == []
    assert obtenido() == {m: {k: v[k] for k in campos} for m, v in esperado[1].items()}


# --- Unidades operativas por clave y causal de fallo ----------------------------------------------------------

def test_filtro_de_unidad_por_codigo_o_por_nombre_en_cualquier_ortografia(con):
    for nombre, codigo, n in (("Cuadrilla 1", None, 2), ("CUADRILLA  1 ", None, 1), ("Cuadrilla Norte", 10, 2),
                              ("Cuadrilla Nte.", 10, 1), (None, 10, 1), ("Cuadrilla 2", 20, 4)):
        for _ in range(n):
            insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 5), unidad_operativa=nombre,
                           unidad_codigo=codigo)
    assert fila_del_mes(con, unidades=["cuadrilla 1"]).total == 3        # clave sin código: el nombre normalizado
    assert fila_del_mes(con, unidades=["Cuadrilla 1"]).total == 3        # el nombre, como lo escribe una persona
    assert fila_del_mes(con, unidades=["10"]).total == 4                 # clave con código: todos sus nombres
    assert fila_del_mes(con, unidades=["Cuadrilla Nte."]).total == 1     # por nombre, sólo esa ortografía
    assert fila_del_mes(con, unidades=["10", "cuadrilla 1"]).total == 7
    assert fila_del_mes(con).total == 11
    assert len(kpi.ordenes_del_mes(con, OCT, unidades=["10"])) == 4
    assert len(kpi.ordenes_del_mes(con, OCT, unidades=["cuadrilla  1"])) == 3


def test_opciones_una_unidad_por_clave_con_su_ortografia_mas_usada(con):
    for nombre, codigo, n in (("Cuadrilla 1", None, 1), ("CUADRILLA 1", None, 2), ("Cuadrilla 1", 11, 1),
                              ("cuadrilla 1", 13, 1), ("Cuadrilla Norte", 10, 2), ("Cuadrilla Nte.", 10, 1),
                              ("CUADRILLA NORTE", None, 3), (None, 12, 1)):
        for _ in range(n):
            insertar_orden(con, unidad_operativa=nombre, unidad_codigo=codigo)
    op = kpi.opciones(con)
    # «CUADRILLA NORTE» sin código es el nombre de un solo código (10): una opción, la ortografía más usada de las
    # dos juntas. «Cuadrilla 1» es el de dos (11 y 13): queda aparte, y las que tienen código lo llevan entre
    # paréntesis.
    assert op["unidades_por_clave"] == {"cuadrilla 1": "CUADRILLA 1", "11": "Cuadrilla 1 (11)",
                                        "13": "cuadrilla 1 (13)", "10": "CUADRILLA NORTE", "12": "Unidad 12"}
    assert op["unidades"] == ["CUADRILLA 1", "CUADRILLA NORTE", "Cuadrilla 1", "Unidad 12", "cuadrilla 1"]


def test_filtro_por_la_clave_de_un_codigo_elige_tambien_su_nombre_sin_codigo(con):
    for nombre, codigo, n in (("GESTIÓN REDES", 3021, 2), ("Gestion Redes", None, 3), ("Cuadrilla 1", 11, 1),
                              ("Cuadrilla 1", 13, 4), ("CUADRILLA 1", None, 5)):
        for _ in range(n):
            insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 5), unidad_operativa=nombre,
                           unidad_codigo=codigo)
    assert fila_del_mes(con, unidades=["3021"]).total == 5           # las dos ortografías
    assert len(kpi.ordenes_del_mes(con, OCT, unidades=["3021"])) == 5
    assert fila_del_mes(con, unidades=["11"]).total == 1             # «CUADRILLA 1» es de dos códigos: de ninguno
    assert fila_del_mes(con, unidades=["13"]).total == 4


def test_legalizadas_con_causal_de_fallo_no_cambian_el_kpi(con):
    ordenes(con, ATENDIDO=47, ANULADO=1)
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 5), causal_clase=2, zona="Sur")
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 5), causal_codigo=3409, causal_clase=None)
    insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 5), causal_clase=2)  # no es atendida
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 9, 5), causal_clase=2)   # otro mes
    assert kpi.legalizadas_con_causal_fallo(con, OCT) == 1
    con.execute("INSERT INTO causales_fallo VALUES (3409, 'Cliente ausente')")
    assert kpi.legalizadas_con_causal_fallo(con, OCT) == 2
    assert kpi.legalizadas_con_causal_fallo(con, OCT, zonas=["Sur"]) == 1
    f = fila_del_mes(con)
    assert (f.total, f.atendidos, f.centesimas, f.estado) == (51, 49, 9607, "OBSERVADO")  # atendidos ÷ total
