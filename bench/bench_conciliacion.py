"""Velocidad de la conciliación CxC con 1.000.000 de órdenes y 100.000 facturas.

Se ejecuta a mano e imprime cifras (no afirma nada):

    .venv/bin/python bench/bench_conciliacion.py [--ordenes 1000000] [--poste 0.1] [--repeticiones 7]

Caso: `--ordenes` órdenes en 24 meses, de ellas la fracción `--poste` de movimiento de poste (un trámite cada una);
cada trámite con su factura (Bs. 1000, unas horas antes del registro) salvo ~3 % sin factura, ~3 % con dos, ~2 % de
otro importe y ~2 % anuladas; y 2.000 facturas de solicitudes que no son de poste. Las facturas se numeran en el orden
en que se emiten, como FACTCODI (y llegan así en las exportaciones). Con 10 % de poste: ~100.000
facturas, ~4.000 trámites por mes. Mide cada consulta de la página para octubre de 2026 (firmado, para que también
cuente lo que cambió desde la firma), la línea de órdenes `python -m informes conciliacion --json` (el proceso
entero) y la página con AppTest (primera ejecución de una sesión nueva, con los módulos ya cargados como en un
servidor que ya atendió a alguien, y la de un proceso nuevo).
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

from consultas import consultar  # noqa: E402
from datos import conexion, facturacion  # noqa: E402
from datos.permisos import Usuario  # noqa: E402
from bench._datos import generar_ordenes, mediana_ms  # noqa: E402

MES = dt.date(2026, 10, 1)
FACTURACION = Usuario("fabi", "Fabiola Facturación", "facturacion")

# Una factura (o dos, o ninguna) por trámite de poste, según hash(ot); las de solicitudes desconocidas aparte.
FACTURAS = """
CREATE TEMP TABLE plan AS
SELECT ot, solicitud, fecha_registro - to_seconds(3600 + hash(ot, 'hora') % (72 * 3600)) AS fecha,
       hash(ot, 'fac') % 1000 AS r, ci_nit, cliente
FROM ordenes_poste;
CREATE TEMP TABLE emitidas AS
SELECT row_number() OVER (ORDER BY fecha) + 100000 AS numero, * FROM (
    SELECT fecha + to_seconds(k * 3600) AS fecha, solicitud,
           CASE WHEN r BETWEEN 60 AND 79 THEN 900 ELSE 1000 END AS importe,
           CASE WHEN r BETWEEN 80 AND 99 THEN 'ANULADA' ELSE 'VIGENTE' END AS estado, cliente, ci_nit
    FROM plan, range(CASE WHEN r < 30 THEN 0 WHEN r < 60 THEN 2 ELSE 1 END) t(k)
    UNION ALL
    SELECT TIMESTAMP '2024-12-01' + to_seconds(hash(j) % (700 * 86400)), CAST(900000000 + j AS VARCHAR), 1000,
           'VIGENTE', 'Sin trámite', '1234567'
    FROM range(2000) t(j));
INSERT INTO facturas
SELECT CAST(numero AS VARCHAR), fecha, estado, 'bench', cliente, ci_nit, 1 FROM emitidas ORDER BY numero;
INSERT INTO facturas_lineas
SELECT numero || '|DB|' || solicitud, CAST(numero AS VARCHAR), NULL, solicitud, 'PP-' || solicitud, 101,
       'MOVIMIENTO DE POSTE', 'movimiento de poste', 'DB', importe, 1
FROM emitidas ORDER BY numero;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ordenes", type=int, default=1_000_000)
    parser.add_argument("--poste", type=float, default=0.1)
    parser.add_argument("--repeticiones", type=int, default=7)
    args = parser.parse_args()
    print(f"Máquina: {os.cpu_count()} núcleos; carga media al empezar {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory(prefix="bench_conciliacion_") as carpeta:
        ruta = Path(carpeta) / "seguimiento.duckdb"
        inicio = time.perf_counter()
        con = conexion.conectar(ruta)
        generar_ordenes(con, args.ordenes, poste=args.poste)
        for sentencia in FACTURAS.split(";\n"):
            if sentencia.strip():
                con.execute(sentencia)
        facturacion.firmar(con, FACTURACION, MES, "elaborado")
        con.execute("UPDATE facturas SET estado = 'ANULADA' WHERE factura IN "
                    "(SELECT factura FROM cargos_poste WHERE fecha_emision >= DATE '2026-10-05' LIMIT 20)")
        con.execute("CHECKPOINT")
        (facturas,) = con.execute("SELECT count(*) FROM facturas").fetchone()
        (poste,) = con.execute("SELECT count(*) FROM ordenes_poste").fetchone()
        print(f"Base: {args.ordenes:,} órdenes ({poste:,} de poste), {facturas:,} facturas, armada en "
              f"{time.perf_counter() - inicio:.1f} s\n")

        casos = [("conciliacion_meses", {}), ("conciliacion", {"mes": MES, "personales": True}),
                 ("conciliacion_resumen", {"mes": MES}), ("conciliacion_tarifa_mes", {"mes": MES}),
                 ("conciliacion_firmas", {"mes": MES}), ("conciliacion_cambios", {"mes": MES}),
                 ("conciliacion_instantanea", {"mes": MES})]
        print(f"{'consulta':34} {'filas':>7} {'mediana':>10} {'máximo':>10}")
        for nombre, parametros in casos:
            filas = len(consultar(con, nombre, **parametros))
            mediana, maximo = mediana_ms(lambda: consultar(con, nombre, **parametros), args.repeticiones)
            print(f"{nombre:34} {filas:>7,} {mediana:>8.1f} ms {maximo:>7.1f} ms")
        con.close()

        tiempos = []
        for _ in range(args.repeticiones):
            inicio = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "informes", "conciliacion", "2026-10", "--db", str(ruta),
                                "--json"], cwd=RAIZ, capture_output=True, text=True)
            tiempos.append(time.perf_counter() - inicio)
        print(f"\npython -m informes conciliacion 2026-10 --json: mediana {statistics.median(tiempos):.2f} s, "
              f"máximo {max(tiempos):.2f} s (proceso entero)\n  {r.stdout.strip() or r.stderr.strip()}")
        medir_pagina(ruta, args.repeticiones)


def medir_pagina(ruta: Path, repeticiones: int) -> None:
    """La primera ejecución de la página en una sesión nueva (AppTest nuevo), con los módulos ya cargados como en un
    servidor que ya atendió a alguien. Cada AppTest nuevo paga además su propia preparación (~0,3 s: busca
    componentes en los paquetes instalados), que un servidor hace una vez: se mide con una página vacía y se resta."""
    from streamlit.testing.v1 import AppTest
    os.environ["SEGUIMIENTO_DB"] = str(ruta)
    vacia = Path(tempfile.mkdtemp()) / "vacia.py"
    vacia.write_text("import streamlit as st\nst.write('nada')\n")

    def sesion_nueva(archivo: Path) -> tuple[float, AppTest]:
        at = AppTest.from_file(str(archivo), default_timeout=120)
        at.session_state["usuario"] = FACTURACION
        at.session_state["conciliacion_mes"] = MES
        inicio = time.perf_counter()
        at.run()
        return time.perf_counter() - inicio, at

    pagina = RAIZ / "paginas" / "conciliacion.py"
    proceso_nuevo, at = sesion_nueva(pagina)  # con la importación de los módulos de la página
    error = f" ERROR {at.exception[0].message}" if at.exception else ""
    primeras = [sesion_nueva(pagina)[0] for _ in range(repeticiones)]
    base = statistics.median(sesion_nueva(vacia)[0] for _ in range(repeticiones))
    mediana = statistics.median(primeras)
    print(f"\nPágina Conciliación CxC (octubre 2026, {len(at.metric)} métricas, {len(at.dataframe)} tablas, firmado):\n"
          f"  primera ejecución de una sesión nueva: mediana {mediana:.2f} s (máximo {max(primeras):.2f} s); sin la "
          f"preparación de AppTest (página vacía: {base:.2f} s), {mediana - base:.2f} s\n"
          f"  en un proceso nuevo (importa streamlit, pandas, plotly…): {proceso_nuevo:.2f} s{error}")


if __name__ == "__main__":
    main()
