"""Lo que cuesta abrir la base por unidad de trabajo (datos/conexion.py) con 1.000.000 de órdenes.

    .venv/bin/python bench/bench_abrir.py [--ordenes 1000000] [--repeticiones 15]

Mide la mediana de: abrir y cerrar (conexion.abierta, con el cerrojo y la revisión de migraciones); el KPI de 24
meses con la conexión ya abierta (como antes, una conexión por proceso); y abrir + KPI + cerrar (como ahora cada
corrida del tablero, con el caché de DuckDB frío en cada apertura). Imprime cifras, no afirma nada.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench._datos import generar_ordenes, mediana_ms  # noqa: E402
from consultas import kpi  # noqa: E402
from datos import conexion  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ordenes", type=int, default=1_000_000)
    parser.add_argument("--repeticiones", type=int, default=15)
    args = parser.parse_args()
    print(f"Máquina: {os.cpu_count()} núcleos; carga media al empezar {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench_abrir_") as carpeta:
        ruta = Path(carpeta) / "seguimiento.duckdb"
        con = conexion.conectar(ruta)
        generar_ordenes(con, args.ordenes, poste=0.05, anulados=0.015, registrados=0.005, extra_recientes=0.06,
                        desde=dt.date(2024, 11, 1))
        con.execute("CHECKPOINT")
        con.close()
        print(f"Base: {args.ordenes:,} órdenes, {ruta.stat().st_size / 1e6:.0f} MB")
        desde, hasta = dt.date(2024, 11, 1), dt.date(2026, 10, 1)

        def abrir_y_cerrar():
            with conexion.abierta(ruta):
                pass

        def abrir_kpi_cerrar():
            with conexion.abierta(ruta) as c:
                kpi.kpi_mensual(c, desde, hasta)

        def informar(titulo, funcion):
            mediana, peor = mediana_ms(funcion, args.repeticiones)
            print(f"{titulo:<26} mediana {mediana:7.1f} ms, peor {peor:7.1f} ms")

        informar("abrir y cerrar", abrir_y_cerrar)
        with conexion.abierta(ruta) as abierta:
            kpi.kpi_mensual(abierta, desde, hasta)
            informar("KPI con la base abierta", lambda: kpi.kpi_mensual(abierta, desde, hasta))
        informar("abrir + KPI + cerrar", abrir_kpi_cerrar)


if __name__ == "__main__":
    main()
