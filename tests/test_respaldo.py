"""Respaldos: respaldar, cambiar (registro de seguimiento, cuenta, importación), restaurar → mismo KPI, mismos
registros, mismas cuentas; los últimos N; un archivo que no es un respaldo se rechaza sin tocar la base."""
from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pandas as pd
import pytest

from consultas import kpi
from datos import __main__ as cli
from datos import administracion, conexion, seguimiento, usuarios
from operacion import respaldo
from datos.importar import importar_archivo
from tests.ayudas import ADMIN, ATENCION, SISTEMA

HOY = dt.date(2026, 11, 20)


def estado(ruta, *, respaldo_: bool = False) -> dict:
    """Lo que una restauración debe devolver tal cual. Un respaldo se lee en sólo lectura (abierta() le aplicaría las
    migraciones y dejaría sus cerrojos al lado)."""
    with (duckdb.connect(str(ruta), read_only=True) if respaldo_ else conexion.abierta(ruta)) as con:
        return {
            "kpi": kpi.kpi_mensual(con),
            "seguimientos": con.execute("SELECT * FROM seguimientos ORDER BY id").df(),
            "usuarios": con.execute("SELECT usuario, nombre, rol, email, clave_hash, activo FROM usuarios "
                                    "ORDER BY usuario").df(),
            "importaciones": con.execute("SELECT count(*) FROM importaciones").fetchone()[0],
        }


def iguales(a: dict, b: dict) -> bool:
    return a["importaciones"] == b["importaciones"] and all(
        a[k].equals(b[k]) for k in ("kpi", "seguimientos", "usuarios"))


def anulada(con) -> int:
    return con.execute("SELECT min(ot) FROM ordenes WHERE estado = 'ANULADO'").fetchone()[0]


@pytest.fixture
def base(ruta_db, muestra):
    with conexion.abierta(ruta_db) as con:
        importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA)
        usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-ana1")
        seguimiento.agregar(con, ATENCION, anulada(con), "medida_correctiva", "Llamar al cliente", hoy=HOY)
    return ruta_db


def test_restaurar_devuelve_el_kpi_los_registros_y_las_cuentas(base, muestra):
    antes = estado(base)
    copia = respaldo.respaldar(base)
    assert copia.parent == base.parent / "respaldos" and respaldo.respaldos(base) == [copia]

    with conexion.abierta(base) as con:  # cambios después del respaldo
        seguimiento.agregar(con, ATENCION, anulada(con), "medida_correctiva", "Segunda medida", hoy=HOY)
        usuarios.agregar(con, ADMIN, "nuevo", "Cuenta Nueva", "jefatura", "clave-nueva")
        importar_archivo(con, muestra("ordenes_osf_2026_s2_actualizado.csv"), usuario=SISTEMA)
    cambiada = estado(base)
    assert not cambiada["kpi"].equals(antes["kpi"])  # la importación cambió el indicador
    assert len(cambiada["seguimientos"]) == 2 and "nuevo" in set(cambiada["usuarios"].usuario)

    anterior = respaldo.restaurar(copia, base)
    assert iguales(estado(base), antes)
    # La base de antes de restaurar quedó como un respaldo más, con los cambios.
    assert anterior.name.endswith("_antes_de_restaurar.duckdb") and anterior in respaldo.respaldos(base)
    assert iguales(estado(anterior, respaldo_=True), cambiada)


def test_el_respaldo_es_la_base_tal_cual(base):
    copia = respaldo.respaldar(base)
    assert copia.read_bytes() == base.read_bytes()
    assert respaldo.verificar(copia) == max(int(p.name[:3]) for p in conexion.MIGRACIONES.glob("*.sql"))
    assert not list(copia.parent.glob(".*.tmp"))  # el temporal no queda


def test_se_conservan_los_ultimos_n_y_nada_mas_se_toca(base, tmp_path):
    salida = tmp_path / "otra_carpeta"
    ajeno = salida / "notas.duckdb"
    salida.mkdir()
    ajeno.write_text("no es un respaldo")
    hechos = [respaldo.respaldar(base, salida=salida, conservar=3) for _ in range(5)]
    assert len(set(hechos)) == 5  # en el mismo segundo: -2, -3…
    assert respaldo.respaldos(base, salida) == hechos[-3:]
    assert ajeno.exists()
    # Sin `conservar`, manda el ajuste.
    with conexion.abierta(base) as con:
        assert administracion.valor_ajuste(con, "respaldos_a_conservar") == 14
        administracion.cambiar_ajuste(con, ADMIN, "respaldos_a_conservar", 2)
    ultimo = respaldo.respaldar(base, salida=salida)
    assert respaldo.respaldos(base, salida) == [hechos[-1], ultimo]


def huella(ruta) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest()


def test_un_archivo_que_no_es_respaldo_se_rechaza_sin_tocar_la_base(base, tmp_path):
    texto = tmp_path / "informe.duckdb"
    texto.write_text("hola")
    ajena = tmp_path / "ajena.duckdb"
    with duckdb.connect(str(ajena)) as otra:
        otra.execute("CREATE TABLE t (x INTEGER)")
    nueva = respaldo.respaldar(base, salida=tmp_path / "futuro")
    with duckdb.connect(str(nueva)) as futura:
        futura.execute("INSERT INTO migraciones (version, nombre) VALUES (999, '999_futuro.sql')")
    antes = huella(base)
    for archivo, mensaje in [
        (texto, "«informe.duckdb» no es un respaldo de este tablero: no se abre como base DuckDB"),
        (ajena, "«ajena.duckdb» es una base DuckDB, pero no de este tablero"),
        (nueva, r"viene de una versión más nueva del tablero \(migración 999"),
        (tmp_path / "no-existe.duckdb", "No existe el archivo"),
        (base, "es la base en uso"),
    ]:
        with pytest.raises(respaldo.RespaldoInvalido, match=mensaje):
            respaldo.restaurar(archivo, base)
    assert huella(base) == antes and respaldo.respaldos(base) == []


def test_restaurar_en_una_maquina_sin_base(base, tmp_path):
    copia = respaldo.respaldar(base)
    destino = tmp_path / "nueva" / "seguimiento.duckdb"
    destino.parent.mkdir()
    assert respaldo.restaurar(copia, destino) is None
    assert iguales(estado(destino), estado(base))


# --- Línea de órdenes ---------------------------------------------------------------------------------

def test_cli_respaldo_y_restaurar_con_confirmacion(base, capsys, monkeypatch):
    assert cli.main(["respaldo", "--db", str(base)]) == 0
    salida = capsys.readouterr().out
    (copia,) = respaldo.respaldos(base)
    assert f"Respaldo listo: {copia} (" in salida and "quedan 1 respaldos" in salida

    with conexion.abierta(base) as con:
        usuarios.agregar(con, ADMIN, "nuevo", "Cuenta Nueva", "jefatura", "clave-nueva")
    monkeypatch.setattr("builtins.input", lambda pregunta: "no")
    assert cli.main(["restaurar", str(copia), "--db", str(base)]) == 1
    salida = capsys.readouterr().out
    assert "cuentas: 2" in salida and "cuentas: 1" in salida and "No se restauró nada." in salida
    assert len(respaldo.respaldos(base)) == 1

    monkeypatch.setattr("builtins.input", lambda pregunta: "sí")
    assert cli.main(["restaurar", str(copia), "--db", str(base)]) == 0
    salida = capsys.readouterr().out
    assert f"Base «{base}» restaurada desde «{copia}»." in salida and "_antes_de_restaurar.duckdb" in salida
    with conexion.abierta(base) as con:
        assert con.execute("SELECT count(*) FROM usuarios WHERE usuario = 'nuevo'").fetchone() == (0,)


def test_cli_restaurar_sin_terminal_pide_si(base, capsys, monkeypatch):
    copia = respaldo.respaldar(base)
    monkeypatch.setattr("builtins.input", lambda pregunta: (_ for _ in ()).throw(EOFError))
    assert cli.main(["restaurar", str(copia), "--db", str(base)]) == 1
    assert "agregue --si" in capsys.readouterr().out
    assert cli.main(["restaurar", str(copia), "--db", str(base), "--si"]) == 0


def test_cli_rechazos_en_espanol(base, tmp_path, capsys):
    (tmp_path / "x.duckdb").write_text("hola")
    with pytest.raises(SystemExit) as salida:
        cli.main(["restaurar", str(tmp_path / "x.duckdb"), "--db", str(base), "--si"])
    assert salida.value.code == 1
    assert capsys.readouterr().err.startswith("Error: «x.duckdb» no es un respaldo de este tablero")
    with pytest.raises(SystemExit) as salida:
        cli.main(["respaldo", "--db", str(tmp_path / "no-hay.duckdb")])
    assert salida.value.code == 1 and "No existe la base de datos" in capsys.readouterr().err
    assert not (tmp_path / "no-hay.duckdb").exists()


def test_lo_que_quedo_en_el_wal_de_un_proceso_muerto_entra_al_respaldo(base):
    import subprocess
    import sys

    # Un proceso que escribe y muere sin cerrar la base deja su última transacción sólo en el .wal.
    subprocess.run([sys.executable, "-c", (
        "import duckdb, os, sys; c = duckdb.connect(sys.argv[1]); "
        "c.execute(\"INSERT INTO ajustes VALUES ('del_wal', '1')\"); os._exit(0)"), str(base)], check=True)
    assert base.with_name(base.name + ".wal").exists()
    copia = respaldo.respaldar(base, conservar=5)  # con `conservar` no abre la base antes (eso aplicaría el .wal)
    with duckdb.connect(str(copia), read_only=True) as con:
        assert con.execute("SELECT valor FROM ajustes WHERE clave = 'del_wal'").fetchone() == ("1",)


def test_con_la_base_abierta_por_otro_proceso_el_respaldo_espera_su_turno(base):
    """Mientras otro proceso (el tablero, una importación) tiene la base, el respaldo no copia: espera (avisando una
    vez) y copia cuando la suelta; si no la suelta a tiempo, un rechazo en español y ninguna copia."""
    import subprocess
    import sys
    import threading
    from pathlib import Path

    otro = subprocess.Popen(
        [sys.executable, "-c", "import sys; from datos import conexion\n"
                               "with conexion.abierta(sys.argv[1]) as con:\n"
                               "    con.execute(\"INSERT INTO ajustes VALUES ('del_otro', '1')\")\n"
                               "    print('abierta', flush=True); sys.stdin.readline()", str(base)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1])
    try:
        assert otro.stdout.readline().strip() == "abierta"
        with pytest.raises(conexion.BaseEnUso, match="sigue en uso por otro proceso"):
            respaldo.respaldar(base, conservar=5, espera=0.5)
        assert respaldo.respaldos(base) == [] and not list((base.parent / "respaldos").glob(".*"))

        avisos = []

        def al_esperar(ruta):  # el respaldo ya espera: el otro proceso termina su unidad
            avisos.append(ruta)
            otro.stdin.write("listo\n")
            otro.stdin.flush()

        hecho = []
        hilo = threading.Thread(target=lambda: hecho.append(
            respaldo.respaldar(base, conservar=5, espera=60, al_esperar=al_esperar)))
        hilo.start()
        hilo.join()
        assert avisos == [base] and otro.wait() == 0
    finally:
        otro.kill()
    (copia,) = hecho
    with duckdb.connect(str(copia), read_only=True) as con:  # la copia trae lo que el otro escribió
        assert con.execute("SELECT valor FROM ajustes WHERE clave = 'del_otro'").fetchone() == ("1",)
