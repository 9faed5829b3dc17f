"""Velocidad y memoria de la importación frente a las herramientas de base (issue 2, punto 10).

    .venv/bin/python bench/bench_importar.py [--filas 1000000] [--repeticiones 3]

Genera (una vez, en bench/datos/) una consulta OSF en CSV UTF-8 y un reporte .xlsx de N filas, y mide cada
caso en un proceso nuevo (tiempo de pared y memoria máxima, RSS):
  CSV : DuckDB read_csv (auto-detección) → tabla      vs   python -m datos importar (UTF-8 y Windows-1252)
  XLSX: fastexcel → Arrow → tabla DuckDB              vs   python -m datos importar
(el camino más rápido de leer un libro, el mismo que usa la importación; calamine a objetos de Python tarda el triple)
Objetivo (issue 27): CSV ≤ 1,5× read_csv (UTF-8 y Windows-1252: la base lee el mismo contenido en UTF-8, DuckDB no
lee cp1252) a ≤ 1 GB; XLSX ≤ 1,1× fastexcel → DuckDB a ≤ 1,3 GB.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
DATOS = RAIZ / "bench" / "datos"
sys.path.insert(0, str(RAIZ))

COLUMNAS_OSF = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "ORDER_STATUS_ID", "CREATED_DATE", "ASSIGNED_DATE",
                "EXEC_ESTIMATE_DATE", "MAX_DATE_TO_LEGALIZE", "LEGALIZATION_DATE", "CAUSAL_ID", "OPERATING_UNIT_ID",
                "SUBSCRIBER_ID", "COMMENT_"]


def generar_csv(filas: int) -> Path:
    ruta = DATOS / f"osf_{filas}.csv"
    if ruta.exists():
        return ruta
    import duckdb
    DATOS.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"""COPY (
        SELECT 6000000 + i AS ORDER_ID, 3000000 + i AS PACKAGE_ID,
               CASE WHEN i % 20 = 0 THEN '52137 - SERVICIO DE INGENIERIA TRASLADO POSTE USUARIO'
                    WHEN i % 20 = 1 THEN '8074 - LBC – VENTA SERVICIO DE INGENIERÍA'
                    ELSE ['52001 - INSTALACIÓN LÍNEA FIJA', '52300 - TRASLADO DE LÍNEA', '51877 - CORTE POR MORA'][i % 3 + 1] END
                   AS ACTIVITY_ID,
               ['8 - LEGALIZADA', '8 - LEGALIZADA', '8 - LEGALIZADA', '0 - REGISTRADA', '12 - ANULADA', '5 - ASIGNADA'][i % 6 + 1]
                   AS ORDER_STATUS_ID,
               strftime(TIMESTAMP '2024-01-01' + to_minutes(i * 1), '%d/%m/%Y %H:%M:%S') AS CREATED_DATE,
               strftime(TIMESTAMP '2024-01-01' + to_minutes(i * 1 + 90), '%d/%m/%Y %H:%M:%S') AS ASSIGNED_DATE,
               strftime(TIMESTAMP '2024-01-04' + to_minutes(i * 1), '%d/%m/%Y %H:%M:%S') AS EXEC_ESTIMATE_DATE,
               strftime(TIMESTAMP '2024-01-11' + to_minutes(i * 1), '%d/%m/%Y %H:%M:%S') AS MAX_DATE_TO_LEGALIZE,
               CASE WHEN i % 6 < 3 THEN strftime(TIMESTAMP '2024-01-03' + to_minutes(i * 1), '%d/%m/%Y %H:%M:%S') END
                   AS LEGALIZATION_DATE,
               CASE WHEN i % 6 = 4 THEN '100 - CLIENTE DESISTIÓ DEL TRÁMITE' END AS CAUSAL_ID,
               ['3021 - GESTION REDES REGULARIZACION', '3022 - INSTALACIONES', '3023 - TRASLADOS Y RECLAMOS'][i % 3 + 1]
                   AS OPERATING_UNIT_ID,
               700000 + i % 50000 AS SUBSCRIBER_ID,
               CASE WHEN i % 4 = 0 THEN 'Poste obstruye ingreso; cliente solicita traslado' END AS COMMENT_
        FROM range({filas}) r(i)
    ) TO '{ruta}' (HEADER, DELIMITER ',')""")
    return ruta


def generar_csv_cp1252(filas: int) -> Path:
    """La misma consulta en Windows-1252 (lo que guarda Excel o un SQL*Plus en Windows), con la raya «–» (0x96) que
    DuckDB no acepta como latin-1: la herramienta de base lee la versión UTF-8 del mismo contenido."""
    ruta = DATOS / f"osf_{filas}_cp1252.csv"
    if not ruta.exists():
        ruta.write_bytes(generar_csv(filas).read_text(encoding="utf-8").encode("cp1252"))
    return ruta


def generar_xlsx(filas: int) -> Path:
    ruta = DATOS / f"reporte_{filas}.xlsx"
    if ruta.exists():
        return ruta
    import datetime as dt

    import xlsxwriter
    DATOS.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(ruta), {"constant_memory": True})
    hoja = libro.add_worksheet("Reporte")
    fecha = libro.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    hoja.write_row(0, 0, ["COMTECO R.L."])
    hoja.write_row(1, 0, ["Órdenes de trabajo por estado"])
    hoja.write_row(2, 0, ["N° OT", "N° Trámite", "Actividad", "Estado OT", "Fecha Registro", "Fecha Atención",
                          "Motivo Anulación", "Unidad Operativa", "Técnico Asignado", "Cliente", "CI/NIT", "Dirección",
                          "Zona", "Observación"])
    actividades = ["52137 - Servicio de Ingeniería Traslado Poste Usuario", "52300 - Traslado de Línea",
                   "52001 - Instalación Línea Fija", "8074 - LBC – Venta Servicio de Ingeniería"]
    estados = ["Atendido", "ATENDIDA", "Registrado", "Anulado", "atendido "]
    inicio = dt.datetime(2024, 1, 1)
    for i in range(filas):
        f = 3 + i
        hoja.write_number(f, 0, 5_000_000 + i)
        hoja.write_number(f, 1, 3_000_000 + i)
        hoja.write_string(f, 2, actividades[i % 4])
        hoja.write_string(f, 3, estados[i % 5])
        hoja.write_datetime(f, 4, inicio + dt.timedelta(minutes=i), fecha)
        if i % 5 < 2 or i % 5 == 4:
            hoja.write_datetime(f, 5, inicio + dt.timedelta(minutes=i, days=3), fecha)
        if i % 5 == 3:
            hoja.write_string(f, 6, "Cliente desistió del trámite")
        hoja.write_string(f, 7, "GESTIÓN REDES REGULARIZACIÓN")
        hoja.write_string(f, 8, ["Ana Gutiérrez Siles", "Luis Choque Flores", "Juan Quispe Mamani"][i % 3])
        hoja.write_string(f, 9, f"Cliente {i % 9973}")
        hoja.write_string(f, 10, str(1_000_000 + i % 99991))
        hoja.write_string(f, 11, f"Av. América N° {i % 3000}")
        hoja.write_string(f, 12, ["Cercado", "Quillacollo", "Sacaba", "Vinto", "Tiquipaya"][i % 5])
        if i % 4 == 0:
            hoja.write_string(f, 13, "Ver croquis, lado norte")
    hoja.write_row(3 + filas, 0, ["TOTAL", filas])
    libro.close()
    return ruta


# --- lo que se mide, cada uno en su propio proceso ----------------------------------------------

def medir_en_proceso(caso: str, ruta: Path) -> None:
    carpeta = Path(tempfile.mkdtemp(prefix="bench_", dir=DATOS))
    db = carpeta / "b.duckdb"
    # Las bibliotecas se cargan antes de medir: se mide el trabajo, no el arranque de Python.
    import duckdb
    import fastexcel

    from datos import conexion
    from datos.importar import importar_archivo
    from datos.permisos import Usuario
    # La base ya existe (y tiene su esquema) antes de medir: se mide cargar el archivo, no crear la base.
    con = conexion.conectar(db) if caso == "importar" else duckdb.connect(str(db))
    t = time.perf_counter()
    if caso == "read_csv":
        utf8 = ruta.with_name(ruta.name.replace("_cp1252", ""))  # de un cp1252, el mismo contenido en UTF-8
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv($r)", {"r": str(utf8)})
        con.close()
    elif caso == "fastexcel":
        tabla = fastexcel.read_excel(str(ruta)).load_sheet(0, header_row=2).to_arrow()
        con.register("hoja", tabla)
        con.execute("CREATE TABLE t AS SELECT * FROM hoja")
        con.close()
    else:
        res = importar_archivo(con, ruta, usuario=Usuario("bench", "bench", "sistema"))
        assert res.importacion_id and not res.problemas, res.problemas[:3]
        con.close()
    print(time.perf_counter() - t)
    shutil.rmtree(carpeta)


def medir(caso: str, ruta: Path) -> tuple[float, float]:
    proceso = subprocess.Popen([sys.executable, __file__, "--medir", caso, str(ruta)], stdout=subprocess.PIPE,
                               text=True)
    _, estado, uso = os.wait4(proceso.pid, 0)
    salida = proceso.stdout.read()
    if estado != 0:
        raise SystemExit(f"falló la medición {caso}")
    return float(salida.strip().splitlines()[-1]), uso.ru_maxrss / 1024 / 1024  # ru_maxrss en KiB → GiB


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--filas", type=int, default=1_000_000)
    p.add_argument("--repeticiones", type=int, default=3)
    p.add_argument("--medir", nargs=2)
    p.add_argument("--solo", choices=["CSV", "CSV cp1252", "XLSX"])
    args = p.parse_args()
    if args.medir:
        return medir_en_proceso(args.medir[0], Path(args.medir[1]))

    print(f"Generando archivos de {args.filas:,} filas en {DATOS} (sólo la primera vez)…", flush=True)
    casos = {"CSV": (generar_csv, "read_csv", 1.5), "CSV cp1252": (generar_csv_cp1252, "read_csv", 1.5),
             "XLSX": (generar_xlsx, "fastexcel", 1.1)}
    filas = []
    for nombre, (generar, base, limite) in casos.items():
        if args.solo and nombre != args.solo:
            continue
        ruta = generar(args.filas)
        tiempos = {c: [] for c in (base, "importar")}
        memoria = {c: 0.0 for c in tiempos}
        for _ in range(args.repeticiones):
            for caso in tiempos:
                segundos, gib = medir(caso, ruta)
                tiempos[caso].append(segundos)
                memoria[caso] = max(memoria[caso], gib)
        t_base, t_imp = statistics.median(tiempos[base]), statistics.median(tiempos["importar"])
        filas.append(f"| {nombre} ({ruta.stat().st_size / 2**20:.0f} MB) | {base}: {t_base:.2f} s, "
                     f"{memoria[base]:.2f} GB | {t_imp:.2f} s, {memoria['importar']:.2f} GB | "
                     f"{t_imp / t_base:.2f}× (objetivo ≤ {limite}×) |")
        print(filas[-1], flush=True)
    print(f"\n{args.filas:,} filas, mediana de {args.repeticiones}, {os.cpu_count()} núcleos:\n")
    print("| archivo | herramienta de base | importación | relación |\n|---|---|---|---|")
    print("\n".join(filas))


if __name__ == "__main__":
    main()
