"""Lo común de las órdenes: la frontera que convierte un error esperado en un mensaje en español y un código de
salida, y la base de cada orden (--db o SEGUIMIENTO_DB, esperando su turno hasta SEGUIMIENTO_ESPERA segundos)."""
from __future__ import annotations

import contextlib
import getpass
import os
import sys
from typing import NoReturn

from cli.argumentos import Argumentos
from datos import archivos, conexion
from datos.errores import ErrorUsuario
from datos.permisos import Usuario


class Falla(ErrorUsuario):
    """Un error de la orden con su código de salida: 1, o 2 si un argumento está mal escrito."""

    def __init__(self, mensaje: str, codigo: int = 1):
        super().__init__(mensaje)
        self.codigo = codigo


def fallar(mensaje: str, codigo: int = 1) -> NoReturn:
    raise Falla(mensaje, codigo)


def ejecutar(parser: Argumentos, argv: list[str] | None = None) -> int:
    """La frontera de toda orden: lee los argumentos (un error ahí: código 2) y corre la orden elegida. Un
    ErrorUsuario es una línea «Error: …» por stderr y código 1 (o el de su Falla), nunca una traza."""
    archivos.umask_privada()  # la base, su .wal, los respaldos y los informes: sólo para esta cuenta
    args = parser.parse_args(argv)
    args.proceso = argv is None  # corre como `python -m …`, no llamada desde Python
    try:
        codigo = _correr(args)
        sys.stdout.flush()
    except ErrorUsuario as e:
        print(f"Error: {e}", file=sys.stderr)
        sys.exit(getattr(e, "codigo", 1))
    except BrokenPipeError:  # `… | head` dejó de leer: no es un error (y Python no debe quejarse al salir)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        codigo = 0
    return codigo


def _correr(args) -> int:
    """La orden; una base dañada o un disco lleno (un error de DuckDB o del sistema) pasan a ser una Falla con su
    mensaje en español, que nombra la base (la última que abrió este proceso)."""
    try:
        return args.funcion(args) or 0
    except Exception as e:
        abiertas = conexion.abiertas()
        _sin_traza(e, abiertas[-1] if abiertas else getattr(args, "db", None))
        raise


def _sin_traza(error: Exception, ruta) -> None:
    """Si `error` es una base dañada o un disco lleno, levanta una Falla con su mensaje; si no, vuelve."""
    from operacion import respaldo
    if respaldo.es_dano(error, base_propia=True):
        fallar(respaldo.mensaje_base_danada(ruta, error))
    if archivos.es_disco_lleno(error):
        ruta = conexion.ruta_db(ruta)
        fallar(archivos.mensaje_disco_lleno(ruta.parent, "escribir en la base", archivos.lugar_para_la_base(ruta)))


def usuario_cli() -> Usuario:
    """Quien corre la línea de comandos: rol «sistema», con su usuario del sistema operativo en la auditoría."""
    quien = getpass.getuser()
    return Usuario(f"{quien} (CLI)", quien, "sistema")


def _al_esperar(ruta) -> None:
    print(f"Esperando: la base «{ruta}» está en uso (el tablero, una importación o una tarea programada); "
          f"espero mi turno hasta {espera_cli():.0f} s…", file=sys.stderr, flush=True)


def espera_cli() -> float:
    """Segundos que una orden espera su turno: SEGUIMIENTO_ESPERA o 60."""
    try:
        return float(os.environ.get("SEGUIMIENTO_ESPERA") or conexion.ESPERA_POR_DEFECTO)
    except ValueError:
        fallar(f"SEGUIMIENTO_ESPERA debe ser un número de segundos (dice «{os.environ['SEGUIMIENTO_ESPERA']}»).")


def turno() -> dict:
    """Cómo espera su turno una orden, para `conexion.abierta`, `exclusiva` y los respaldos: hasta
    SEGUIMIENTO_ESPERA segundos, avisando una vez por stderr."""
    return {"espera": espera_cli(), "al_esperar": _al_esperar}


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
            con = pila.enter_context(conexion.abierta(ruta, **turno()))
        except ErrorUsuario:  # en uso después de esperar su turno
            raise
        except Exception as e:  # no es una base DuckDB, sin permisos…
            _sin_traza(e, ruta)
            fallar(f"no se pudo abrir la base de datos «{ruta}»: {e}")
        yield con
