"""Lo común de las líneas de comandos (python -m datos / consultas / informes): argparse que explica
los errores en español y abrir la base con un mensaje claro en vez de una traza."""
from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from datos import conexion


class Argumentos(argparse.ArgumentParser):
    """argparse habla en inglés: un error de argumentos se explica en español, con el uso, y código 2."""

    def __init__(self, *args, uso: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uso = uso

    def error(self, message) -> NoReturn:
        self.exit(2, f"Error: argumentos no válidos ({message}).\nUso: {self.uso or self.format_usage().strip()}\n")

    def subcomando(self, subparsers, nombre: str, **kwargs) -> argparse.ArgumentParser:
        """Un subcomando cuyos errores se explican igual que los del comando."""
        parser = subparsers.add_parser(nombre, **kwargs)
        parser.error = self.error
        return parser


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
