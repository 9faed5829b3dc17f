"""`python -m datos demo [--db RUTA]`: reconstruye la base de demostración (demo/)."""
from __future__ import annotations

from cli.argumentos import orden
from datos import conexion


def registrar(sub) -> None:
    # Su --db no toma SEGUIMIENTO_DB: reconstruir la demostración nunca debe pisar la base de trabajo.
    orden(sub, "demo", demo, help="reconstruir la base de demostración",
          ayuda_db="ruta de la base de demostración (por defecto datos/demo.duckdb)")


def demo(args) -> int:
    import demo as modulo  # aquí y no arriba: arrastra el importador (y numpy) a toda orden que arranque

    ruta = modulo.construir(args.db or conexion.RUTA_DEMO)
    print(f"Base de demostración lista en {ruta}")
    return 0
