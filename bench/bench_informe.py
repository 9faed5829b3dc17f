"""Velocidad del informe mensual (datos + PDF + Excel) con 1.000.000 de órdenes en la base.

Se ejecuta a mano e imprime cifras (no afirma nada):

    .venv/bin/python bench/bench_informe.py [--ordenes 1000000] [--poste 0.05] [--repeticiones 5]

`--poste` es la fracción de órdenes que son de movimiento de poste (5 % como en el caso del KPI;
`--poste 1` es el caso pesado: todas lo son y cada mes tiene ~40.000 órdenes). Las órdenes se reparten en
24 meses; ~85 % ATENDIDO, ~8 % ANULADO, ~7 % REGISTRADO; hay registros de seguimiento (algunos corregidos)
sobre una de cada tres órdenes de poste, y ausencias. Mide el mes más reciente completo.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench._datos import generar_ordenes  # noqa: E402
from datos import conexion  # noqa: E402
from informes import mensual, pdf  # noqa: E402

MES = dt.date(2026, 10, 1)
AHORA = dt.datetime(2026, 11, 20, 9, 0)

# Un registro del tipo que toca por estado para una de cada tres órdenes de poste; uno de cada diez se corrige.
SEGUIMIENTOS = """
INSERT INTO seguimientos (ot, tipo, texto, fecha_contacto, contacto, resultado, autor, rol, suplente, creado_en)
SELECT ot,
       CASE estado WHEN 'ANULADO' THEN 'medida_correctiva' WHEN 'REGISTRADO' THEN 'coordinacion'
                   ELSE 'verificacion' END,
       'Seguimiento de prueba de la OT ' || ot,
       CASE WHEN estado = 'REGISTRADO' THEN CAST(fecha_registro AS DATE) + 5 END,
       CASE WHEN estado = 'REGISTRADO' THEN 'Gestión de Redes' END,
       CASE WHEN estado = 'ATENDIDO' THEN (CASE WHEN ot % 7 = 0 THEN 'con_observacion' ELSE 'conforme' END) END,
       CASE WHEN ot % 5 = 0 THEN 'rita' ELSE 'ana' END, CASE WHEN ot % 5 = 0 THEN 'retencion' ELSE 'atencion' END,
       ot % 5 = 0, fecha_registro + INTERVAL 6 DAY
FROM ordenes
WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste) AND ot % 3 = 0
"""

CORRECCIONES = """
INSERT INTO seguimientos (ot, tipo, corrige_a, texto, autor, rol, creado_en)
SELECT ot, tipo, id, texto || ' (corregido)', autor, rol, creado_en + INTERVAL 1 HOUR
FROM seguimientos WHERE id % 10 = 0
"""


def construir_base(ruta: Path, ordenes: int, poste: float) -> float:
    inicio = time.perf_counter()
    con = conexion.conectar(ruta)
    generar_ordenes(con, ordenes, poste=poste, anulados=0.08, registrados=0.07, desde=dt.date(2024, 12, 1),
                    dias=720)
    con.execute(SEGUIMIENTOS)
    con.execute(CORRECCIONES)
    con.execute("INSERT INTO usuarios (usuario, nombre, rol) VALUES ('ana', 'Ana Atención', 'atencion'), "
                "('rita', 'Rita Retención', 'retencion')")
    con.execute("INSERT INTO ausencias (desde, hasta, motivo, registrado_por) VALUES "
                "(DATE '2026-10-12', DATE '2026-10-16', 'Vacaciones', 'ana')")
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - inicio


def medir(funcion, repeticiones: int):
    """Mediana y peor tiempo de reloj, y mediana de CPU de este proceso (la máquina puede estar cargada)."""
    tiempos, cpu, resultado = [], [], None
    for _ in range(repeticiones):
        inicio, inicio_cpu = time.perf_counter(), time.process_time()
        resultado = funcion()
        tiempos.append(time.perf_counter() - inicio)
        cpu.append(time.process_time() - inicio_cpu)
    return statistics.median(tiempos), max(tiempos), statistics.median(cpu), resultado


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ordenes", type=int, default=1_000_000)
    parser.add_argument("--poste", type=float, default=0.05)
    parser.add_argument("--repeticiones", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as carpeta:
        ruta = Path(carpeta) / "bench.duckdb"
        segundos = construir_base(ruta, args.ordenes, args.poste)
        con = conexion.conectar(ruta)
        (total_ordenes,) = con.execute("SELECT count(*) FROM ordenes").fetchone()
        (registros,) = con.execute("SELECT count(*) FROM seguimientos").fetchone()
        print(f"Base: {total_ordenes:,} órdenes ({args.poste:.0%} de poste), {registros:,} registros de "
              f"seguimiento; construida en {segundos:.1f} s")

        mediana, peor, cpu, informe = medir(lambda: mensual.construir(con, MES, ahora=AHORA), args.repeticiones)
        print(f"Mes {MES:%Y-%m}: {len(informe.ordenes):,} órdenes de poste, KPI {informe.porcentaje} "
              f"{informe.veredicto}")
        print(f"  datos del informe (KPI 12 meses + órdenes + seguimiento): mediana {mediana * 1000:.0f} ms, "
              f"peor {peor * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms")
        total = mediana
        for nombre, funcion in (("PDF", lambda: pdf.generar(informe)),
                                ("Excel", lambda: mensual.excel(informe))):
            mediana, peor, cpu, contenido = medir(funcion, args.repeticiones)
            total += mediana
            print(f"  {nombre}: mediana {mediana * 1000:.0f} ms, peor {peor * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms, "
                  f"{len(contenido) / 1024:.0f} KiB")
        con.close()

        # Lo que corre la jefatura de punta a punta: la CLI en un proceso nuevo (incluye importar módulos).
        inicio = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "informes", "mensual", f"{MES:%Y-%m}", "--db", str(ruta),
                            "--salida", str(Path(carpeta) / "salida")], cwd=RAIZ, capture_output=True, text=True)
        cli = time.perf_counter() - inicio
        print(f"  suma datos + PDF + Excel (medianas): {total:.2f} s")
        print(f"  CLI completa (proceso nuevo, con importar pandas/duckdb/matplotlib/fpdf2): {cli:.2f} s, "
              f"código {r.returncode}")
        with open("/proc/loadavg") as carga:
            print(f"  carga de la máquina: {carga.read().split()[0]}")


if __name__ == "__main__":
    main()
