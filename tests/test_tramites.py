"""El KPI por trámite (issue 21, DISENO §4): una solicitud (PACKAGE_ID) es un trámite, aunque OSF haya anulado una OT y
emitido otra. Exportaciones escritas por el generador del proyecto (tests/osf_archivos.py) e importadas por el camino
normal; cuentas mensuales exactas, por trámite y con las OT detrás."""
from __future__ import annotations

import datetime as dt

from consultas import kpi
from datos.importar import importar_archivo
from tests import osf_archivos as osf
from tests.ayudas import SISTEMA

AGO, SEP = dt.date(2026, 8, 1), dt.date(2026, 9, 1)
POSTE, OTRA = 52137, 52001
CERRADA, ANULADA, REGISTRADA = 8, 12, 0


def _orden(ot, creada, estado, solicitud=None, **otros) -> osf.Orden:
    legalizada = creada + dt.timedelta(days=2) if estado == CERRADA else None
    return osf.Orden(ot, otros.pop("actividad", POSTE), estado, creada, solicitud=solicitud, legalizada=legalizada,
                     causal={CERRADA: 3401, ANULADA: 100}.get(estado), unidad=otros.pop("unidad", 3021), **otros)


def _reemitida(anterior, ot, creada, estado, **otros) -> osf.Orden:
    return osf.reemitida(anterior, ot, creada, estado, legalizada=creada + dt.timedelta(days=2) if estado == CERRADA
                         else None, causal={CERRADA: 3401, ANULADA: 100}.get(estado), **otros)


def reemitidas() -> list[osf.Orden]:
    """Agosto y septiembre de 2026, con cada caso de «Done when» y trámites de una sola OT alrededor."""
    d = lambda mes, dia: dt.datetime(2026, mes, dia, 9, 30)  # noqa: E731
    cruza = _orden(5_400_001, d(8, 25), ANULADA, 7_001)                # anulada en agosto…
    atendida = _orden(5_400_002, d(8, 5), ANULADA, 7_002)              # anulada y atendida después
    pendiente = _orden(5_400_003, d(8, 12), ANULADA, 7_003)            # anulada y otra todavía pendiente
    dos_veces = _orden(5_400_004, d(8, 2), ANULADA, 7_004)             # anulada dos veces
    mixto = _orden(5_400_005, d(8, 18), CERRADA, 7_005)                # de poste, y otra OT que no es de poste
    lista = [
        cruza, _reemitida(cruza, 5_400_101, d(9, 3), CERRADA),          # …y atendida en septiembre: cuenta en agosto
        atendida, _reemitida(atendida, 5_400_102, d(8, 10), CERRADA),
        pendiente, _reemitida(pendiente, 5_400_103, d(8, 20), REGISTRADA),
        dos_veces, _reemitida(dos_veces, 5_400_104, d(8, 9), ANULADA),
        mixto, _reemitida(mixto, 5_400_105, d(8, 19), ANULADA, actividad=OTRA),
        _orden(5_400_006, d(8, 15), CERRADA),                           # sin solicitud: su propio trámite
        _orden(5_400_007, d(8, 16), CERRADA, 7_007, actividad=OTRA),    # sólo otra actividad: no es un trámite
    ]
    # Trámites de una OT: 20 atendidos en agosto; en septiembre 10 atendidos y uno anulado.
    lista += [_orden(5_401_000 + i, d(8, 1 + i), CERRADA, 7_100 + i) for i in range(20)]
    lista += [_orden(5_402_000 + i, d(9, 1 + i), CERRADA, 7_200 + i) for i in range(10)]
    lista.append(_orden(5_402_100, d(9, 20), ANULADA, 7_300))
    return lista


def _importar(con, ordenes) -> None:
    assert importar_archivo(con, osf.sql_developer_csv(ordenes), "reemitidas.csv", usuario=SISTEMA).problemas == []


def _mes(con, mes, **filtros) -> dict:
    (fila,) = [f for f in kpi.como_json(kpi.kpi_mensual(con, AGO, SEP, **filtros)) if f["mes"] == mes]
    return {k: v for k, v in fila.items() if k != "mes"}


def test_cuentas_por_tramite_con_las_ot_detras(con):
    _importar(con, reemitidas())
    # Agosto: 20 de una OT + cruza, atendida, pendiente, dos_veces, mixto, sin solicitud = 26 trámites, 30 OT de poste.
    assert _mes(con, "2026-08") == {
        "total": 26, "atendidos": 24, "registrados": 1, "anulados": 1,
        "ot_total": 30, "ot_atendidos": 26, "ot_registrados": 2, "ot_anulados": 2,
        "porcentaje": 92.3, "estado": "OBSERVADO", "preliminar": True}
    # Septiembre: la OT que atendió el trámite de agosto no lo trae a septiembre.
    assert _mes(con, "2026-09") == {
        "total": 11, "atendidos": 10, "registrados": 0, "anulados": 1,
        "ot_total": 11, "ot_atendidos": 10, "ot_registrados": 0, "ot_anulados": 1,
        "porcentaje": 90.9, "estado": "OBSERVADO", "preliminar": False}


def test_por_ot_el_veredicto_seria_otro(con):
    """El caso del issue: contado por OT, la anulada castiga al equipo aunque el trámite se atendió."""
    d = lambda dia: dt.datetime(2026, 8, dia, 10)  # noqa: E731
    ordenes = [_orden(5_500_000 + i, d(1 + i % 28), CERRADA, 8_000 + i) for i in range(49)]
    anulada = _orden(5_500_100, d(3), ANULADA, 8_100)
    _importar(con, ordenes + [anulada, _reemitida(anulada, 5_500_101, d(6), CERRADA)])
    agosto = _mes(con, "2026-08")
    assert (agosto["total"], agosto["atendidos"], agosto["ot_total"], agosto["estado"]) == (50, 50, 51, "APROBADO")
    # por OT habrían sido 50 atendidas de 51: 98,03 %… y con una anulada más, OBSERVADO; por trámite sigue el 100 %
    otra = _orden(5_500_200, d(4), ANULADA, 8_200)
    _importar(con, ordenes + [anulada, _reemitida(anulada, 5_500_101, d(6), CERRADA), otra,
                              _reemitida(otra, 5_500_201, d(8), CERRADA)])
    agosto = _mes(con, "2026-08")
    assert (agosto["total"], agosto["atendidos"], agosto["ot_total"], agosto["estado"]) == (51, 51, 53, "APROBADO")


def test_los_filtros_eligen_tramites_por_sus_ot(con):
    ordenes = reemitidas()
    # la OT reemplazante de «atendida» la hace otra cuadrilla
    ordenes = [o if o.ot != 5_400_102 else osf.replace(o, unidad=3050) for o in ordenes]
    _importar(con, ordenes)
    norte = _mes(con, "2026-08", unidades=["3050"])
    # sólo el trámite cuya OT atendida pasa el filtro; con sus dos OT y su estado de trámite
    assert (norte["total"], norte["atendidos"], norte["ot_total"]) == (1, 1, 2)


def test_una_ot_por_tramite_da_lo_de_siempre(con):
    """Sin OT emitidas de nuevo, cada trámite es su OT: las mismas cuentas, y las OT detrás son las mismas."""
    _importar(con, osf.ordenes())
    for f in kpi.como_json(kpi.kpi_mensual(con)):
        assert (f["ot_total"], f["ot_atendidos"], f["ot_registrados"], f["ot_anulados"]) == \
            (f["total"], f["atendidos"], f["registrados"], f["anulados"])
    por_ot = con.execute("SELECT date_trunc('month', fecha_registro)::DATE, count(*) FROM ordenes_poste "
                         "GROUP BY 1 ORDER BY 1").fetchall()
    assert [(f.mes, f.total) for f in kpi.kpi_mensual(con).itertuples() if f.total] == por_ot


def test_el_semaforo_dice_cuantas_ot_hay_detras(base_migrada):
    from streamlit.testing.v1 import AppTest

    from datos import conexion
    from tests.ayudas import ATENCION, RAIZ

    con = conexion.conectar(base_migrada)
    _importar(con, reemitidas())
    con.close()
    at = AppTest.from_file(str(RAIZ / "paginas" / "semaforo.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.session_state["mes"] = AGO
    at.run()
    assert not at.exception
    assert any("26 trámites · 30 OT (atendidos: 24 trámites · 26 OT)" in c.value for c in at.caption)
    tabla = at.dataframe[-1].value
    assert list(tabla.loc[tabla["Mes"] == "agosto 2026", ["Total", "OT", "Atendidos"]].iloc[0]) == ["26", "30", "24"]


def test_la_conciliacion_usa_el_mismo_estado_del_tramite(con):
    """«Cobrada con orden anulada» nunca sale para un trámite cuya OT de reemplazo se atendió (aunque en otro mes)."""
    from tests.facturas_casos import cargo, categorias, importar_cargos

    _importar(con, reemitidas())
    importar_cargos(con, [cargo(s, dt.datetime(2026, 8, 1, 9)) for s in (7_001, 7_002, 7_003, 7_004, 7_005)])
    agosto = categorias(con, AGO)
    assert {k: agosto[k] for k in ("S:7001", "S:7002", "S:7003", "S:7004", "S:7005")} == {
        "S:7001": "conciliadas",                  # anulada en agosto, atendida por otra OT en septiembre
        "S:7002": "conciliadas",                  # anulada y atendida
        "S:7003": "conciliadas",                  # anulada y otra pendiente: sigue REGISTRADO
        "S:7004": "cobrada_con_orden_anulada",    # anulada dos veces: se devuelve el cobro
        "S:7005": "conciliadas"}
    assert "S:7001" not in categorias(con, SEP)  # su mes es el de la primera OT
    estados = dict(con.execute("SELECT tramite, estado FROM tramites_poste() WHERE registro < $s", {"s": SEP}).fetchall())
    filas = con.execute("SELECT clave, estado_orden FROM conciliacion_del_mes($m) WHERE clave LIKE 'S:70%'",
                        {"m": AGO}).fetchall()
    assert filas and all(estados[clave] == estado for clave, estado in filas)
