"""Página Semáforo (AppTest) sobre una base conocida."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ayudas import ADMIN, ATENCION, JEFATURA, copiar_plantilla, insertar_orden, leido
from datos import conexion

RAIZ = Path(__file__).resolve().parent.parent
SEP, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 1)


def ordenes(con, mes, zona="Norte", **por_estado):
    for estado, n in por_estado.items():
        for _ in range(n):
            insertar_orden(con, estado=estado, registro=dt.datetime(mes.year, mes.month, 10, 8, 30),
                           zona=zona, unidad_operativa="Cuadrilla 1")


@pytest.fixture(scope="module")
def base_preparada(tmp_path_factory, plantilla_migrada) -> Path:
    """La base de `base`, armada una vez en este módulo: copiarla cuesta menos que insertar sus 105 órdenes."""
    ruta = copiar_plantilla(plantilla_migrada, tmp_path_factory.mktemp("semaforo") / "seguimiento.duckdb")
    con = conexion.conectar(ruta)
    ordenes(con, dt.date(2026, 7, 1), ATENDIDO=5)
    ordenes(con, SEP, ATENDIDO=49, REGISTRADO=1)
    ordenes(con, OCT, ATENDIDO=40)
    ordenes(con, OCT, zona="Sur", ATENDIDO=8, ANULADO=1)
    insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 3), actividad=4321)  # no es de poste
    con.close()
    return ruta


@pytest.fixture
def base(ruta_db, base_preparada):
    """Julio 100 %, agosto sin trámites, septiembre 49/50 con una pendiente, octubre 48/49: una copia propia en ruta_db,
    cerrada (la página abre la base por su cuenta, con otra configuración de acceso)."""
    copiar_plantilla(base_preparada, ruta_db)


def pagina(usuario=ATENCION) -> AppTest:
    at = AppTest.from_file(str(RAIZ / "paginas" / "semaforo.py"), default_timeout=60)
    if usuario:
        at.session_state["usuario"] = usuario
    return at.run()


def veredicto(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## "))


def kpi_del_mes(at):
    return next(m for m in at.metric if m.label.startswith("KPI de "))


def conteos(at) -> dict:
    return {m.label: m.value for m in at.metric if not m.label.startswith("KPI de ")}


def test_muestra_el_ultimo_mes_observado_con_porcentaje_truncado(base):
    at = pagina()
    assert not at.exception
    assert "OBSERVADO" in veredicto(at) and ":red[" in veredicto(at)
    metrica = kpi_del_mes(at)
    assert metrica.label == "KPI de octubre 2026"
    assert metrica.value == "97,95 %"
    assert metrica.delta == "-0,05 pp"  # 97,95 frente a 98,00 de septiembre
    assert conteos(at) == {"Total trámites": "49", "Atendidos": "48", "Registrados": "0", "Anulados": "1"}
    assert not any("Preliminar" in m.value for m in at.markdown)
    assert at.session_state["mes_seleccionado"] == OCT


def test_elegir_otro_mes(base):
    at = pagina()
    at.selectbox[0].set_value(SEP).run()
    assert "APROBADO" in veredicto(at) and ":green[" in veredicto(at)
    assert kpi_del_mes(at).value == "98,00 %"
    assert kpi_del_mes(at).delta is None or kpi_del_mes(at).delta == ""  # agosto no tiene KPI
    assert any("Preliminar" in m.value for m in at.markdown)
    assert at.session_state["mes_seleccionado"] == SEP
    at.selectbox[0].set_value(dt.date(2026, 8, 1)).run()
    assert "Sin trámites" in veredicto(at)
    assert kpi_del_mes(at).value == "—"
    assert conteos(at)["Total trámites"] == "0"


def test_mes_de_la_sesion_es_el_preferido(base):
    at = AppTest.from_file(str(RAIZ / "paginas" / "semaforo.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.session_state["mes_seleccionado"] = dt.date(2026, 7, 1)
    at.run()
    assert kpi_del_mes(at).label == "KPI de julio 2026"
    assert kpi_del_mes(at).value == "100,00 %"


def test_filtro_de_zona(base):
    at = pagina()
    at.multiselect(key="zonas").set_value(["Sur"]).run()
    assert not at.exception
    assert conteos(at) == {"Total trámites": "9", "Atendidos": "8", "Registrados": "0", "Anulados": "1"}
    assert kpi_del_mes(at).value == "88,88 %"
    at.multiselect(key="zonas").set_value(["Norte"]).run()
    assert kpi_del_mes(at).value == "100,00 %"
    assert "APROBADO" in veredicto(at)


def test_tabla_mensual(base):
    at = pagina()
    tabla = at.dataframe[-1].value
    # el KPI y el veredicto primero: en un teléfono se ven sin desplazar la tabla
    assert list(tabla.columns) == ["Mes", "KPI", "Resultado", "Total", "OT", "Atendidos", "Registrados", "Anulados",
                                   "Preliminar"]
    assert list(tabla["Mes"]) == ["octubre 2026", "septiembre 2026", "agosto 2026", "julio 2026"]
    assert list(tabla["Total"]) == ["49", "50", "0", "5"]
    assert list(tabla["KPI"]) == ["97,95 %", "98,00 %", "—", "100,00 %"]
    assert list(tabla["Resultado"]) == ["🔴 OBSERVADO", "🟢 APROBADO", "⚪ Sin trámites", "🟢 APROBADO"]
    assert list(tabla["Preliminar"]) == ["", "Sí", "", ""]


def test_lista_de_ordenes_del_mes_solo_al_abrirla(base):
    at = pagina()
    assert len(at.dataframe) == 1  # sólo la tabla mensual: la lista no se consulta cerrada
    at.session_state["lista_ordenes"] = True  # abrir el desplegable
    at.run()
    lista = at.dataframe[0].value
    assert len(lista) == 49
    assert lista["Estado"].iloc[0] == "ANULADO"  # lo que requiere atención, primero
    assert "4321" not in set(lista["Actividad"])
    assert set(lista["Zona"]) == {"Norte", "Sur"}


def test_botones_a_las_bandejas_segun_el_rol(base):
    at = pagina()
    assert [b.label for b in at.button] == ["Registrados (0)", "Anulados (1)", "Atendidos (48)"]
    # la jefatura lee las bandejas (sin escribir: tests/test_paginas_bandejas.py); el administrador no las abre
    assert [b.label for b in pagina(JEFATURA).button] == ["Registrados (0)", "Anulados (1)", "Atendidos (48)"]
    assert not pagina(ADMIN).button


def test_un_clic_lleva_a_la_bandeja_del_mes(base):
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.run()
    assert [t.value for t in at.title] == ["Semáforo del KPI"]
    at.selectbox[0].set_value(SEP).run()
    at.button(key="ir_REGISTRADO").click().run()
    assert "Semáforo del KPI" not in [t.value for t in at.title]
    assert at.session_state["mes_seleccionado"] == SEP


def test_base_sin_ordenes(ruta_db):
    at = pagina()
    assert not at.exception
    assert any("Todavía no hay órdenes" in i.value for i in at.info)
    assert not at.metric


def test_grafico_de_tendencia_con_meta_y_colores_por_veredicto(base):
    at = pagina()
    (grafico,) = at.get("plotly_chart")
    figura = json.loads(grafico.proto.spec)
    puntos = {t["name"]: list(zip(t["x"], t["y"])) for t in figura["data"] if t.get("mode") == "markers"}
    assert puntos["APROBADO"] == [("jul. 2026", 100.0), ("sep. 2026", 98.0)]
    assert puntos["OBSERVADO"] == [("oct. 2026", 97.95)]
    assert [x for x, _ in puntos["Sin trámites"]] == ["ago. 2026"]
    meta = figura["layout"]["shapes"][0]
    assert (meta["y0"], meta["y1"]) == (98, 98)
    assert figura["layout"]["annotations"][0]["text"] == "Meta 98 %"


def test_periodo_acota_meses_y_tabla(base):
    at = pagina()
    at.select_slider(key="periodo").set_range("2026-08", "2026-09").run()
    assert not at.exception
    assert at.selectbox[0].options == ["septiembre 2026", "agosto 2026"]
    assert kpi_del_mes(at).label == "KPI de septiembre 2026"  # octubre quedó fuera del periodo
    assert list(at.dataframe[-1].value["Mes"]) == ["septiembre 2026", "agosto 2026"]
    assert at.session_state["mes_seleccionado"] == SEP


# --- Causal de fallo junto al KPI y unidades operativas por clave --------------------------------------------

@pytest.fixture
def con_fallo(base, ruta_db):
    """Octubre de `base` (48/49) con tres atendidas legalizadas con causal de fallo: dos por la clase que trae la
    exportación y una por la lista del administrador. Una de septiembre no cuenta en octubre."""
    c = conexion.conectar(ruta_db)
    oct_atendidas = [ot for (ot,) in c.execute(
        "SELECT ot FROM ordenes WHERE estado = 'ATENDIDO' AND fecha_registro >= '2026-10-01' ORDER BY ot").fetchall()]
    c.execute("UPDATE ordenes SET causal_clase = 2 WHERE ot IN ($a, $b)",
              {"a": oct_atendidas[0], "b": oct_atendidas[1]})
    c.execute("UPDATE ordenes SET causal_codigo = 3409 WHERE ot = $a", {"a": oct_atendidas[2]})
    c.execute("INSERT INTO causales_fallo VALUES (3409, 'Cliente ausente')")
    c.execute("UPDATE ordenes SET causal_clase = 2 WHERE ot = (SELECT min(ot) FROM ordenes WHERE estado = 'ATENDIDO' "
              "AND fecha_registro BETWEEN '2026-09-01' AND '2026-09-30')")
    c.close()


def test_legalizadas_con_causal_de_fallo_junto_al_kpi_que_no_cambia(con_fallo):
    at = pagina()
    assert not at.exception
    assert kpi_del_mes(at).value == "97,95 %" and conteos(at)["Atendidos"] == "48"  # el KPI del procedimiento
    boton = at.button(key="ir_causal_fallo")
    assert boton.label == "3 legalizadas con causal de fallo"
    at.selectbox[0].set_value(SEP).run()
    assert at.button(key="ir_causal_fallo").label == "1 legalizada con causal de fallo"
    at.selectbox[0].set_value(dt.date(2026, 7, 1)).run()
    assert "ir_causal_fallo" not in [b.key for b in at.button]  # ninguna en julio: nada que mostrar


def test_causal_de_fallo_respeta_los_filtros(con_fallo):
    at = pagina()
    at.multiselect(key="zonas").set_value(["Sur"]).run()  # las tres son del norte
    assert "ir_causal_fallo" not in [b.key for b in at.button]
    assert not any("causal de fallo" in w.value for w in at.warning)


def test_causal_de_fallo_lleva_a_atendidos(con_fallo):
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.run()
    at.button(key="ir_causal_fallo").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Atendidos"]
    assert at.session_state["mes_seleccionado"] == OCT
    assert list(at.dataframe[0].value["Alerta"])[:3] == ["⚠️ Legalizada con causal de fallo"] * 3


def test_sin_bandejas_se_ve_el_aviso_sin_boton(con_fallo):
    at = pagina(ADMIN)
    assert not at.button
    assert any(w.value.startswith("**3 legalizadas con causal de fallo**") for w in at.warning)
    assert "3 legalizadas con causal de fallo" in [b.label for b in pagina(JEFATURA).button]


@pytest.fixture
def unidades(con):
    """Octubre: «Cuadrilla 1» sin código en dos ortografías (3 órdenes) y la unidad 10 con dos nombres (3)."""
    for nombre, codigo, n in (("Cuadrilla 1", None, 2), ("CUADRILLA  1 ", None, 1),
                              ("Cuadrilla Norte", 10, 2), ("Cuadrilla Nte.", 10, 1)):
        for _ in range(n):
            insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 10), zona="Norte",
                           unidad_operativa=nombre, unidad_codigo=codigo)
    insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 10), zona="Norte",
                   unidad_operativa="Cuadrilla Sur", unidad_codigo=20)
    con.close()


def test_unidad_operativa_una_opcion_por_codigo_o_por_nombre(unidades):
    at = pagina()
    filtro = at.multiselect(key="unidades")
    assert filtro.options == ["Cuadrilla 1", "Cuadrilla Norte", "Cuadrilla Sur"]
    filtro.set_value(["cuadrilla 1"]).run()  # clave de la unidad sin código: su nombre normalizado
    assert conteos(at)["Total trámites"] == "3"
    at.multiselect(key="unidades").set_value(["10"]).run()  # clave de la unidad con código
    assert conteos(at)["Total trámites"] == "3"
    at.multiselect(key="unidades").set_value(["10", "20"]).run()
    assert conteos(at) == {"Total trámites": "4", "Atendidos": "3", "Registrados": "0", "Anulados": "1"}


def test_un_filtro_dice_lo_que_deja_afuera(con):
    """Octubre con 26 órdenes sin zona (como las de OSF): filtrar por zona no es «un mes sin trámites»."""
    for i in range(26):
        insertar_orden(con, estado="ATENDIDO" if i < 24 else "REGISTRADO", registro=dt.datetime(2026, 10, 5))
    insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 9, 5), zona="Norte")
    con.close()
    at = pagina()
    assert not [c for c in at.caption if "Filtros activos" in c.value]
    at.multiselect(key="zonas").select("Norte").run()
    assert not at.exception
    assert any(leido(c.value) == "🔎 Filtros activos: Zona: Norte" for c in at.caption)
    assert any("26 de las 26 órdenes de octubre 2026 quedan fuera del filtro" in i.value for i in at.info)
    assert not any("No hay trámites de movimiento de poste registrados este mes" in c.value for c in at.caption)
    assert any("Ningún trámite del mes pasa los filtros" in c.value for c in at.caption)
