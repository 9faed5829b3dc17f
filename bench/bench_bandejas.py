"""Velocidad de las bandejas (Anulados, Registrados, Atendidos, Seguimiento) con 1.000.000 de órdenes.

Se ejecuta a mano e imprime cifras (no afirma nada):

    .venv/bin/python bench/bench_bandejas.py [--ordenes 1000000] [--registros 50000] [--repeticiones 9]

Caso pesado a propósito: TODAS las órdenes son de movimiento de poste (las listas son lo más largas posible),
repartidas en 24 meses; ~80 % ATENDIDO, ~10 % ANULADO, ~10 % REGISTRADO; `--registros` registros de
seguimiento al azar (uno de cada diez corregido). Mide cada consulta de lista (primera página, una página
profunda, con filtros), los resúmenes, la ficha de una orden, la descarga Excel y una ejecución de cada
página con AppTest.
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

from consultas import consultar  # noqa: E402
from datos import conexion  # noqa: E402
from datos.permisos import Usuario  # noqa: E402
from bench._datos import generar_ordenes, mediana_ms  # noqa: E402

HOY = dt.date(2026, 11, 20)
ATENCION = Usuario("ana", "Ana Atención", "atencion")

# Registros de seguimiento sobre órdenes al azar, del tipo que corresponde a su estado.
GENERAR_REGISTROS = """
INSERT INTO seguimientos (ot, tipo, texto, fecha_contacto, resultado, autor, rol, creado_en)
SELECT o.ot,
       CASE o.estado WHEN 'ANULADO' THEN 'medida_correctiva' WHEN 'REGISTRADO' THEN 'coordinacion'
                     ELSE 'verificacion' END,
       'Registro de prueba ' || g.j,
       CASE WHEN o.estado = 'REGISTRADO' THEN DATE '2026-11-20' - CAST(g.j % 20 AS INTEGER) END,
       CASE WHEN o.estado = 'ATENDIDO' THEN 'conforme' END,
       'ana', 'atencion', TIMESTAMP '2026-11-01' + to_seconds(g.j)
FROM generate_series(1, $r) AS g(j)
JOIN ordenes o ON o.ot = 1 + hash(g.j) % $n
"""
CORREGIR = """
INSERT INTO seguimientos (ot, tipo, corrige_a, texto, fecha_contacto, resultado, autor, rol)
SELECT ot, tipo, id, texto || ' (corregido)', fecha_contacto, resultado, 'rita', 'retencion'
FROM seguimientos WHERE id % 10 = 0
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ordenes", type=int, default=1_000_000)
    parser.add_argument("--registros", type=int, default=50_000)
    parser.add_argument("--repeticiones", type=int, default=9)
    parser.add_argument("--sin-paginas", action="store_true", help="no medir las páginas con AppTest")
    args = parser.parse_args()
    print(f"Máquina: {os.cpu_count()} núcleos; carga media al empezar {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory(prefix="bench_bandejas_") as carpeta:
        ruta = Path(carpeta) / "seguimiento.duckdb"
        inicio = time.perf_counter()
        con = conexion.conectar(ruta)
        generar_ordenes(con, args.ordenes, horas_atencion=40 * 24)  # todas de poste
        con.execute(GENERAR_REGISTROS, {"r": args.registros, "n": args.ordenes})
        con.execute(CORREGIR)
        con.execute("CHECKPOINT")
        cuenta = dict(con.execute("SELECT estado, count(*) FROM ordenes GROUP BY 1").fetchall())
        registros = con.execute("SELECT count(*) FROM seguimientos").fetchone()[0]
        print(f"Base: {args.ordenes:,} órdenes {cuenta}, {registros:,} registros de seguimiento, "
              f"armada en {time.perf_counter() - inicio:.1f} s\n")

        mes = {"desde": dt.date(2026, 10, 1), "hasta": dt.date(2026, 10, 31)}
        todo = {"desde": None, "hasta": None}
        pagina = {"limite": 100, "desplazamiento": 0}
        profunda = {"limite": 100, "desplazamiento": 50_000}
        comunes = {"personales": True, "hoy": HOY, "dias": 7, "sin_medida": False, "causal": None, "tramo": None,
                   "solo_vencidas": False, "verificacion": None, "categoria": None,
                   "reciente_desde": None, "actividades": None, "zonas": None,
                   "unidades": None, "reemplazadas": False}
        casos = [
            ("bandeja_meses", {}),
            ("bandeja_anulados · un mes, 1.ª página", {**mes, **pagina}),
            ("bandeja_anulados · todo, 1.ª página", {**todo, **pagina}),
            ("bandeja_anulados · todo, sin medida, página 500", {**todo, **profunda, "sin_medida": True}),
            ("bandeja_anulados_resumen · todo", todo),
            ("bandeja_anulados_causales · todo", todo),
            ("bandeja_registrados · un mes, 1.ª página", {**mes, **pagina}),
            ("bandeja_registrados · todo, 1.ª página", {**todo, **pagina}),
            ("bandeja_registrados · todo, página 500", {**todo, **profunda}),
            ("bandeja_registrados · todo, > 30 días vencidas", {**todo, **pagina, "tramo": "> 30",
                                                                "solo_vencidas": True}),
            ("bandeja_registrados_tramos · todo", todo),
            ("bandeja_atendidos · un mes, 1.ª página", {**mes, **pagina}),
            ("bandeja_atendidos · todo, sin verificar, 1.ª página", {**todo, **pagina,
                                                                     "verificacion": "sin_verificar"}),
            ("bandeja_atendidos_resumen · todo (mediana, p90)", todo),
            ("bandeja_atendidos_histograma · todo", todo),
            ("seguimiento_pendientes · todo, 1.ª página", {**todo, **pagina}),
            ("seguimiento_pendientes · todo, página 500", {**todo, **profunda}),
            ("seguimiento_pendientes · lo de ahora, 1.ª página",
             {**todo, **pagina, "reciente_desde": HOY.replace(day=1) - dt.timedelta(days=31)}),
            ("seguimiento_pendientes_resumen · todo", todo),
            ("seguimiento_pendientes_recientes · todo",
             {**todo, "reciente_desde": HOY.replace(day=1) - dt.timedelta(days=31)}),
            ("seguimiento_recientes · 1.ª página", pagina),
            ("orden_detalle", {"ot": 777}),
            ("orden_estados", {"ot": 777}),
            ("orden_seguimientos", {"ot": 777}),
        ]
        print(f"{'consulta':58} {'filas':>7} {'mediana':>10} {'máximo':>10}")
        for nombre, parametros in casos:
            consulta = nombre.split(" · ")[0]
            filas = len(consultar(con, consulta, **{**comunes, **parametros}))
            mediana, maximo = mediana_ms(lambda: consultar(con, consulta, **{**comunes, **parametros}),
                                         args.repeticiones)
            print(f"{nombre:58} {filas:>7,} {mediana:>8.1f} ms {maximo:>7.1f} ms")

        from informes.exportar import excel_seguro
        from paginas.bandejas.modelo import para_descargar
        from paginas.bandejas.modelo import COLUMNAS_REGISTRADOS as COLUMNAS
        print()
        for nombre, periodo in (("un mes", mes), ("todo", todo)):
            inicio = time.perf_counter()
            df = consultar(con, "bandeja_registrados", **{**comunes, **periodo}, limite=None, desplazamiento=0)
            leer = time.perf_counter() - inicio
            libro = excel_seguro({"Pendientes": para_descargar(df, COLUMNAS, True)})
            print(f"Descarga Excel de pendientes ({nombre}): {len(df):,} filas, consulta {leer:.2f} s, "
                  f"total {time.perf_counter() - inicio:.1f} s, {len(libro) / 1e6:.1f} MB")
        con.close()

        if not args.sin_paginas:
            medir_paginas(ruta)


def medir_paginas(ruta: Path) -> None:
    from streamlit.testing.v1 import AppTest
    os.environ["SEGUIMIENTO_DB"] = str(ruta)
    print()
    for pagina in ("anulados", "registrados", "atendidos", "seguimiento"):
        at = AppTest.from_file(str(RAIZ / "paginas" / f"{pagina}.py"), default_timeout=120)
        at.session_state["usuario"] = ATENCION
        at.session_state["mes_seleccionado"] = dt.date(2026, 10, 1)
        inicio = time.perf_counter()
        at.run()
        primera = time.perf_counter() - inicio
        mediana, _ = mediana_ms(at.run, 3)
        error = f" ERROR {at.exception[0].message}" if at.exception else ""
        print(f"Página {pagina:12} primera ejecución {primera:.2f} s, siguientes {mediana / 1000:.2f} s{error}")


if __name__ == "__main__":
    main()
