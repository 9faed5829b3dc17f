"""Línea de comandos de las consultas.

    python -m consultas kpi [--db RUTA] [--desde AAAA-MM] [--hasta AAAA-MM]

Imprime el KPI mensual como un arreglo JSON. Errores: mensaje en español por stderr,
código 2 si los argumentos están mal, 1 si la base no se puede abrir.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

USO = "python -m consultas kpi [--db RUTA] [--desde AAAA-MM] [--hasta AAAA-MM]"


class _Argumentos(argparse.ArgumentParser):
    def error(self, message):  # argparse escribe en inglés y con traza de uso; lo decimos nosotros
        self.exit(2, f"Error: argumentos no válidos ({message}).\nUso: {USO}\n")


def _fallar(codigo: int, mensaje: str):
    print(f"Error: {mensaje}", file=sys.stderr)
    sys.exit(codigo)


def kpi(args) -> None:
    from consultas.kpi import como_json, kpi_mensual, leer_mes
    from datos import conexion

    try:
        desde = leer_mes(args.desde) if args.desde is not None else None
        hasta = leer_mes(args.hasta) if args.hasta is not None else None
    except ValueError as e:
        _fallar(2, str(e))
    if desde and hasta and desde > hasta:
        _fallar(2, "--desde no puede ser posterior a --hasta.")
    ruta = conexion.ruta_db(args.db)
    # conectar() crearía una base vacía: un error de tipeo daría un KPI vacío sin aviso.
    if not ruta.is_file():
        _fallar(1, f"no existe la base de datos «{ruta}». Indique otra con --db o SEGUIMIENTO_DB.")
    try:
        con = conexion.conectar(ruta)
    except conexion.BaseEnUso as e:
        _fallar(1, str(e))
    except Exception as e:  # archivo que no es una base DuckDB, sin permisos…
        _fallar(1, f"no se pudo abrir la base de datos «{ruta}»: {e}")
    try:
        filas = como_json(kpi_mensual(con, desde, hasta))
    finally:
        con.close()
    json.dump(filas, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def main(argv=None) -> None:
    parser = _Argumentos(prog="python -m consultas", description="Consultas del tablero de seguimiento de OTs.")
    sub = parser.add_subparsers(dest="orden", required=True, metavar="kpi")
    p = sub.add_parser("kpi", help="KPI mensual en JSON")
    p.error = parser.error  # mismo mensaje en español para los errores del subcomando
    p.add_argument("--db", metavar="RUTA", help="base DuckDB (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    p.add_argument("--desde", metavar="AAAA-MM", help="primer mes (por defecto, el primero con datos)")
    p.add_argument("--hasta", metavar="AAAA-MM", help="último mes (por defecto, el último con datos)")
    args = parser.parse_args(argv)
    {"kpi": kpi}[args.orden](args)


if __name__ == "__main__":
    main()
