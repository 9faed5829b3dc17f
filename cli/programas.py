"""Las tres órdenes de siempre y los grupos que cada una reúne: `python -m datos|consultas|informes` (sus
`__main__.py` llaman aquí). Cada grupo es un módulo de cli/ con `registrar(sub)`, que agrega sus órdenes con
`cli.argumentos.orden` (y así su --db); `cli.comun.ejecutar` las corre detrás de la misma frontera de errores."""
from __future__ import annotations

import importlib

from cli.argumentos import Argumentos
from cli.comun import ejecutar

# Los grupos van por nombre (cli/NOMBRE.py) y se cargan sólo los de la orden que corre: `python -m consultas kpi`
# no paga lo que importan las cuentas, las tareas o los respaldos (~0,5 s más en arrancar).

PROGRAMAS = {
    "datos": dict(
        description="Datos del seguimiento de OTs.", metavar="ORDEN",
        uso="python -m datos {importar,tareas,usuarios,actividades,estados,feriados,demo,respaldo,restaurar} …  "
            "(python -m datos ORDEN -h explica cada una)",
        grupos=("importar", "tareas", "demo", "usuarios", "ajustes", "feriados", "respaldo")),
    "consultas": dict(description="Consultas del tablero de seguimiento de OTs.", metavar="kpi", grupos=("kpi",)),
    "informes": dict(description="Informes del tablero de seguimiento de OTs.", metavar="{mensual,conciliacion}",
                     grupos=("informes",)),
}


def analizador(programa: str) -> Argumentos:
    """El árbol de `python -m PROGRAMA`. Su uso (en un error de argumentos) es el propio o el de su único grupo."""
    definicion = PROGRAMAS[programa]
    grupos = [importlib.import_module(f"cli.{grupo}") for grupo in definicion["grupos"]]
    parser = Argumentos(prog=f"python -m {programa}", description=definicion["description"],
                        uso=definicion.get("uso") or grupos[0].USO)
    sub = parser.add_subparsers(dest="orden", required=True, metavar=definicion["metavar"])
    for grupo in grupos:
        grupo.registrar(sub)
    return parser


def datos(argv: list[str] | None = None) -> int:
    return ejecutar(analizador("datos"), argv)


def consultas(argv: list[str] | None = None) -> int:
    return ejecutar(analizador("consultas"), argv)


def informes(argv: list[str] | None = None) -> int:
    return ejecutar(analizador("informes"), argv)
