"""`python -m datos importar`: códigos de salida, mensajes, y un proceso matado a mitad de importación."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from datos import conexion

RAIZ = Path(__file__).resolve().parents[1]


def correr(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "datos", *map(str, args)], cwd=RAIZ, capture_output=True,
                          text=True, **kw)


def contar(ruta) -> tuple:
    con = conexion.conectar(ruta)
    try:
        return con.execute("SELECT (SELECT count(*) FROM ordenes), (SELECT count(*) FROM historial_estados), "
                           "(SELECT count(*) FROM importaciones)").fetchall()[0]
    finally:
        con.close()


def test_importa_y_reimporta(tmp_path, muestra):
    db = tmp_path / "base" / "s.duckdb"
    ruta = muestra("ordenes_osf_2026_s2.csv")
    r = correr("importar", "--db", db, ruta)
    assert r.returncode == 0, r.stderr
    assert "órdenes nuevas: 463" in r.stdout
    r = correr("importar", "--db", db, ruta)
    assert r.returncode == 0 and "ya se importó" in r.stdout
    assert contar(db) == (463, 463, 1)


def test_archivo_rechazado_sale_con_1_y_lista_problemas(tmp_path, muestra):
    db = tmp_path / "s.duckdb"
    malo = tmp_path / "malo.csv"
    malo.write_text("OT;Actividad;Estado;F. Registro\n1;52137;Atendido;01/10/2026\n2;52137;Quién sabe;01/10/2026\n",
                    encoding="utf-8")
    r = correr("importar", "--db", db, muestra("ordenes_osf_2026_s2.csv"), malo, tmp_path / "no_existe.csv")
    assert r.returncode == 1
    assert "RECHAZADO, no se escribió nada" in r.stdout and "línea 3" in r.stdout and "«Quién sabe»" in r.stdout
    assert "no se pudo abrir" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert contar(db) == (463, 463, 1)  # el bueno entró; el malo, nada


def test_base_abierta_por_otro_proceso_da_mensaje_claro(tmp_path, muestra):
    db = tmp_path / "s.duckdb"
    otro = subprocess.Popen([sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); "
                             "print('listo', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert otro.stdout.readline().strip() == "listo"
        r = correr("importar", "--db", db, muestra("ordenes_osf_2026_s2.csv"))
        assert r.returncode != 0 and "abierta por otro proceso" in r.stderr and "Traceback" not in r.stderr
    finally:
        otro.kill()
        otro.wait()


def test_proceso_matado_a_mitad_deja_la_base_como_estaba(tmp_path, muestra):
    db = tmp_path / "s.duckdb"
    assert correr("importar", "--db", db, muestra("ordenes_osf_2026_s2.csv")).returncode == 0
    antes = contar(db)

    grande = tmp_path / "grande.csv"
    with grande.open("w", encoding="utf-8") as f:
        f.write("ORDER_ID,ACTIVITY_ID,ORDER_STATUS_ID,CREATED_DATE,COMMENT_\n")
        for i in range(600_000):
            f.write(f"{7_000_000 + i},52137 - SERVICIO,8 - LEGALIZADA,{1 + i % 28:02d}/10/2026 10:00,texto {i}\n")

    proceso = subprocess.Popen([sys.executable, "-m", "datos", "importar", "--db", str(db), str(grande)], cwd=RAIZ,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for linea in proceso.stderr:
        if "Escribiendo" in linea:
            break
    assert proceso.poll() is None, "el proceso terminó antes de poder matarlo"
    os.kill(proceso.pid, signal.SIGKILL)
    proceso.wait()
    assert proceso.returncode == -signal.SIGKILL

    assert contar(db) == antes
    # y la base sigue sana: la misma importación, completa, funciona
    r = correr("importar", "--db", db, grande)
    assert r.returncode == 0, r.stdout + r.stderr
    assert contar(db) == (antes[0] + 600_000, antes[1] + 600_000, antes[2] + 1)
