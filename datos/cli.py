"""Lo común de las líneas de comandos (python -m datos / consultas / informes): argparse que explica
los errores en español y abrir la base con un mensaje claro en vez de una traza."""
from __future__ import annotations

import argparse
import getpass
import re
import sys
from typing import NoReturn

from datos import conexion
from datos.permisos import Usuario

# argparse no trae traducción al español: sus mensajes más comunes (Python 3.11) se traducen aquí.
_TRADUCCIONES = (
    (r"the following arguments are required: (.+)", r"faltan argumentos: \1"),
    (r"unrecognized arguments: (.+)", r"sobran argumentos: \1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"\1: \2 no es una opción (use \3)"),
    (r"argument (.+?): invalid \w+ value: (.+)", r"\1: valor no válido \2"),
    (r"argument (.+?): expected (?:one|at least one|at most one) argument", r"\1 necesita un valor"),
    (r"one of the arguments (.+) is required", r"falta uno de los argumentos \1"),
    (r"ambiguous option: (\S+) could match (.+)", r"la opción \1 es ambigua (puede ser \2)"),
)


def traducir(mensaje: str) -> str:
    for ingles, espanol in _TRADUCCIONES:
        if m := re.fullmatch(ingles, mensaje):
            return m.expand(espanol)
    return mensaje


class Argumentos(argparse.ArgumentParser):
    """argparse habla en inglés: un error de argumentos se explica en español, con el uso, y código 2."""

    def __init__(self, *args, uso: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uso = uso

    def error(self, message) -> NoReturn:
        uso = self.uso or " ".join(self.format_usage().removeprefix("usage: ").split())  # en una línea
        self.exit(2, f"Error: argumentos no válidos ({traducir(message)}).\nUso: {uso}\n")

    def subcomando(self, subparsers, nombre: str, **kwargs) -> argparse.ArgumentParser:
        """Un subcomando cuyos errores se explican igual que los del comando."""
        parser = subparsers.add_parser(nombre, **kwargs)
        parser.error = self.error
        return parser


def usuario_cli() -> Usuario:
    """Quien corre la línea de comandos: rol «sistema», con su usuario del sistema operativo en la auditoría."""
    quien = getpass.getuser()
    return Usuario(f"{quien} (CLI)", quien, "sistema")


def fallar(mensaje: str, codigo: int = 1) -> NoReturn:
    print(f"Error: {mensaje}", file=sys.stderr)
    sys.exit(codigo)


def abrir_base(ruta=None, *, debe_existir: bool = True):
    """La conexión a la base (--db, SEGUIMIENTO_DB o la de siempre). Con `debe_existir`, una ruta que no
    existe es un error: conectar() crearía una base vacía y un error de tipeo pasaría por «sin datos»."""
    ruta = conexion.ruta_db(ruta)
    if debe_existir and not ruta.is_file():
        fallar(f"no existe la base de datos «{ruta}». Indique otra con --db o SEGUIMIENTO_DB.")
    try:
        return conexion.conectar(ruta)
    except conexion.BaseEnUso as e:
        fallar(str(e))
    except Exception as e:  # no es una base DuckDB, sin permisos…
        fallar(f"no se pudo abrir la base de datos «{ruta}»: {e}")
