"""Migraciones numeradas: se aplican una vez, en orden, y una base con datos las recibe sin perder nada."""
from __future__ import annotations

import shutil

from datos import conexion
from datos.importar import importar_archivo
from tests.conftest import SISTEMA


def test_cada_migracion_se_aplica_una_sola_vez(ruta_db):
    archivos = sorted(p.name for p in conexion.MIGRACIONES.glob("[0-9][0-9][0-9]_*.sql"))
    con = conexion.conectar(ruta_db)
    registradas = [n for (n,) in con.execute("SELECT nombre FROM migraciones ORDER BY version").fetchall()]
    con.close()
    assert registradas == archivos
    con = conexion.conectar(ruta_db)  # volver a abrir no aplica nada
    assert conexion.migrar(con) == []
    assert con.execute("SELECT count(*) FROM migraciones").fetchone()[0] == len(archivos)
    con.close()


def base_hasta(ruta_db, tmp_path, monkeypatch, ultima: int):
    """Una base como la dejaba el código de antes de la migración `ultima + 1`."""
    carpeta = tmp_path / f"migraciones_{ultima:03d}"
    carpeta.mkdir()
    for archivo in sorted(conexion.MIGRACIONES.glob("[0-9][0-9][0-9]_*.sql")):
        if int(archivo.name[:3]) <= ultima:
            shutil.copy(archivo, carpeta)
    monkeypatch.setattr(conexion, "MIGRACIONES", carpeta)
    return conexion.conectar(ruta_db, encerrar=False)


def insertar_ordenes_antiguas(con, n=300) -> None:
    # Como las escribía la importación de entonces (el importador de hoy necesita el esquema de hoy).
    con.execute("""INSERT INTO ordenes (ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro,
                                        causal, unidad_operativa, cliente, importacion_id)
                   SELECT 5200000 + i, (3800000 + i)::VARCHAR, 52137, 'Servicio de Ingeniería', 'ANULADO',
                          '12 - ANULADA', TIMESTAMP '2026-07-01' + INTERVAL (i) HOUR, 'CLIENTE DESISTIÓ',
                          'GESTION REDES', 'Cliente ' || i, 1
                   FROM range($n) t(i)""", {"n": n})


def test_005_conserva_las_ordenes_y_guarda_sin_comprimir(ruta_db, tmp_path, monkeypatch):
    # Una base creada antes de la 005, con órdenes…
    con = base_hasta(ruta_db, tmp_path, monkeypatch, 4)
    insertar_ordenes_antiguas(con)
    antes = con.execute("SELECT * FROM ordenes ORDER BY ot").fetchall()
    columnas = ", ".join(c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'ordenes' "
                                                  "ORDER BY column_index").fetchall())
    con.close()
    assert len(antes) > 100
    # …recibe la 005 al abrirse con el código de hoy.
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    assert con.execute(f"SELECT {columnas} FROM ordenes ORDER BY ot").fetchall() == antes
    con.execute("CHECKPOINT")
    compresion = dict(con.execute("""
        SELECT column_name, string_agg(DISTINCT compression, ',') FROM pragma_storage_info('ordenes')
        WHERE segment_type = 'VARCHAR' GROUP BY ALL""").fetchall())
    assert compresion["solicitud"] == compresion["cliente"] == "Uncompressed"
    # las restricciones siguen en pie
    assert "CHECK" in con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = 'ordenes'").fetchone()[0]
    con.close()


def test_007_equivalencias_por_codigo_sin_perder_las_del_administrador(ruta_db, tmp_path, monkeypatch, muestra):
    con = base_hasta(ruta_db, tmp_path, monkeypatch, 6)
    insertar_ordenes_antiguas(con, 50)
    # lo que un administrador pudo agregar antes: un valor con código y una descripción sola
    con.execute("INSERT INTO mapeo_estados VALUES (normalizar_valor('21 - EN REVISION'), 'REGISTRADO'), "
                "(normalizar_valor('Pendiente de firma'), 'REGISTRADO'), (normalizar_valor('99 - Devuelta'), 'ANULADO')")
    antes = con.execute("SELECT * FROM ordenes ORDER BY ot").fetchall()
    con.close()
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    mapeo = dict(con.execute("SELECT valor, estado FROM mapeo_estados").fetchall())
    # las del administrador, con su clave nueva (el código, o la descripción normalizada)
    assert (mapeo["21"], mapeo["pendiente de firma"], mapeo["99"]) == ("REGISTRADO", "REGISTRADO", "ANULADO")
    # la lista completa de OR_ORDER_STATUS: 7 y 8 atendidos, 12 anulado, el resto pendiente
    codigos = {c: mapeo[c] for c in ("-1", "0", "1", "2", "5", "6", "7", "8", "11", "12", "18", "19", "20")}
    assert {c for c, e in codigos.items() if e == "ATENDIDO"} == {"7", "8"}
    assert {c for c, e in codigos.items() if e == "ANULADO"} == {"12"}
    assert not any(" - " in v for v in mapeo)  # ninguna clave vieja «8 - legalizada» queda suelta
    # las órdenes siguen como estaban; las columnas nuevas, vacías
    assert con.execute("SELECT * EXCLUDE (causal_codigo, causal_clase, unidad_codigo, tipo_trabajo_codigo, "
                       "tipo_trabajo) FROM ordenes ORDER BY ot").fetchall() == antes
    # y la base recibe una exportación de hoy
    assert importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA).importacion_id
    con.close()
