"""`python -m consultas kpi [--db RUTA] [--desde AAAA-MM] [--hasta AAAA-MM]`: el KPI mensual como un arreglo JSON.
Un mes mal escrito sale con código 2 (como un argumento mal escrito); una base que no se abre, con 1."""
from __future__ import annotations

import json
import sys

from cli.argumentos import orden
from cli.comun import abrir_base, fallar
from datos.meses import leer_mes

USO = "python -m consultas kpi [--db RUTA] [--desde AAAA-MM] [--hasta AAAA-MM]"


def registrar(sub) -> None:
    p = orden(sub, "kpi", kpi, uso=USO, help="KPI mensual en JSON")
    p.add_argument("--desde", metavar="AAAA-MM", help="primer mes (por defecto, el primero con datos)")
    p.add_argument("--hasta", metavar="AAAA-MM", help="último mes (por defecto, el último con datos)")


def kpi(args) -> None:
    from consultas.kpi import como_json, kpi_mensual

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
