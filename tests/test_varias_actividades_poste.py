"""Una OT con varias actividades (issue 22, punto 5): es de poste si alguna lo es, también después de cambiar la lista
en Administración; el filtro de actividades mira todas sus actividades; bandejas y ficha las muestran todas.
Exportación del generador del proyecto (OR_ORDER unida a OR_ORDER_ACTIVITY: una fila por actividad)."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from consultas import consultar, kpi
from datos import administracion, conexion
from datos.importar import importar_archivo
from tests import osf_archivos as osf
from tests.ayudas import ADMIN, SISTEMA
from tests.osf_formatos import fila_osf
from tests.test_reemplazadas import _ok, _pagina

AGO = dt.date(2026, 8, 1)
CON_OTRA, CON_8074, SOLO_POSTE, NINGUNA = 5_600_001, 5_600_002, 5_600_003, 5_600_004
ACTIVIDADES = {CON_OTRA: [52137, 52001], CON_8074: [52137, 8074], SOLO_POSTE: [52137], NINGUNA: [52001, 52300]}


def exportacion() -> bytes:
    d = lambda dia: dt.datetime(2026, 8, dia, 9, 30)  # noqa: E731
    ordenes = [osf.Orden(CON_OTRA, 52137, 8, d(3), solicitud=9_001, legalizada=d(5), causal=3401, unidad=3021),
               osf.Orden(CON_8074, 52137, 0, d(4), solicitud=9_002),
               osf.Orden(SOLO_POSTE, 52137, 8, d(5), solicitud=9_003, legalizada=d(6), causal=3401, unidad=3021),
               osf.Orden(NINGUNA, 52001, 8, d(6), solicitud=9_004, legalizada=d(7), causal=3401, unidad=3021)]
    filas = [osf.SQL_DEVELOPER] + [fila_osf(o, a) for o in ordenes for a in ACTIVIDADES[o.ot]]
    return osf._csv(filas, comillas=csv.QUOTE_ALL)


@pytest.fixture
def base(con):
    assert importar_archivo(con, exportacion(), "varias.csv", usuario=SISTEMA).problemas == []
    return con


def agosto(con, **filtros) -> tuple[int, int, int]:
    (f,) = [f for f in kpi.como_json(kpi.kpi_mensual(con, AGO, AGO, **filtros)) if f["mes"] == "2026-08"]
    return f["total"], f["atendidos"], f["registrados"]


def test_las_cuentas_siguen_a_la_lista_de_actividades(base):
    assert agosto(base) == (3, 2, 1)
    administracion.quitar_actividad(base, ADMIN, 52137)
    # sin 52137 sólo queda la OT que también trae 8074 (su actividad en `ordenes` sigue siendo 52137)
    assert agosto(base) == (1, 0, 1)
    assert [ot for (ot,) in base.execute("SELECT ot FROM ordenes_poste").fetchall()] == [CON_8074]
    administracion.guardar_actividad(base, ADMIN, 52137, "Movimiento de poste")
    assert agosto(base) == (3, 2, 1)


def test_el_filtro_por_la_otra_actividad_encuentra_la_ot(base):
    assert agosto(base, actividades=[8074]) == (1, 0, 1)
    assert agosto(base, actividades=[52137]) == (3, 2, 1)
    bandeja = consultar(base, "bandeja_registrados", desde=None, hasta=None, hoy=dt.date(2026, 10, 1),
                        personales=True, tramo=None, solo_vencidas=False, reemplazadas=False, reciente_desde=None, dias=7,
                        limite=None,
                        desplazamiento=0, actividades=[8074], zonas=None, unidades=None)
    assert list(bandeja.ot) == [CON_8074]
    assert bandeja.actividades[0] == f"52137 – {osf.ACTIVIDADES[52137]}, 8074 – {osf.ACTIVIDADES[8074]}"
    ficha = consultar(base, "orden_detalle", ot=CON_OTRA, personales=False).iloc[0]
    assert ficha.actividades == f"52137 – {osf.ACTIVIDADES[52137]}, 52001 – {osf.ACTIVIDADES[52001]}"
    sola = consultar(base, "orden_detalle", ot=SOLO_POSTE, personales=False).iloc[0]
    assert sola.actividades == f"52137 – {osf.ACTIVIDADES[52137]}"


def test_la_bandeja_y_la_ficha_muestran_todas(ruta_db, base_migrada):
    c = conexion.conectar(base_migrada)
    assert importar_archivo(c, exportacion(), "varias.csv", usuario=SISTEMA).problemas == []
    c.close()
    at = _ok(_pagina("registrados").run())
    (fila,) = at.dataframe[-1].value.itertuples(index=False)
    assert getattr(fila, "Actividades") == f"52137 – {osf.ACTIVIDADES[52137]}, 8074 – {osf.ACTIVIDADES[8074]}"
    at.selectbox(key="registrados_orden").select(CON_8074).run()
    _ok(at)
    (datos,) = [dict(d.value.itertuples(index=False, name=None)) for d in at.dataframe
                if list(d.value.columns) == ["Dato", "Valor"]]
    assert datos["Actividades"] == f"52137 – {osf.ACTIVIDADES[52137]}, 8074 – {osf.ACTIVIDADES[8074]}"
