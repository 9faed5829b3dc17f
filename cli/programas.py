"""Las tres órdenes de siempre y los grupos que cada una reúne: `python -m datos|consultas|informes` (sus
`__main__.py` llaman aquí). Cada grupo es un módulo de cli/ con `registrar(sub)`, que agrega sus órdenes con
`cli.argumentos.orden` (y así su --db); `cli.comun.ejecutar` las corre detrás de la misma frontera de errores."""
from __future__ import annotations

from cli import ajustes, demo, importar, informes as grupo_informes, kpi, respaldo, tareas, usuarios
from cli.argumentos import Argumentos
from cli.comun import ejecutar

PROGRAMAS = {
    "datos": dict(
        description="Datos del seguimiento de OTs.", metavar="ORDEN",
        uso="python -m datos {importar,tareas,usuarios,actividades,estados,demo,respaldo,restaurar} …  "
            "(python -m datos ORDEN -h explica cada una)",
        grupos=(importar, tareas, demo, usuarios, ajustes, respaldo)),
    "consultas": dict(description="Consultas del tablero de seguimiento de OTs.", metavar="kpi", uso=kpi.USO,
                      grupos=(kpi,)),
    "informes": dict(description="Informes del tablero de seguimiento de OTs.", metavar="{mensual,conciliacion}",
                     uso=grupo_informes.USO, grupos=(grupo_informes,)),
}


def analizador(programa: str) -> Argumentos:
    """El árbol de `python -m PROGRAMA`."""
    definicion = PROGRAMAS[programa]
    parser = Argumentos(prog=f"python -m {programa}", description=definicion["description"], uso=definicion["uso"])
    sub = parser.add_subparsers(dest="orden", required=True, metavar=definicion["metavar"])
    for grupo in definicion["grupos"]:
        grupo.registrar(sub)
    return parser


def datos(argv: list[str] | None = None) -> int:
    return ejecutar(analizador("datos"), argv)


def consultas(argv: list[str] | None = None) -> int:
    return ejecutar(analizador("consultas"), argv)


def informes(argv: list[str] | None = None) -> int:
    return ejecutar(analizador("informes"), argv)
