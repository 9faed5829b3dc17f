"""OT reemplazadas (issue 21, punto 3): las bandejas siguen por OT, pero una anulada o pendiente cuyo trámite atendió
otra OT lleva la marca «reemplazada por la OT N (atendida el …)» y no pide medida ni coordinación (ni en Seguimiento
ni en la alerta diaria) salvo con «Mostrar las reemplazadas». La ficha enlaza las otras OT de su trámite.
Exportaciones del generador del proyecto (tests/osf_archivos.py), importadas por el camino normal."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from consultas import consultar
from datos import conexion
from tests.ayudas import ATENCION, RAIZ
from tests.test_tramites import CERRADA, REGISTRADA, _importar, _orden, _reemitida, reemitidas

HOY = dt.date(2026, 10, 1)
PENDIENTE_REEMPLAZADA, SU_REEMPLAZO = 5_400_008, 5_400_108
TODO = {"desde": None, "hasta": None, "personales": True, "limite": None, "desplazamiento": 0, "actividades": None,
        "zonas": None, "unidades": None, "causal": None, "sin_medida": False, "hoy": HOY, "tramo": None,
        "solo_vencidas": False, "reciente_desde": None, "dias": 7}  # la lista entera, no sólo lo de ahora


def con_pendiente_reemplazada():
    """Las reemitidas de test_tramites y una pendiente cuyo trámite atendió otra OT al día siguiente."""
    pendiente = _orden(PENDIENTE_REEMPLAZADA, dt.datetime(2026, 8, 3, 9), REGISTRADA, 7_008)
    return reemitidas() + [pendiente, _reemitida(pendiente, SU_REEMPLAZO, dt.datetime(2026, 8, 4, 9), CERRADA)]


@pytest.fixture
def base(con):
    _importar(con, con_pendiente_reemplazada())
    return con


def test_la_regla_esta_una_vez_en_el_modelo(base):
    reemplazadas = dict(base.execute("SELECT ot, marca FROM ordenes_reemplazadas").fetchall())
    assert reemplazadas == {
        5_400_001: "reemplazada por la OT 5400101 (atendida el 05/09/2026)",   # atendida en otro mes
        5_400_002: "reemplazada por la OT 5400102 (atendida el 12/08/2026)",
        PENDIENTE_REEMPLAZADA: "reemplazada por la OT 5400108 (atendida el 06/08/2026)"}
    # 5400003 (la otra sigue pendiente), 5400004 y 5400104 (anuladas las dos) y 5400105 (no es de poste) no lo son


def test_seguimiento_y_la_alerta_no_las_cuentan(base):
    pendientes = consultar(base, "seguimiento_pendientes", hoy=HOY, dias=7, desde=None, hasta=None, categoria=None,
                           reciente_desde=None, limite=None, desplazamiento=0)
    por_categoria = {c: set(pendientes.ot[pendientes.categoria == c]) for c in set(pendientes.categoria)}
    assert {5_400_003, 5_400_004, 5_400_104} <= por_categoria["anulado_sin_medida"]
    assert not {5_400_001, 5_400_002} & por_categoria["anulado_sin_medida"]
    assert por_categoria["registrado_sin_coordinar"] == {5_400_103}
    resumen = dict(consultar(base, "seguimiento_pendientes_resumen", hoy=HOY, dias=7, desde=None, hasta=None)
                   .itertuples(index=False, name=None))
    assert resumen["registrado_sin_coordinar"] == 1
    assert set(consultar(base, "alerta_registrados_atrasados", hoy=HOY, dias=7).ot) == {5_400_103}


def test_las_bandejas_las_dejan_fuera_salvo_que_se_pidan(base):
    sin = consultar(base, "bandeja_anulados_resumen", **TODO, reemplazadas=False).iloc[0]
    con_ellas = consultar(base, "bandeja_anulados_resumen", **TODO, reemplazadas=True).iloc[0]
    assert (con_ellas.total - sin.total, con_ellas.sin_medida - sin.sin_medida, sin.reemplazadas) == (2, 2, 2)
    assert not {5_400_001, 5_400_002} & set(consultar(base, "bandeja_anulados", **TODO, reemplazadas=False).ot)
    lista = consultar(base, "bandeja_anulados", **TODO, reemplazadas=True).set_index("ot")
    assert lista.reemplazo[5_400_001] == "reemplazada por la OT 5400101 (atendida el 05/09/2026)"
    assert lista.reemplazo.isna()[5_400_003]
    tramos = consultar(base, "bandeja_registrados_tramos", **TODO, reemplazadas=False)
    assert (int(tramos.ordenes.sum()), int(tramos.reemplazadas.sum())) == (1, 1)
    assert set(consultar(base, "bandeja_registrados", **TODO, reemplazadas=False).ot) == {5_400_103}
    registrados = consultar(base, "bandeja_registrados", **TODO, reemplazadas=True).set_index("ot")
    assert registrados.reemplazo[PENDIENTE_REEMPLAZADA] == "reemplazada por la OT 5400108 (atendida el 06/08/2026)"


@pytest.fixture
def importada(base_migrada):
    """La base con la exportación, cerrada: la página la abre por su cuenta."""
    c = conexion.conectar(base_migrada)
    _importar(c, con_pendiente_reemplazada())
    c.close()


def _pagina(pagina: str, at: AppTest | None = None) -> AppTest:
    """La bandeja dentro de app.py (los enlaces de la ficha necesitan la navegación), con todos los meses."""
    if at is None:
        at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
        at.session_state["usuario"] = ATENCION
        _ok(at.run())
    at.session_state[f"{pagina}_modo_periodo"] = "Todos los meses"
    at.session_state[f"{pagina}_todo"] = True  # la lista entera (la bandeja abre en lo de ahora)
    return at.switch_page(f"paginas/{pagina}.py")


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_anulados_marca_y_casilla(importada):
    at = _ok(_pagina("anulados").run())
    assert any("2 anuladas reemplazada(s)" in x.value for x in at.caption)
    grilla = at.dataframe[-1].value
    assert "5400001" not in set(grilla["OT"]) and "Reemplazada" not in grilla.columns
    at.checkbox(key="anulados_reemplazadas").check().run()
    _ok(at)
    grilla = at.dataframe[-1].value.set_index("OT")
    assert grilla.loc["5400001", "Reemplazada"] == "reemplazada por la OT 5400101 (atendida el 05/09/2026)"
    # la ficha: la marca y la otra OT del trámite como enlace a su bandeja
    at.selectbox(key="anulados_orden").select(5_400_001).run()
    _ok(at)
    assert any("reemplazada por la OT 5400101" in i.value for i in at.info)
    enlaces = [e.proto for e in at.get("page_link")]
    assert [(e.label.split(" · ")[:2], e.page, e.query_string) for e in enlaces] == [
        (["OT 5400101", "ATENDIDO"], "atendidos", "ot=5400101")]
    assert "atención 05/09/2026" in enlaces[0].label


def test_registrados_casilla_y_enlace_que_abre_la_ot(importada):
    at = _ok(_pagina("registrados").run())
    assert any("1 pendientes reemplazada(s)" in x.value for x in at.caption)
    assert set(at.dataframe[-1].value["OT"]) == {"5400103"}
    at.checkbox(key="registrados_reemplazadas").check().run()
    _ok(at)
    assert set(at.dataframe[-1].value["OT"]) == {"5400103", str(PENDIENTE_REEMPLAZADA)}
    # lo que hace el enlace de la ficha: la bandeja del estado, con ?ot=N, abre esa OT
    at.query_params["ot"] = str(SU_REEMPLAZO)
    _ok(_pagina("atendidos", at).run())
    assert any(s.value.startswith(f"OT {SU_REEMPLAZO} · ATENDIDO") for s in at.subheader)
    enlaces = [e.proto for e in at.get("page_link")]
    assert [(e.label.split(" · ")[0], e.page) for e in enlaces] == [
        (f"OT {PENDIENTE_REEMPLAZADA}", "registrados")]
    assert "reemplazada por la OT 5400108" in enlaces[0].label


def _ficha(ruta: str, usuario: str, rol: str) -> None:
    """La ficha de la OT 5400001 para alguien de ese rol, como la dibuja Conciliación (bandeja «seguimiento»)."""
    import datetime as dt
    from pathlib import Path

    from datos import conexion
    from datos.permisos import Usuario
    from paginas.bandejas import ficha

    con = conexion.conectar(Path(ruta))
    ficha.ficha_orden(con, Usuario(usuario, usuario, rol), 5_400_001, dt.date(2026, 10, 1))
    con.close()


def test_sin_enlace_a_una_bandeja_que_el_rol_no_abre(importada, base_migrada):
    """El administrador ve la ficha desde Conciliación pero no abre las bandejas: la otra OT del trámite va como texto,
    no como un enlace a «Página no disponible» (los enlaces, para quien sí las abre: las pruebas de arriba)."""
    at = _ok(AppTest.from_function(_ficha, args=(str(base_migrada), "admin", "administrador"),
                                   default_timeout=60).run())
    assert not at.get("page_link")
    textos = [m.value for m in at.markdown if "OT 5400101" in m.value]
    assert len(textos) == 1 and "ATENDIDO" in textos[0] and "atención 05/09/2026" in textos[0]
