"""Los filtros del Semáforo viajan a la bandeja que abre un botón (issue 14, punto 3): el botón «Atendidos (8)» abre
una bandeja con 8 atendidas, que muestra los filtros y deja quitarlos."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ayudas import ATENCION, insertar_orden, leido
from consultas import consultar, kpi

RAIZ = Path(__file__).resolve().parent.parent
OCT = dt.date(2026, 10, 1)
HOY = dt.date(2026, 11, 20)


def ordenes(con, zona, unidad, actividad=52137, codigo=None, **por_estado):
    for estado, n in por_estado.items():
        for i in range(n):
            registro = dt.datetime(2026, 10, 3 + i, 9)
            insertar_orden(con, estado=estado, registro=registro, zona=zona, unidad_operativa=unidad,
                           unidad_codigo=codigo, actividad=actividad, causal="Cliente desistió",
                           fecha_atencion=registro + dt.timedelta(days=2) if estado == "ATENDIDO" else None,
                           fecha_anulacion=registro + dt.timedelta(days=1) if estado == "ANULADO" else None)


@pytest.fixture
def base(con):
    """Octubre: Norte y Sur, dos actividades, una unidad escrita de dos maneras y otra con código; y 4 sin zona."""
    ordenes(con, "Norte", "GESTIÓN REDES", ATENDIDO=3, REGISTRADO=2, ANULADO=1)
    ordenes(con, "Sur", "Gestion Redes", actividad=8074, ATENDIDO=5, REGISTRADO=1, ANULADO=2)
    ordenes(con, "Sur", "CUADRILLA 7", codigo=7, ATENDIDO=2, ANULADO=1)
    ordenes(con, None, None, ATENDIDO=4)
    return con


def cifras_de_las_bandejas(con, filtros: dict) -> dict:
    """Lo que cuenta cada consulta de bandeja de octubre con esos filtros."""
    p = {"desde": OCT, "hasta": dt.date(2026, 10, 31), "hoy": HOY, "personales": True, "limite": None,
         "desplazamiento": 0, "tramo": None, "solo_vencidas": False, "verificacion": None, "causal": None,
         "sin_medida": False, "reciente_desde": None, "dias": 7, "reemplazadas": False,
         **filtros}
    return {
        "registrados": {int(consultar(con, "bandeja_registrados_tramos", **p).ordenes.sum()),
                        len(consultar(con, "bandeja_registrados", **p))},
        "atendidos": {int(consultar(con, "bandeja_atendidos_resumen", **p).total.iloc[0]),
                      len(consultar(con, "bandeja_atendidos", **p)),
                      int(consultar(con, "bandeja_atendidos_histograma", **p).ordenes.sum())},
        "anulados": {int(consultar(con, "bandeja_anulados_causales", **p).ordenes.sum()),
                     int(consultar(con, "bandeja_anulados_resumen", **p).total.iloc[0]),
                     len(consultar(con, "bandeja_anulados", **p))},
    }


@pytest.mark.parametrize("filtros", [
    {"actividades": None, "zonas": None, "unidades": None},
    {"actividades": None, "zonas": ["Norte"], "unidades": None},
    {"actividades": [8074], "zonas": None, "unidades": None},
    {"actividades": None, "zonas": ["Sur"], "unidades": ["gestion redes"]},  # la clave: las dos ortografías
    {"actividades": None, "zonas": None, "unidades": ["7"]},                  # la clave de la unidad con código
    {"actividades": [52137], "zonas": ["Sur"], "unidades": None},             # nada pasa
], ids=["sin filtros", "zona", "actividad", "zona y unidad por nombre", "unidad por código", "ninguna"])
def test_cada_consulta_de_bandeja_cuenta_lo_mismo_que_el_kpi(base, filtros):
    (fila,) = kpi.kpi_mensual(base, OCT, OCT, **filtros).itertuples(index=False)
    assert cifras_de_las_bandejas(base, filtros) == {
        "registrados": {fila.registrados}, "atendidos": {fila.atendidos}, "anulados": {fila.anulados}}


def test_los_filtros_cambian_las_cifras(base):
    """La prueba de arriba distingue: con un filtro, cada bandeja cuenta otra cosa que sin él."""
    todas = cifras_de_las_bandejas(base, {"actividades": None, "zonas": None, "unidades": None})
    norte = cifras_de_las_bandejas(base, {"actividades": None, "zonas": ["Norte"], "unidades": None})
    assert todas == {"registrados": {3}, "atendidos": {14}, "anulados": {4}}
    assert norte == {"registrados": {2}, "atendidos": {3}, "anulados": {1}}


# ------------------------------------------------------------------ en la página (app.py, con su navegación)

def app(base) -> AppTest:
    base.close()  # la página abre la base por su cuenta
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    return at.run()


def titulo(at) -> str:
    return at.title[0].value


def metrica(at, etiqueta: str) -> str:
    return next(m.value for m in at.metric if m.label == etiqueta)


def test_el_boton_lleva_sus_filtros_a_la_bandeja_y_se_pueden_quitar(base):
    at = app(base)
    at.multiselect(key="zonas").select("Sur").run()
    assert [b.label for b in at.button if b.key and b.key.startswith("ir_")] == [
        "Registrados (1)", "Anulados (3)", "Atendidos (7)"]
    at.button(key="ir_ATENDIDO").click().run()
    assert not at.exception
    assert titulo(at) == "Atendidos"
    assert metrica(at, "Atendidas") == "7"  # lo mismo que el botón (sin el filtro serían 14)
    assert any(leido(c.value) == "🔎 Con los filtros del Semáforo: Zona: Sur" for c in at.caption)
    # 7 de las 14 del mes no son de Sur; lo dice, como el Semáforo
    assert any("7 de las 14 atendidas del periodo (octubre 2026) quedan fuera del filtro" in i.value for i in at.info)
    at.button(key="atendidos_quitar_filtros").click().run()
    assert metrica(at, "Atendidas") == "14"
    assert not any("Con los filtros del Semáforo" in c.value for c in at.caption)


def pendientes(at) -> int:
    return sum(int(m.value) for m in at.metric if m.label.endswith(" días"))  # la suma de los tramos de edad


@pytest.mark.parametrize("boton, pagina, contar, cifra", [
    ("ir_REGISTRADO", "Registrados (pendientes)", pendientes, 1),
    ("ir_ANULADO", "Anulados", lambda at: int(metrica(at, "Anuladas")), 3),
], ids=["registrados", "anulados"])
def test_registrados_y_anulados_tambien(base, boton, pagina, contar, cifra):
    at = app(base)
    at.multiselect(key="zonas").select("Sur").run()
    at.button(key=boton).click().run()
    assert not at.exception
    assert titulo(at) == pagina
    assert contar(at) == cifra


def test_volver_al_semaforo_olvida_los_filtros_llevados(base):
    at = app(base)
    at.multiselect(key="zonas").select("Sur").run()
    at.button(key="ir_ATENDIDO").click().run()
    assert metrica(at, "Atendidas") == "7"
    at.switch_page("paginas/semaforo.py").run()
    at.switch_page("paginas/atendidos.py").run()  # por el menú, no por el botón
    assert metrica(at, "Atendidas") == "14"


def test_un_filtro_de_zona_en_un_mes_sin_zona_dice_lo_que_dejo_afuera(con):
    """Como las exportaciones de OSF: 5 atendidas sin zona; el botón dice 0 y la bandeja explica por qué."""
    for dia in range(1, 6):
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, dia, 9),
                       fecha_atencion=dt.datetime(2026, 10, dia + 2, 9))
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 9, 5), zona="Norte")
    at = app(con)
    at.multiselect(key="zonas").select("Norte").run()
    at.button(key="ir_ATENDIDO").click().run()
    assert titulo(at) == "Atendidos"
    assert any("5 de las 5 atendidas del periodo (octubre 2026) quedan fuera del filtro" in i.value for i in at.info)


# ------------------------------------------------------------------ una causal con código y sin él (punto 5)

def test_una_causal_con_codigo_y_sin_el_es_una_barra_y_un_filtro(con):
    def anuladas(causal, codigo, n, mes=10):
        for _ in range(n):
            registro = dt.datetime(2026, mes, 5, 9)
            insertar_orden(con, estado="ANULADO", registro=registro, causal=causal, causal_codigo=codigo,
                           fecha_anulacion=registro)
    anuladas("CLIENTE DESISTIÓ DEL TRÁMITE", 100, 1)
    anuladas("Cliente desistió del trámite", None, 2)
    anuladas("cliente desistio del tramite", None, 1, mes=9)  # otro mes: la clave no cambia con el periodo
    anuladas("Poste caído", 7, 1)       # «Poste caído» es la descripción de dos códigos:
    anuladas("POSTE CAIDO", 8, 1)
    anuladas("poste caído", None, 3)    # sin código, queda aparte
    p = {"desde": OCT, "hasta": dt.date(2026, 10, 31), "hoy": HOY, "personales": True, "limite": None,
         "desplazamiento": 0, "actividades": None, "zonas": None, "unidades": None, "sin_medida": False,
         "reciente_desde": None, "dias": 7, "reemplazadas": False}
    pareto = consultar(con, "bandeja_anulados_causales", causal=None, **p)
    assert dict(zip(pareto.clave, zip(pareto.causal, pareto.ordenes))) == {
        "100": ("Cliente desistió del trámite", 3), "poste caido": ("poste caído", 3),
        "7": ("Poste caído (7)", 1), "8": ("POSTE CAIDO (8)", 1)}

    def causales_de(clave, **periodo):
        return sorted(consultar(con, "bandeja_anulados", **{**p, **periodo}, causal=clave).causal)
    assert causales_de("100") == ["CLIENTE DESISTIÓ DEL TRÁMITE"] + ["Cliente desistió del trámite"] * 2
    assert causales_de("100", desde=dt.date(2026, 9, 1)) == [
        "CLIENTE DESISTIÓ DEL TRÁMITE"] + ["Cliente desistió del trámite"] * 2 + ["cliente desistio del tramite"]
    assert causales_de("poste caido") == ["poste caído"] * 3
    assert causales_de("7") == ["Poste caído"]
    assert int(consultar(con, "bandeja_anulados_resumen", **p, causal="100").total.iloc[0]) == 3


# ------------------------------------------------------------------ la zona, sólo la del periodo (issue 24, punto 5)

def test_la_zona_ofrece_solo_las_del_periodo_y_dice_si_no_hay(con):
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2024, 1, 5, 9), zona="Norte")  # fuera del periodo
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 5, 9), zona="Sur")
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 6, 9))
    con.execute("CHECKPOINT")
    at = app(con)
    assert at.multiselect(key="zonas").options == ["Sur"]
    assert not any("no traen zona" in c.value for c in at.caption)


def test_un_periodo_sin_zona_lo_dice(con):
    for dia in range(1, 4):
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, dia, 9))
    at = app(con)
    assert not at.exception
    assert any(c.value == "Las exportaciones de este periodo no traen zona." for c in at.caption)
    assert at.multiselect(key="zonas_vacias").disabled
