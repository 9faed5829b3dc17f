"""Línea de comandos de las consultas.

    python -m consultas kpi [--db RUTA] [--desde AAAA-MM] [--hasta AAAA-MM]

Imprime el KPI mensual como un arreglo JSON. Errores: mensaje en español por stderr,
código 2 si los argumentos están mal, 1 si la base no se puede abrir.
"""
from __future__ import annotations

import json
import sys

from cli.comun import Argumentos, abrir_base, fallar

USO = "python -m consultas kpi [--db RUTA] [--desde AAAA-MM] [--hasta AAAA-MM]"


def kpi(args) -> None:
    from consultas.kpi import como_json, kpi_mensual
    from datos.meses import leer_mes

    try:
        desde = leer_mes(args.desde) if args.desde is not None else None
        hasta = leer_mes(args.hasta) if args.hasta is not None else None
    except ValueError as e:
        fallar(str(e), 2)
    if desde and hasta and desde > hasta:
        fallar("--desde no puede ser posterior a --hasta.", 2)
    with abrir_base(args.db) as con:
        filas = como_json(kpi_mensual(con, desde, hasta))
    json.dump(filas, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def main(argv=None) -> None:
    parser = Argumentos(prog="python -m consultas", description="Consultas del tablero de seguimiento de OTs.",
                        uso=USO)
    sub = parser.add_subparsers(dest="orden", required=True, metavar="kpi")
    p = parser.subcomando(sub, "kpi", help="KPI mensual en JSON")
    p.add_argument("--db", metavar="RUTA", help="base DuckDB (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    p.add_argument("--desde", metavar="AAAA-MM", help="primer mes (por defecto, el primero con datos)")
    p.add_argument("--hasta", metavar="AAAA-MM", help="último mes (por defecto, el último con datos)")
    args = parser.parse_args(argv)
    {"kpi": kpi}[args.orden](args)

