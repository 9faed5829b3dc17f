"""Velocidad del KPI y del Semáforo con 1.000.000 de órdenes (5 % movimientos de poste).

Se ejecuta a mano e imprime cifras (no afirma nada):

    .venv/bin/python bench/bench_kpi.py [--ordenes 1000000] [--repeticiones 15]

Construye la base en una carpeta temporal con generate_series, mide la consulta del KPI para 24 meses
(mediana de varias corridas), las otras consultas de la página y una reejecución completa del
Semáforo con AppTest (la primera corrida, que importa plotly y compila, se informa aparte).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

import consultas  # noqa: E402
from consultas import kpi  # noqa: E402
from datos import conexion  # noqa: E402
from datos.permisos import Usuario  # noqa: E402
from bench._datos import generar_ordenes, mediana_ms  # noqa: E402

PRIMER_MES = dt.date(2024, 11, 1)
MESES = 24

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ordenes", type=int, default=1_000_000)
    parser.add_argument("--repeticiones", type=int, default=15)
    args = parser.parse_args()

    print(f"Máquina: {os.cpu_count()} núcleos; carga media al empezar {os.getloadavg()[0]:.2f} "
          "(otros procesos alargan las cifras)")
    with tempfile.TemporaryDirectory(prefix="bench_kpi_") as carpeta:
        ruta = Path(carpeta) / "seguimiento.duckdb"
        inicio = time.perf_counter()
        con = conexion.conectar(ruta)
        # 1 de cada 20 es de poste; casi todas ATENDIDO, algunas ANULADO y REGISTRADO (más pendientes en los
        # últimos meses).
        generar_ordenes(con, args.ordenes, poste=0.05, anulados=0.015, registrados=0.005, extra_recientes=0.06,
                        desde=PRIMER_MES)
        con.execute("CHECKPOINT")
        poste = con.execute("SELECT count(*) FROM ordenes WHERE actividad_codigo IN (52137, 8074)").fetchone()[0]
        con.close()
        print(f"Base: {args.ordenes:,} órdenes ({poste:,} de poste) construida en "
              f"{time.perf_counter() - inicio:.1f} s; {ruta.stat().st_size / 1e6:.0f} MB")

        con = conexion.conectar(ruta)
        hasta = dt.date(2026, 10, 1)
        consultas_medidas = {
            "KPI 24 meses (SQL, fetchall)": lambda: con.execute(
                consultas.sql("kpi_mensual"),
                {"desde": PRIMER_MES, "hasta": hasta, "actividades": None, "zonas": None,
                 "unidades": None}).fetchall(),
            "KPI 24 meses (kpi.kpi_mensual → DataFrame)": lambda: kpi.kpi_mensual(con, PRIMER_MES, hasta),
            "KPI todos los meses, sin rango": lambda: kpi.kpi_mensual(con),
            "KPI 24 meses con filtros zona+unidad": lambda: kpi.kpi_mensual(
                con, PRIMER_MES, hasta, zonas=["Zona A", "Zona B"], unidades=["Cuadrilla 1"]),
            "Opciones de filtros (semaforo_opciones)": lambda: kpi.opciones(con),
            "Órdenes del mes, 51 filas (semaforo_ordenes_mes)": lambda: kpi.ordenes_del_mes(con, hasta, limite=51),
        }
        for nombre, funcion in consultas_medidas.items():
            funcion()  # calienta
            mediana, peor = mediana_ms(funcion, args.repeticiones)
            print(f"{nombre:<50} mediana {mediana:7.1f} ms   peor {peor:7.1f} ms")
        meses = len(kpi.kpi_mensual(con, PRIMER_MES, hasta))
        con.close()
        print(f"(el KPI devuelve {meses} meses)")

        # La página abre su propia conexión a través de paginas.comun, como en el tablero.
        os.environ["SEGUIMIENTO_DB"] = str(ruta)
        os.environ.pop("SEGUIMIENTO_DEMO", None)
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file(str(RAIZ / "paginas" / "semaforo.py"), default_timeout=120)
        at.session_state["usuario"] = Usuario("ana", "Ana Atención", "atencion")
        inicio = time.perf_counter()
        at.run()
        primera = (time.perf_counter() - inicio) * 1000
        if at.exception:
            raise SystemExit(f"La página falló: {at.exception[0].message}")
        mediana, peor = mediana_ms(at.run, args.repeticiones)
        print(f"{'Semáforo AppTest, primera corrida (importa todo)':<50}         {primera:7.1f} ms")
        print(f"{'Semáforo AppTest, reejecución completa':<50} mediana {mediana:7.1f} ms   peor {peor:7.1f} ms")
        at.session_state["lista_ordenes"] = True  # con la lista de órdenes del mes abierta
        at.run()
        mediana, peor = mediana_ms(at.run, args.repeticiones)
        print(f"{'  ídem, con la lista de órdenes del mes abierta':<50} mediana {mediana:7.1f} ms   peor {peor:7.1f} ms")
        veredicto = next(m.value for m in at.markdown if m.value.startswith("## "))
        valor = next(m.value for m in at.metric if m.label.startswith("KPI de "))
        print(f"(la página muestra {re.search(r'APROBADO|OBSERVADO|Sin trámites', veredicto)[0]} {valor})")


if __name__ == "__main__":
    main()
