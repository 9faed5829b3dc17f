"""Una base, muchos procesos: el cerrojo entre procesos de datos/conexion.py, con procesos y bases reales."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from cli.programas import consultas as consultas_main
from cli import comun as cli
from datos import conexion
from datos.importar import importar_archivo
from tests.ayudas import SISTEMA

RAIZ = Path(__file__).resolve().parents[1]


def _retener(ruta: Path) -> subprocess.Popen:
    """Otro proceso que abre la base como el tablero y la retiene hasta que se cierre su stdin (o se lo mate);
    avisa por stdout cuando la tiene."""
    codigo = textwrap.dedent(f"""
        import sys
        from datos import conexion
        with conexion.abierta({str(ruta)!r}) as con:
            con.execute("SELECT count(*) FROM ordenes").fetchone()
            print("tengo", flush=True)
            sys.stdin.read()
    """)
    proceso = subprocess.Popen([sys.executable, "-c", codigo], cwd=RAIZ, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert proceso.stdout.readline().strip() == "tengo"
    return proceso


@pytest.fixture
def base_con_datos(ruta_db, muestra):
    with conexion.abierta(ruta_db) as con:
        assert importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA).importado
    return ruta_db


def test_la_cli_espera_su_turno_y_termina(base_con_datos, capsys, monkeypatch):
    otro = _retener(base_con_datos)
    avisar = cli._al_esperar

    def avisar_y_soltar(ruta):  # el otro suelta la base recién cuando la CLI ya está esperando
        avisar(ruta)
        otro.stdin.close()
    monkeypatch.setattr(cli, "_al_esperar", avisar_y_soltar)
    try:
        consultas_main(["kpi", "--db", str(base_con_datos)])
    finally:
        otro.kill()
        otro.wait()
    salida = capsys.readouterr()
    assert "Esperando: la base" in salida.err and "espero mi turno hasta 60 s" in salida.err
    assert json.loads(salida.out)  # el KPI salió igual, después del otro proceso


def test_la_cli_se_rinde_con_un_mensaje_si_la_espera_se_acaba(base_con_datos, capsys, monkeypatch):
    monkeypatch.setenv("SEGUIMIENTO_ESPERA", "0.5")
    otro = _retener(base_con_datos)
    try:
        with pytest.raises(SystemExit) as salida:
            consultas_main(["kpi", "--db", str(base_con_datos)])
    finally:
        otro.kill()
        otro.wait()
    assert salida.value.code == 1
    err = capsys.readouterr().err
    assert "sigue en uso por otro proceso" in err and "Traceback" not in err


@pytest.mark.parametrize("orden", ["respaldo", "restaurar"])
def test_respaldo_y_restaurar_esperan_lo_que_dice_seguimiento_espera(orden, base_con_datos, tmp_path, capsys,
                                                                      monkeypatch):
    # El README promete SEGUIMIENTO_ESPERA a toda orden; respaldo y restaurar esperaban siempre 60 s.
    from cli.programas import datos as datos_main
    from operacion import respaldo

    copia = respaldo.respaldar(base_con_datos, salida=tmp_path / "copias")
    monkeypatch.setenv("SEGUIMIENTO_ESPERA", "1")
    args = ["respaldo"] if orden == "respaldo" else ["restaurar", str(copia), "--si"]
    otro = _retener(base_con_datos)
    try:
        with pytest.raises(SystemExit) as salida:
            datos_main([*args, "--db", str(base_con_datos)])
    finally:
        otro.kill()
        otro.wait()
    assert salida.value.code == 1
    err = capsys.readouterr().err
    assert "Esperando: la base" in err and "espero mi turno hasta 1 s" in err, err
    assert "sigue en uso por otro proceso" in err and "Traceback" not in err


def test_sin_cerrojo_duckdb_se_negaria(base_con_datos):
    """La razón del cerrojo: con la base abierta por otro proceso, DuckDB no deja abrirla."""
    otro = _retener(base_con_datos)
    try:
        with pytest.raises(duckdb.IOException, match="[Ll]ock"):
            duckdb.connect(str(base_con_datos))
    finally:
        otro.kill()
        otro.wait()


def test_la_base_se_cierra_al_terminar_la_unidad(base_con_datos):
    # Otro proceso (un duckdb.connect directo, sin nuestro cerrojo) sólo puede abrirla si la unidad la cerró: mientras
    # la unidad vive, DuckDB se lo niega; al terminar, la abre.
    abrir_en_otro = [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()", str(base_con_datos)]
    with conexion.abierta(base_con_datos) as con:
        con.execute("SELECT 1").fetchone()
        assert subprocess.run(abrir_en_otro, capture_output=True).returncode != 0
    assert subprocess.run(abrir_en_otro, capture_output=True, text=True).returncode == 0


def _otra_sesion(ruta: Path, al_salir: list[str] | None = None):
    """Otro hilo de este proceso (otra sesión del tablero) con una unidad abierta hasta que se llame a `soltar()`."""
    dentro, salir = threading.Event(), threading.Event()

    def sesion():
        with conexion.abierta(ruta) as con:
            con.execute("SELECT 1").fetchone()
            dentro.set()
            salir.wait(10)
            if al_salir is not None:
                al_salir.append("sesión termina")

    hilo = threading.Thread(target=sesion)
    hilo.start()
    assert dentro.wait(10)
    return hilo, salir.set


def test_unidades_del_mismo_proceso_comparten_la_conexion(base_con_datos):
    hilo, soltar = _otra_sesion(base_con_datos)
    inicio = time.monotonic()
    with conexion.abierta(base_con_datos, espera=5) as con:  # otra sesión del tablero: no espera a la primera
        assert con.execute("SELECT count(*) FROM ordenes").fetchone()[0] > 0
        with conexion.abierta(base_con_datos, espera=0) as anidada:  # anidada en el mismo hilo: la misma unidad
            anidada.execute("SELECT 1").fetchone()
    assert time.monotonic() - inicio < 5
    soltar()
    hilo.join()


def test_exclusiva_espera_a_las_unidades_y_las_detiene(base_con_datos):
    orden: list[str] = []
    hilo, soltar = _otra_sesion(base_con_datos, orden)
    threading.Timer(0.5, soltar).start()
    with conexion.exclusiva(base_con_datos) as ruta:
        orden.append("exclusiva")
        # Con el archivo cerrado en todo el proceso, se puede abrir directamente (p. ej. para copiarlo).
        duckdb.connect(str(ruta), read_only=True).close()
        with pytest.raises(conexion.BaseEnUso, match="respaldo o una restauración"):
            with conexion.abierta(base_con_datos, espera=0.2):
                pass
    hilo.join()
    assert orden == ["sesión termina", "exclusiva"]


def test_quien_espera_el_cerrojo_pasa_antes_que_las_sesiones_que_llegan_despues(base_con_datos):
    """El turno: con otro proceso esperando, una unidad nueva de este proceso espera detrás de él (sin el turno la
    tomaría enseguida: el otro sólo revisa el cerrojo cada 50 ms)."""
    codigo = textwrap.dedent(f"""
        import time
        from datos import conexion
        with conexion.abierta({str(base_con_datos)!r}, al_esperar=lambda r: print("espero", flush=True)):
            print("entré", time.monotonic(), flush=True)
            time.sleep(0.5)
    """)
    with conexion.abierta(base_con_datos) as con:
        con.execute("SELECT 1").fetchone()
        otro = subprocess.Popen([sys.executable, "-c", codigo], cwd=RAIZ, stdout=subprocess.PIPE, text=True)
        assert otro.stdout.readline().strip() == "espero"
    avisos = []
    with conexion.abierta(base_con_datos, espera=30, al_esperar=avisos.append):  # enseguida de soltarla
        nosotros = time.monotonic()
    palabra, el_otro = otro.stdout.readline().split()
    otro.wait()
    assert palabra == "entré" and float(el_otro) < nosotros
    assert avisos == [base_con_datos]
