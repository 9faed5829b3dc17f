"""La línea de órdenes como un solo árbol: --db y SEGUIMIENTO_DB en toda orden, la misma frontera de errores y la
ayuda en español en cada rincón (python -m datos|consultas|informes)."""
from __future__ import annotations

import argparse
import getpass
import re

import pytest

from cli.argumentos import Argumentos, orden
from cli.comun import ejecutar, fallar
from cli.programas import PROGRAMAS, analizador, consultas, datos, informes
from datos.errores import ErrorUsuario
from datos.permisos import PermisoDenegado
from operacion import respaldo
from tests.ayudas import correr_proceso

PRINCIPAL = {"datos": datos, "consultas": consultas, "informes": informes}


def arbol(parser: argparse.ArgumentParser, camino: tuple[str, ...] = ()):
    """(camino, analizador) de cada nodo del árbol: el programa, sus grupos y sus órdenes."""
    yield camino, parser
    for accion in parser._actions:
        if isinstance(accion, argparse._SubParsersAction):
            for nombre, hijo in accion.choices.items():
                yield from arbol(hijo, (*camino, nombre))


def nodos() -> list[tuple[str, ...]]:
    return [(programa, *camino) for programa in PROGRAMAS for camino, _ in arbol(analizador(programa))]


def hojas() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Las órdenes que se corren (las que tienen una función), por programa y camino."""
    return {(programa, *camino): p for programa in PROGRAMAS for camino, p in arbol(analizador(programa))
            if p.get_default("funcion")}


# --- --db y SEGUIMIENTO_DB --------------------------------------------------------------------------------------

def test_toda_orden_declara_db_de_la_misma_manera():
    for camino, p in hojas().items():
        (db,) = [a for a in p._actions if "--db" in a.option_strings]
        assert db.metavar == "RUTA" and db.default is None, camino
        esperado = "de demostración" if camino == ("datos", "demo") else "SEGUIMIENTO_DB"
        assert esperado in db.help, camino


# Cada orden corrida contra una base que no existe (por --db o por SEGUIMIENTO_DB): lo que dice muestra que usó
# esa ruta. `demo` no está: su base es la de demostración y nunca toma SEGUIMIENTO_DB (no pisa la de trabajo).
NO_EXISTE = "no existe la base de datos «{ruta}»"
CASOS = {
    ("datos", "importar"): (["importar", "{tmp}/falta.csv"], 1, "no se creó la base «{ruta}»"),
    ("datos", "tareas"): (["tareas"], 1, NO_EXISTE),
    ("datos", "usuarios", "clave"): (["usuarios", "clave", "jefe"], 1, NO_EXISTE),
    ("datos", "usuarios", "listar"): (["usuarios", "listar"], 1, NO_EXISTE),
    ("datos", "usuarios", "agregar"): (["usuarios", "agregar", "jefe", "--rol", "administrador"], 0,
                                       "Cuenta «jefe» creada"),
    ("datos", "actividades", "listar"): (["actividades", "listar"], 1, NO_EXISTE),
    ("datos", "actividades", "agregar"): (["actividades", "agregar", "52999", "Otra"], 1, NO_EXISTE),
    ("datos", "actividades", "quitar"): (["actividades", "quitar", "52999"], 1, NO_EXISTE),
    ("datos", "estados", "listar"): (["estados", "listar"], 1, NO_EXISTE),
    ("datos", "estados", "asignar"): (["estados", "asignar", "8 - CERRADA", "ATENDIDO"], 1, NO_EXISTE),
    ("datos", "feriados", "listar"): (["feriados", "listar"], 1, NO_EXISTE),
    ("datos", "feriados", "agregar"): (["feriados", "agregar", "14/09/2026", "Aniversario de Cochabamba"], 1, NO_EXISTE),
    ("datos", "feriados", "quitar"): (["feriados", "quitar", "14/09/2026"], 1, NO_EXISTE),
    ("datos", "respaldo"): (["respaldo"], 1, "No existe la base de datos «{ruta}»"),
    ("datos", "restaurar"): (["restaurar", "{respaldo}", "--si"], 0, "Base «{ruta}» restaurada"),
    ("consultas", "kpi"): (["kpi"], 1, NO_EXISTE),
    ("informes", "mensual"): (["mensual", "2026-10", "--salida", "{tmp}/salida"], 1, NO_EXISTE),
    ("informes", "conciliacion"): (["conciliacion", "2026-10", "--json"], 1, NO_EXISTE),
}


def test_los_casos_cubren_todas_las_ordenes():
    assert set(CASOS) | {("datos", "demo")} == set(hojas())


@pytest.mark.parametrize("por", ["--db", "SEGUIMIENTO_DB"])
@pytest.mark.parametrize("camino", CASOS, ids="_".join)
def test_toda_orden_usa_db_o_seguimiento_db(camino, por, base_migrada, tmp_path, en_proceso, monkeypatch):
    ruta = tmp_path / "otra" / "elegida.duckdb"
    ruta.parent.mkdir()
    args, codigo, dice = CASOS[camino]
    valores = {"tmp": tmp_path, "ruta": ruta, "respaldo": base_migrada}  # una base migrada sirve de respaldo
    args = [a.format(**valores) for a in args]
    if por == "--db":
        args += ["--db", str(ruta)]
    else:  # base_migrada ya puso SEGUIMIENTO_DB en su propia ruta: se cambia por la elegida
        monkeypatch.setenv("SEGUIMIENTO_DB", str(ruta))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "clave-del-jefe")
    r = en_proceso(PRINCIPAL[camino[0]], *args)
    assert r.returncode == codigo and dice.format(**valores) in r.stdout + r.stderr, r
    assert "Traceback" not in r.stderr
    assert ruta.exists() == (codigo == 0)  # una orden que no crea la base no dejó una vacía


# --- La frontera de errores -------------------------------------------------------------------------------------

def _rechaza(error: Exception):
    def orden_que_falla(args):
        print("empecé")
        raise error
    return orden_que_falla


@pytest.mark.parametrize("error, codigo, linea", [
    (ErrorUsuario("La actividad 1 no está en la lista."), 1, "Error: La actividad 1 no está en la lista."),
    (PermisoDenegado("Su rol no permite esto."), 1, "Error: Su rol no permite esto."),
    (respaldo.RespaldoInvalido("«x» no es un respaldo."), 1, "Error: «x» no es un respaldo."),
])
def test_un_error_del_usuario_es_una_linea_y_codigo_1(error, codigo, linea, en_proceso):
    def principal(argv):
        parser = Argumentos(prog="python -m prueba")
        orden(parser.add_subparsers(dest="orden", required=True), "falla", _rechaza(error))
        return ejecutar(parser, argv)

    r = en_proceso(principal, "falla")
    assert (r.returncode, r.stdout, r.stderr) == (codigo, "empecé\n", linea + "\n")


def test_fallar_lleva_su_codigo(en_proceso):
    def principal(argv):
        parser = Argumentos(prog="python -m prueba")
        orden(parser.add_subparsers(dest="orden", required=True), "mal", lambda args: fallar("mes mal escrito.", 2))
        return ejecutar(parser, argv)

    r = en_proceso(principal, "mal")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", "Error: mes mal escrito.\n")


def test_un_proceso_de_verdad_sale_con_1_y_sin_traza(tmp_path):
    r = correr_proceso("datos", "respaldo", "--db", tmp_path / "no-hay.duckdb")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.splitlines() == [f"Error: No existe la base de datos «{tmp_path / 'no-hay.duckdb'}»: no hay nada "
                                     "que respaldar."]


# --- La ayuda en español ----------------------------------------------------------------------------------------

INGLES = re.compile(r"\b(usage|options|optional|positional|arguments|show|help message|exit|default|required|"
                    r"choose|invalid|expected|unrecognized|not allowed)\b", re.IGNORECASE)


@pytest.mark.parametrize("camino", nodos(), ids=" ".join)
def test_la_ayuda_de_cada_orden_esta_en_espanol(camino, en_proceso):
    r = en_proceso(PRINCIPAL[camino[0]], *camino[1:], "--help")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith(f"Uso: python -m {' '.join(camino)} [-h]"), r.stdout
    assert "-h, --help" in r.stdout and "muestra esta ayuda y termina" in r.stdout
    # Sin --help ni -h (opciones, no palabras): ni una palabra de argparse en inglés.
    assert not INGLES.search(r.stdout.replace("--help", "")), INGLES.search(r.stdout.replace("--help", ""))


@pytest.mark.parametrize("principal, args, dice", [
    (informes, ["conciliacion", "2026-10", "--json", "--salida", "x"], "--salida no se puede usar junto con --json"),
    (informes, ["conciliacion", "2026-10"], "falta uno de los argumentos --json --salida"),
    (informes, ["mensual", "2026-10", "--salida", "x", "--actividad", "uno"], "--actividad: valor no válido 'uno'"),
    (datos, ["usuarios"], "faltan argumentos: ACCIÓN"),
    (datos, ["respaldo", "--si"], "sobran argumentos: --si"),
    (consultas, ["kpi", "--desde"], "--desde necesita un valor"),
])
def test_los_errores_de_argumentos_en_espanol(principal, args, dice, en_proceso):
    r = en_proceso(principal, *args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: argumentos no válidos (") and dice in r.stderr, r.stderr
    assert "\nUso: python -m " in r.stderr and not INGLES.search(r.stderr), r.stderr
