"""argparse en español, y la única manera de registrar una orden (con su `--db`, declarado sólo aquí).

argparse escribe su ayuda y sus errores en inglés («usage:», «options», «show this help message and exit») y trae
su texto por gettext, que depende del idioma del entorno (cron corre sin LANG): en vez de instalar un catálogo,
la ayuda se arma aquí en español (títulos, prefijo del uso, -h) y los errores se traducen al mostrarse.
"""
from __future__ import annotations

import argparse
import re
from typing import NoReturn

PREFIJO_USO = "Uso: "
AYUDA_DB = "base DuckDB (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)"

# Los mensajes de error de argparse (Python 3.11) que un usuario puede provocar, en español.
_TRADUCCIONES = (
    (r"the following arguments are required: (.+)", r"faltan argumentos: \1"),
    (r"unrecognized arguments: (.+)", r"sobran argumentos: \1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"\1: \2 no es una opción (use \3)"),
    (r"argument (.+?): invalid \w+ value: (.+)", r"\1: valor no válido \2"),
    (r"argument (.+?): expected (?:one|at least one|at most one) argument", r"\1 necesita un valor"),
    (r"argument (.+?): not allowed with argument (.+)", r"\1 no se puede usar junto con \2"),
    (r"argument (.+?): ignored explicit argument (.+)", r"\1 no lleva valor (se recibió \2)"),
    (r"one of the arguments (.+) is required", r"falta uno de los argumentos \1"),
    (r"ambiguous option: (\S+) could match (.+)", r"la opción \1 es ambigua (puede ser \2)"),
)


def traducir(mensaje: str) -> str:
    for ingles, espanol in _TRADUCCIONES:
        if m := re.fullmatch(ingles, mensaje):
            return m.expand(espanol)
    return mensaje


class _Formato(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, PREFIJO_USO if prefix is None else prefix)


class Argumentos(argparse.ArgumentParser):
    """Ayuda en español; un error de argumentos se explica en español, con el uso (`uso` o el de argparse), y
    código 2. Los subcomandos también son Argumentos (argparse crea los de la misma clase)."""

    def __init__(self, *args, uso: str | None = None, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", _Formato)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "argumentos", "opciones"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="muestra esta ayuda y termina")
        self.uso = uso

    def error(self, message) -> NoReturn:
        uso = self.uso or " ".join(self.format_usage().removeprefix(PREFIJO_USO).split())  # en una línea
        self.exit(2, f"Error: argumentos no válidos ({traducir(message)}).\nUso: {uso}\n")


def orden(sub, nombre: str, funcion, *, ayuda_db: str = AYUDA_DB, **kwargs) -> Argumentos:
    """Registra una orden que se corre: `funcion(args)` con `args.db` (--db RUTA; sin él, SEGUIMIENTO_DB o la base
    de siempre, ver cli.comun). Devuelve su analizador para agregarle sus propios argumentos."""
    p = sub.add_parser(nombre, **kwargs)
    p.add_argument("--db", metavar="RUTA", help=ayuda_db)
    p.set_defaults(funcion=funcion)
    return p


def grupo(sub, nombre: str, **kwargs):
    """Registra un grupo de órdenes (`actividades listar|agregar|quitar`); devuelve dónde registrar las suyas."""
    p = sub.add_parser(nombre, **kwargs)
    return p.add_subparsers(dest=f"accion_{nombre}", required=True, metavar="ACCIÓN")
