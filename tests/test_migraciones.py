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


def test_005_conserva_las_ordenes_y_guarda_sin_comprimir(ruta_db, tmp_path, monkeypatch, muestra):
    # Una base creada antes de la 005, con órdenes importadas…
    hasta_004 = tmp_path / "migraciones_004"
    hasta_004.mkdir()
    for archivo in sorted(conexion.MIGRACIONES.glob("00[1-4]_*.sql")):
        shutil.copy(archivo, hasta_004)
    monkeypatch.setattr(conexion, "MIGRACIONES", hasta_004)
    con = conexion.conectar(ruta_db, encerrar=False)
    assert importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA).importacion_id
    antes = con.execute("SELECT * FROM ordenes ORDER BY ot").fetchall()
    con.close()
    assert len(antes) > 100
    # …recibe la 005 al abrirse con el código de hoy.
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    assert con.execute("SELECT * FROM ordenes ORDER BY ot").fetchall() == antes
    con.execute("CHECKPOINT")
    compresion = dict(con.execute("""
        SELECT column_name, string_agg(DISTINCT compression, ',') FROM pragma_storage_info('ordenes')
        WHERE segment_type = 'VARCHAR' GROUP BY ALL""").fetchall())
    assert compresion["solicitud"] == compresion["cliente"] == "Uncompressed"
    # las restricciones siguen en pie
    assert "CHECK" in con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = 'ordenes'").fetchone()[0]
    con.close()
