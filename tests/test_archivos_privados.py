"""Archivos privados (issue 27, punto 9) y la carpeta de entrada que no sigue enlaces (punto 4): lo que el tablero
crea es 0600 en carpetas 0700, también con una umask abierta; un enlace simbólico, una tubería o un archivo de otra
cuenta se apartan sin abrirse y nada de su contenido llega a un .problemas.txt."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from datos import conexion
from operacion import respaldo, tareas
from tests.ayudas import MUESTRAS, RAIZ

AHORA = dt.datetime(2026, 11, 2, 8, 0)


def modo(ruta: Path) -> int:
    return stat.S_IMODE(os.lstat(ruta).st_mode)


@pytest.fixture
def umask_abierta():
    """Una umask 000: lo que sale 0600 así, lo pidió el programa, no la umask de quien lo corrió."""
    antes = os.umask(0)
    yield
    os.umask(antes)


@pytest.fixture
def entrada(tmp_path) -> Path:
    carpeta = tmp_path / "entrada"
    carpeta.mkdir()
    return carpeta


def test_lo_que_crean_el_respaldo_y_la_carpeta_es_privado_aun_con_umask_abierta(ruta_db, entrada, umask_abierta):
    conexion.conectar(ruta_db).close()
    assert modo(ruta_db) == 0o600
    shutil.copy(MUESTRAS / "ordenes_osf_2026_s2.csv", entrada / "bueno.csv")
    (entrada / "roto.csv").write_bytes("OT;ESTADO\n1;QUIEN SABE\n".encode())
    os.chmod(entrada / "bueno.csv", 0o644)
    resultado, _ = tareas.importar_carpeta(ruta_db, entrada, AHORA, quieto_s=0)
    assert resultado == "hecho"  # issue 23: un rechazo ya no es una falla de la tarea (antes «fallido»)
    for carpeta in (entrada / "procesados", entrada / "rechazados", ruta_db.parent / ".importando"):
        assert modo(carpeta) == 0o700, carpeta
    for archivo in (entrada / "procesados" / "bueno.csv", entrada / "rechazados" / "roto.csv",
                    entrada / "rechazados" / "roto.csv.problemas.txt"):
        assert modo(archivo) == 0o600, archivo
    copia = respaldo.respaldar(ruta_db, conservar=3)
    assert modo(copia) == 0o600 and modo(copia.parent) == 0o700

    tareas._escribir(entrada / "informe.pdf", b"%PDF-")
    assert modo(entrada / "informe.pdf") == 0o600


def test_las_entradas_ponen_la_umask_077(tmp_path):
    """`python -m datos …` de verdad, lanzado con umask 022: la base nueva, la carpeta de trabajo y un informe
    exportado nacen privados."""
    ruta = tmp_path / "base" / "seguimiento.duckdb"
    previa = lambda: os.umask(0o022)  # noqa: E731
    corrida = subprocess.run([sys.executable, "-m", "datos", "importar", "--db", str(ruta),
                              str(MUESTRAS / "ordenes_osf_2026_s2.csv")], cwd=RAIZ, capture_output=True, text=True,
                             timeout=300, preexec_fn=previa)
    assert corrida.returncode == 0, corrida.stderr
    assert modo(ruta) == 0o600 and modo(ruta.parent / ".importando") == 0o700
    assert modo(ruta.with_name(ruta.name + ".lock")) == 0o600  # éste lo crea filelock: sólo la umask lo cuida
    salida = tmp_path / "exportados"
    corrida = subprocess.run([sys.executable, "-m", "informes", "mensual", "2026-10", "--db", str(ruta),
                              "--salida", str(salida)], cwd=RAIZ, capture_output=True, text=True, timeout=300,
                             preexec_fn=previa)
    assert corrida.returncode == 0, corrida.stderr
    exportados = list(salida.iterdir())
    assert exportados and {modo(p) for p in exportados} == {0o600} and modo(salida) == 0o700


def test_la_carpeta_no_sigue_enlaces_ni_abre_dispositivos_ni_archivos_ajenos(ruta_db, entrada, tmp_path):
    conexion.conectar(ruta_db).close()
    afuera = tmp_path / "afuera.csv"
    shutil.copy(MUESTRAS / "ordenes_osf_2026_s2.csv", afuera)
    (entrada / "enlace.csv").symlink_to(afuera)
    (entrada / "passwd.csv").symlink_to("/etc/passwd")
    os.mkfifo(entrada / "tuberia.csv")  # abrirla dejaría la corrida colgada esperando a quien escriba
    ajeno = entrada / "ajeno.csv"
    shutil.copy(MUESTRAS / "ordenes_osf_2026_s2.csv", ajeno)
    os.chown(ajeno, 65534, 65534)  # nobody (las pruebas corren como root)
    assert tareas.archivos_listos(entrada, quieto_s=0) == []

    resultado, detalle = tareas.importar_carpeta(ruta_db, entrada, AHORA, quieto_s=0)
    assert resultado == "hecho"  # issue 23: un rechazo ya no es una falla de la tarea (antes «fallido»)
    for nombre in ("enlace.csv", "passwd.csv", "tuberia.csv", "ajeno.csv"):
        assert nombre in detalle
    with conexion.abierta(ruta_db) as con:
        assert con.execute("SELECT count(*) FROM importaciones").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM ordenes").fetchone() == (0,)
    rechazados = entrada / "rechazados"
    assert (rechazados / "enlace.csv").is_symlink() and os.readlink(rechazados / "passwd.csv") == "/etc/passwd"
    assert stat.S_ISFIFO(os.lstat(rechazados / "tuberia.csv").st_mode)
    assert afuera.read_bytes() == (MUESTRAS / "ordenes_osf_2026_s2.csv").read_bytes()  # lo de afuera, intacto
    passwd = Path("/etc/passwd").read_text().splitlines()
    for problemas in rechazados.glob("*.problemas.txt"):
        texto = problemas.read_text(encoding="utf-8")
        assert modo(problemas) == 0o600 and "no se importó" in texto
        assert not any(linea in texto for linea in passwd if linea)
        assert "OT" not in texto.split(":", 1)[1]  # nada del contenido del CSV
    assert "enlace simbólico" in (rechazados / "passwd.csv.problemas.txt").read_text(encoding="utf-8")
    assert "otra cuenta" in (rechazados / "ajeno.csv.problemas.txt").read_text(encoding="utf-8")
    assert "dispositivo, una tubería" in (rechazados / "tuberia.csv.problemas.txt").read_text(encoding="utf-8")


def test_el_tablero_pone_la_umask_077(ruta_db, umask_abierta):
    from streamlit.testing.v1 import AppTest
    AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60).run()
    assert os.umask(0) == 0o077


def test_la_importacion_revisa_el_archivo_que_abrio_no_el_que_se_miro(ruta_db, tmp_path):
    """La carrera de la carpeta de entrada: revisado con lstat y cambiado por un enlace, una tubería o uno de otra
    cuenta antes de abrirlo. La importación abre con O_NOFOLLOW y revisa el descriptor abierto (fstat): nada se lee."""
    from datos.importar import importar_archivo
    from tests.ayudas import SISTEMA
    afuera = tmp_path / "afuera.csv"
    shutil.copy(MUESTRAS / "ordenes_osf_2026_s2.csv", afuera)
    (tmp_path / "enlace.csv").symlink_to(afuera)
    os.mkfifo(tmp_path / "tuberia.csv")  # abrirla sin O_NONBLOCK dejaría la importación colgada
    ajeno = tmp_path / "ajeno.csv"
    shutil.copy(MUESTRAS / "ordenes_osf_2026_s2.csv", ajeno)
    os.chown(ajeno, 65534, 65534)  # nobody (las pruebas corren como root)
    con = conexion.conectar(ruta_db)
    try:
        for nombre, motivo, solo_propios in (("enlace.csv", "enlace simbólico", False),
                                             ("tuberia.csv", "dispositivo, una tubería", False),
                                             ("ajeno.csv", "otra cuenta", True)):
            res = importar_archivo(con, tmp_path / nombre, usuario=SISTEMA, solo_propios=solo_propios)
            (p,) = res.problemas
            assert motivo in p.problema and res.importacion_id is None and res.lectura is None, nombre
        assert con.execute("SELECT count(*) FROM importaciones").fetchone() == (0,)
        # Desde la consola, un archivo común de otra cuenta que se puede leer se importa como siempre.
        res = importar_archivo(con, ajeno, usuario=SISTEMA)
        assert res.problemas == [] and res.importacion_id is not None
    finally:
        con.close()
    assert not list((ruta_db.parent / ".importando").iterdir())  # ni enlaces duros ni copias quedaron
