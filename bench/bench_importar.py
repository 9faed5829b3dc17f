"""Velocidad y memoria de la importación frente a las herramientas de base (issue 2, punto 10; issue 27, punto 9).

    .venv/bin/python bench/bench_importar.py [--filas 1000000] [--filas-xlsx 200000] [--repeticiones 3]

Genera (una vez, en bench/datos/) una consulta OSF en CSV UTF-8, la misma en Windows-1252 (con y sin bytes
0x80–0x9F) y un reporte .xlsx, y mide cada caso en un proceso nuevo (pared, CPU del proceso y memoria máxima, RSS),
alternando la base y la importación en cada repetición para que la carga de la máquina pese en los dos:
  CSV UTF-8                  : DuckDB read_csv (auto-detección) → tabla     vs   importar
  CSV Windows-1252 con «–»   : read_csv del mismo contenido en UTF-8         vs   importar (DuckDB no lee cp1252)
  CSV Windows-1252 sin 0x80–0x9F (= Latin-1): read_csv(encoding='latin-1') del mismo archivo   vs   importar
  XLSX: fastexcel → Arrow → tabla DuckDB                                     vs   importar
(el camino más rápido de leer un libro, el mismo que usa la importación; calamine a objetos de Python tarda el triple)
Objetivo (issue 27): CSV ≤ 1,5× a ≤ 1 GB; XLSX ≤ 1,1× a ≤ 1,3 GB. La relación se da en pared y en CPU (con la
máquina cargada por otros, la CPU del proceso es la medida más estable).
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


def generar_csv_latin1(filas: int) -> Path:
    """Windows-1252 sin bytes 0x80–0x9F (tildes y eñes, sin «–» ni comillas curvas): es también Latin-1, y la
    herramienta de base lo lee con read_csv(encoding='latin-1')."""
    ruta = DATOS / f"osf_{filas}_latin1.csv"
    if not ruta.exists():
        ruta.write_bytes(generar_csv(filas).read_text(encoding="utf-8").replace("–", "-").encode("cp1252"))
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

GENERAR = {"CSV": generar_csv, "CSV cp1252": generar_csv_cp1252, "CSV latin-1": generar_csv_latin1,
           "XLSX": generar_xlsx}


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
    t, cpu = time.perf_counter(), time.process_time()
    if caso == "read_csv":
        utf8 = ruta.with_name(ruta.name.replace("_cp1252", ""))  # de un cp1252, el mismo contenido en UTF-8
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv($r)", {"r": str(utf8)})
        con.close()
    elif caso == "read_csv_latin1":
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv($r, encoding='latin-1')", {"r": str(ruta)})
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
    print(time.perf_counter() - t, time.process_time() - cpu)  # la CPU de todos los hilos del proceso
    shutil.rmtree(carpeta)


def medir(caso: str, ruta: Path) -> tuple[float, float, float]:
    """(pared, CPU del proceso —todos sus hilos— mientras carga el archivo, memoria máxima en GiB)."""
    proceso = subprocess.Popen([sys.executable, __file__, "--medir", caso, str(ruta)], stdout=subprocess.PIPE,
                               text=True)
    _, estado, uso = os.wait4(proceso.pid, 0)
    salida = proceso.stdout.read()
    if estado != 0:
        raise SystemExit(f"falló la medición {caso}")
    pared, cpu = map(float, salida.strip().splitlines()[-1].split())
    return pared, cpu, uso.ru_maxrss / 1024 / 1024  # ru_maxrss en KiB → GiB


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--filas", type=int, default=1_000_000)
    p.add_argument("--filas-xlsx", type=int, default=200_000, help="filas del .xlsx (generarlo tarda ~1 min cada 200 k)")
    p.add_argument("--repeticiones", type=int, default=3)
    p.add_argument("--medir", nargs=2)
    p.add_argument("--generar", nargs="+")
    p.add_argument("--solo", choices=["CSV", "CSV cp1252", "CSV latin-1", "XLSX"], action="append")
    args = p.parse_args()
    if args.medir:
        return medir_en_proceso(args.medir[0], Path(args.medir[1]))
    if args.generar:
        filas, filas_xlsx, *nombres = args.generar
        for nombre in nombres:
            GENERAR[nombre](int(filas_xlsx if nombre == "XLSX" else filas))
        return

    print(f"Generando archivos en {DATOS} (sólo la primera vez)…", flush=True)
    casos = {"CSV": (args.filas, "read_csv", 1.5), "CSV cp1252": (args.filas, "read_csv", 1.5),
             "CSV latin-1": (args.filas, "read_csv_latin1", 1.5), "XLSX": (args.filas_xlsx, "fastexcel", 1.1)}
    casos = {k: v for k, v in casos.items() if not args.solo or k in args.solo}
    # En otro proceso: Linux hereda la memoria máxima de quien lanza cada medición (fork), y generar ocupa ~1 GB.
    subprocess.run([sys.executable, __file__, "--generar", str(args.filas), str(args.filas_xlsx), *casos], check=True)
    rutas = {nombre: GENERAR[nombre](filas) for nombre, (filas, _, _) in casos.items()}
    carga = [os.getloadavg()[0]]
    medidas = {(nombre, c): [] for nombre, (_, base, _) in casos.items() for c in (base, "importar")}
    for _ in range(args.repeticiones):  # base e importación, alternadas, en cada repetición de cada caso
        for nombre, (_, base, _) in casos.items():
            for caso in (base, "importar"):
                medidas[nombre, caso].append(medir(caso, rutas[nombre]))
        carga.append(os.getloadavg()[0])
    filas = []
    for nombre, (n, base, limite) in casos.items():
        b, i = medidas[nombre, base], medidas[nombre, "importar"]
        pared_b, pared_i = (statistics.median(m[0] for m in x) for x in (b, i))
        cpu_b, cpu_i = (statistics.median(m[1] for m in x) for x in (b, i))
        mem_b, mem_i = (max(m[2] for m in x) for x in (b, i))
        # La relación de cada repetición (base e importación corrieron una tras otra, con la misma carga), su mediana.
        pared, cpu = (statistics.median(mi[k] / mb[k] for mb, mi in zip(b, i)) for k in (0, 1))
        filas.append(f"| {nombre}, {n:,} filas ({rutas[nombre].stat().st_size / 2**20:.0f} MB) | {base}: "
                     f"{pared_b:.2f} s, CPU {cpu_b:.2f} s, {mem_b:.2f} GB | {pared_i:.2f} s, CPU {cpu_i:.2f} s, "
                     f"{mem_i:.2f} GB | **{pared:.2f}×** (CPU {cpu:.2f}×; objetivo ≤ {limite}×) |")
    print(f"\nMediana de {args.repeticiones}, {os.cpu_count()} núcleos, carga (1 min) {min(carga):.1f}–{max(carga):.1f}:\n")
    print("| archivo | herramienta de base (medianas) | importación (medianas) | relación (mediana de las de cada "
          "repetición) |\n|---|---|---|---|")
    print("\n".join(filas))


if __name__ == "__main__":
    main()
