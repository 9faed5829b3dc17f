"""Lo común de las líneas de comandos (python -m datos / consultas / informes): argparse que explica
los errores en español y abrir la base con un mensaje claro en vez de una traza."""
from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import re
import sys
from typing import NoReturn

from datos import archivos, conexion
from datos.errores import ErrorUsuario
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


def _al_esperar(ruta) -> None:
    print(f"Esperando: la base «{ruta}» está en uso (el tablero, una importación o una tarea programada); "
          f"espero mi turno hasta {espera_cli():.0f} s…", file=sys.stderr, flush=True)


def espera_cli() -> float:
    """Segundos que una orden espera su turno: SEGUIMIENTO_ESPERA o 60."""
    try:
        return float(os.environ.get("SEGUIMIENTO_ESPERA") or conexion.ESPERA_POR_DEFECTO)
    except ValueError:
        fallar(f"SEGUIMIENTO_ESPERA debe ser un número de segundos (dice «{os.environ['SEGUIMIENTO_ESPERA']}»).")


def exigir_base(ruta=None):
    ruta = conexion.ruta_db(ruta)
    if not ruta.is_file():
        fallar(f"no existe la base de datos «{ruta}». Indique otra con --db o SEGUIMIENTO_DB.")
    return ruta


@contextlib.contextmanager
def abrir_base(ruta=None, *, debe_existir: bool = True):
    """`with abrir_base(args.db) as con:` — la base (--db, SEGUIMIENTO_DB o la de siempre) para esta orden, esperando
    su turno si el tablero u otra orden la usa. Con `debe_existir`, una ruta que no existe es un error: abrirla
    crearía una base vacía y un error de tipeo pasaría por «sin datos»."""
    ruta = exigir_base(ruta) if debe_existir else conexion.ruta_db(ruta)
    with contextlib.ExitStack() as pila:
        try:
            con = pila.enter_context(conexion.abierta(ruta, espera=espera_cli(), al_esperar=_al_esperar))
        except conexion.BaseEnUso as e:
            fallar(str(e))
        except Exception as e:  # no es una base DuckDB, sin permisos…
            _sin_traza(e, ruta)
            fallar(f"no se pudo abrir la base de datos «{ruta}»: {e}")
        yield con


def correr(main) -> int:
    """El punto de entrada de `python -m datos|consultas|informes`: lo que escribe nace privado (umask 077) y una base
    dañada o un disco lleno se explican en español, sin traza."""
    archivos.umask_privada()
    try:
        return main()
    except ErrorUsuario as e:  # p. ej. un disco lleno al escribir un archivo
        fallar(str(e))
    except Exception as e:
        abiertas = conexion.abiertas()
        _sin_traza(e, abiertas[-1] if abiertas else None)
        raise


def _sin_traza(error: Exception, ruta) -> None:
    """Si `error` es una base dañada o un disco lleno, sale con su mensaje (código 1); si no, vuelve."""
    from operacion import respaldo
    if respaldo.es_dano(error, base_propia=True):
        fallar(respaldo.mensaje_base_danada(ruta, error))
    if archivos.es_disco_lleno(error):
        ruta = conexion.ruta_db(ruta)
        fallar(archivos.mensaje_disco_lleno(ruta.parent, "escribir en la base", archivos.lugar_para_la_base(ruta)))
