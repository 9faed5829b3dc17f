"""La base de demostración recién armada (como la arma `make run`) parece real: ninguna fecha después de su «hoy», las
anuladas con su fecha de anulación, el seguimiento repartido en las semanas de sus órdenes (no todo del mismo día) y
nombres, zonas y unidades variados."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from datos import conexion, reloj
import demo


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    ruta = demo.construir(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    c = conexion.conectar(ruta)
    yield c
    c.close()


def uno(con, sql: str, **parametros):
    return con.execute(sql, parametros).fetchone()


def test_ninguna_fecha_despues_del_hoy_de_la_demostracion(con):
    assert demo.CORTE <= reloj.ahora(), "el «hoy» de la demostración no puede estar en el futuro"
    for columna in ("fecha_registro", "fecha_atencion", "fecha_anulacion"):
        (n, ultima) = uno(con, f"SELECT count(*), max({columna}) FROM ordenes WHERE {columna} > $corte",
                          corte=demo.CORTE)
        assert n == 0, f"{n} órdenes con {columna} posterior al {demo.CORTE:%d/%m/%Y %H:%M} (hasta {ultima})"
    for tabla in ("seguimientos", "ausencias", "explicaciones", "firmas_conciliacion"):
        assert uno(con, f"SELECT count(*) FROM {tabla} WHERE creado_en > $corte", corte=demo.CORTE) == (0,), tabla
    # Ninguna importación de la demostración advirtió fechas posteriores a hoy.
    for (resumen,) in con.execute("SELECT resumen FROM importaciones WHERE familia IS NOT NULL").fetchall():
        assert not [a for a in json.loads(resumen or "{}").get("advertencias", []) if "posterior" in a]


def test_fechas_de_cada_estado(con):
    anuladas, con_fecha, despues = uno(con, """
        SELECT count(*), count(fecha_anulacion), count(*) FILTER (WHERE fecha_anulacion >= fecha_registro)
        FROM ordenes WHERE estado = 'ANULADO'""")
    assert anuladas > 100 and con_fecha == anuladas == despues
    assert uno(con, "SELECT count(*) FROM ordenes WHERE estado <> 'ANULADO' AND fecha_anulacion IS NOT NULL") == (0,)
    atendidas, bien = uno(con, "SELECT count(*), count(*) FILTER (WHERE fecha_atencion >= fecha_registro) "
                               "FROM ordenes WHERE estado = 'ATENDIDO'")
    assert atendidas > 1000 and bien == atendidas
    assert uno(con, "SELECT count(*) FROM ordenes WHERE estado <> 'ATENDIDO' AND fecha_atencion IS NOT NULL") == (0,)


def test_seguimiento_repartido_en_las_semanas_de_sus_ordenes(con):
    filas = con.execute("""
        SELECT s.tipo, s.creado_en, s.fecha_contacto, s.autor, s.suplente,
               CASE s.tipo WHEN 'medida_correctiva' THEN o.fecha_anulacion WHEN 'verificacion' THEN o.fecha_atencion
                           ELSE o.fecha_registro END AS hecho
        FROM seguimientos s JOIN ordenes o USING (ot) ORDER BY s.id""").fetchall()
    assert {f[0] for f in filas} == {"medida_correctiva", "coordinacion", "verificacion"}
    dias = {f[1].date() for f in filas}
    assert len(dias) >= 10 and max(dias) - min(dias) >= dt.timedelta(weeks=4), sorted(dias)
    semanas = {f[1].isocalendar()[:2] for f in filas}
    assert len(semanas) >= 6, "no todo en la misma semana"
    for tipo, creado, contacto, autor, suplente, hecho in filas:
        assert creado > hecho, f"{tipo} escrito el {creado} antes de lo que sigue ({hecho})"
        assert creado.weekday() < 5 and 8 <= creado.hour < 18, f"{tipo} fuera de horario: {creado}"
        if tipo == "coordinacion":
            assert contacto == creado.date()
        en_ausencia = demo.AUSENCIA[0] <= creado.date() <= demo.AUSENCIA[1]
        assert (autor, suplente) == (("rita", True) if en_ausencia else ("ana", False)), creado
    assert any(f[4] for f in filas), "la ausencia debe tener registros de la suplente"
    creados = [f[1] for f in filas]
    assert creados == sorted(creados), "los id siguen el calendario"
    # La auditoría de cada registro lleva su misma hora.
    auditados = [f for (f,) in con.execute("SELECT fecha FROM auditoria WHERE accion = 'seguimiento_agregado' "
                                           "ORDER BY id").fetchall()]
    assert auditados == creados


def test_nombres_zonas_y_unidades_variados(con):
    clientes, mas_repetido, total = uno(con, """
        SELECT count(DISTINCT cliente), max(n), sum(n)
        FROM (SELECT cliente, count(*) AS n FROM ordenes WHERE cliente IS NOT NULL GROUP BY cliente)""")
    assert clientes > total / 2 and mas_repetido <= 20, (clientes, mas_repetido, total)
    assert uno(con, "SELECT count(DISTINCT zona) FROM ordenes")[0] >= 5
    unidades = {u for (u,) in con.execute("SELECT DISTINCT unidad_operativa FROM ordenes").fetchall()}
    assert len(unidades) >= 4, unidades
    # Las de poste, en más de una unidad (el filtro por unidad tiene algo que elegir).
    assert uno(con, "SELECT count(DISTINCT clave_valor(unidad_codigo, unidad_operativa)) FROM ordenes_poste")[0] >= 2


def test_se_rehace_si_las_exportaciones_son_mas_nuevas(tmp_path, monkeypatch):
    import os
    ruta = tmp_path / "demo.duckdb"
    fuente = tmp_path / "ordenes.csv"
    fuente.write_text("x")
    monkeypatch.setattr(conexion, "RUTA_DEMO", ruta)
    monkeypatch.setattr(demo, "_fuentes", lambda: [fuente])
    armadas = []
    monkeypatch.setattr(demo, "construir", lambda r: armadas.append(r) or r.write_text("base"))
    demo.asegurar()
    assert armadas == [ruta]
    os.utime(fuente, (ruta.stat().st_mtime - 60,) * 2)
    demo.asegurar()
    assert armadas == [ruta], "una base más nueva que sus fuentes se usa tal cual"
    os.utime(fuente, (ruta.stat().st_mtime + 60,) * 2)
    demo.asegurar()
    assert armadas == [ruta, ruta], "exportaciones más nuevas que la base: se rehace"


def test_hay_ot_emitidas_de_nuevo_y_el_semaforo_lo_muestra(con):
    """Unas pocas solicitudes con una OT anulada y otra emitida después (demo/reemitidas.py): el KPI cuenta el
    trámite una vez, y al menos un mes tiene más OT que trámites."""
    (con_dos,) = uno(con, "SELECT count(*) FROM tramites_poste() WHERE ots > 1")
    assert 3 <= con_dos <= 10
    from consultas import kpi
    meses = [f for f in kpi.como_json(kpi.kpi_mensual(con)) if f["ot_total"] > f["total"]]
    assert meses and all(f["ot_atendidos"] >= f["atendidos"] for f in meses)
