"""Una corrida de tareas sin nada que hacer (`python -m datos tareas`, la que cron lanza cada 15 minutos).

    .venv/bin/python bench/bench_tareas.py [--ordenes 20000] [--repeticiones 5]

Arma una base con órdenes, corre las tareas una vez a las 09:00 de hoy (informe del mes pasado, alerta, respaldo) y
mide la mediana de `python -m datos tareas` ya sin nada que hacer: tiempo de pared y CPU (usuario + sistema) del
proceso. Como en un servidor instalado, con los .pyc guardados (en una carpeta temporal: PYTHONPYCACHEPREFIX) y una
corrida previa que los escribe; sin ellos cada corrida compila todo de nuevo. Imprime cifras, no afirma nada.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench._datos import generar_ordenes  # noqa: E402
from datos import conexion, reloj  # noqa: E402
from operacion import tareas  # noqa: E402


def una_corrida(ruta: Path, entorno: dict) -> tuple[float, float, str]:
    """(pared, CPU) en segundos de un `python -m datos tareas`, y lo que imprimió."""
    antes = os.times()
    inicio = time.perf_counter()
    salida = subprocess.run([sys.executable, "-m", "datos", "tareas", "--db", str(ruta)], cwd=RAIZ, env=entorno,
                            capture_output=True, text=True, check=True)
    pared = time.perf_counter() - inicio
    despues = os.times()
    cpu = (despues.children_user - antes.children_user) + (despues.children_system - antes.children_system)
    return pared, cpu, salida.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ordenes", type=int, default=20_000)
    parser.add_argument("--repeticiones", type=int, default=5)
    args = parser.parse_args()
    print(f"Máquina: {os.cpu_count()} núcleos; carga media al empezar {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench_tareas_") as carpeta:
        ruta = Path(carpeta) / "seguimiento.duckdb"
        (Path(carpeta) / "entrada").mkdir()
        hoy = reloj.hoy()
        con = conexion.conectar(ruta)
        generar_ordenes(con, args.ordenes, desde=hoy - dt.timedelta(days=365), dias=360)
        con.execute("CHECKPOINT")
        con.close()
        hechas = tareas.correr(ruta, ahora=dt.datetime.combine(hoy, dt.time(9, 0)))
        print("Primera corrida (09:00 de hoy): " + "; ".join(f"{c.tarea} {c.resultado}" for c in hechas))
        entorno = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(carpeta) / "pyc")}
        entorno.pop("PYTHONDONTWRITEBYTECODE", None)
        una_corrida(ruta, entorno)  # escribe los .pyc
        medidas = [una_corrida(ruta, entorno) for _ in range(args.repeticiones)]
        print(f"Sin nada que hacer ({medidas[-1][2]}):")
        pared, cpu = (statistics.median(m[i] for m in medidas) for i in (0, 1))
        print(f"  pared {pared:.2f} s, CPU {cpu:.2f} s "
              f"(mediana de {args.repeticiones}; carga media al terminar {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
