"""Velocidad de informes.exportar.excel_seguro (y csv_seguro, como referencia).

Se ejecuta a mano e imprime una tabla (no afirma nada):

    .venv/bin/python bench/bench_excel.py [--filas 100000] [--repeticiones 3]

La tabla tiene la forma de una descarga de bandeja (lo que devuelve paginas.bandejas.modelo.para_descargar):
OT entera, textos object con vacíos, textos pandas «str», fecha-hora, fecha sin hora, enteros con vacíos,
decimal, Sí/No, y textos peligrosos (= + - @) que deben quedar como texto. 16 columnas.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from informes.exportar import csv_seguro, excel_seguro  # noqa: E402


def tabla(filas: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    i = np.arange(filas)
    registro = pd.Timestamp("2024-11-20") + pd.to_timedelta(rng.integers(0, 730 * 86400, filas), unit="s")
    vacios = rng.random(filas) < 0.3

    def con_vacios(valores, proporcion=0.3):
        serie = pd.Series(valores, dtype=object)
        serie[rng.random(filas) < proporcion] = None
        return serie

    return pd.DataFrame({
        "OT": 5_000_000 + i,
        "Solicitud": con_vacios([str(3_000_000 + v) for v in i], 0.05),
        "Registro": registro,
        "Edad (días)": rng.integers(0, 700, filas),
        "Tramo": pd.Series(rng.choice(["0–7", "8–15", "16–30", "> 30"], filas), dtype="str"),
        "Fecha límite": pd.Series(registro + pd.Timedelta(days=15)).where(~vacios),
        "Vencida": pd.Series(np.where(vacios, "", np.where(i % 2 == 0, "Sí", "No")), dtype="str"),
        "Días vencida": pd.array(np.where(vacios, None, rng.integers(0, 90, filas)), dtype="Int64"),
        "Unidad operativa": con_vacios([f"Cuadrilla {v % 7 + 1}" for v in i], 0.02),
        "Técnico": con_vacios([f"Técnico {v % 31}" for v in i]),
        "Zona": con_vacios([f"Zona {chr(65 + v % 9)}" for v in i]),
        "Cliente": con_vacios([f"Cliente {v}" for v in i], 0.1),
        "Última coordinación": pd.Series(registro.normalize() + pd.Timedelta(days=3)).where(vacios),
        "Días para atender": np.round(rng.random(filas) * 40, 1),
        "Qué se coordinó": con_vacios([("=1+1 " if v % 50 == 0 else "-" if v % 77 == 0 else "")
                                       + f"Coordinado con Redes, llamada {v}" for v in i], 0.5),
        "Coordinó": con_vacios(["@ana" if v % 90 == 0 else "rita" for v in i], 0.5),
    })


def excel_publico(df: pd.DataFrame) -> bytes:
    """La alternativa sólo con la API pública de xlsxwriter (issue 13, punto 7): constant_memory exige escribir fila
    por fila (write_column no sirve en ese modo), texto con write_string y fechas con write_datetime."""
    import io

    import xlsxwriter
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    fecha = libro.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    hoja = libro.add_worksheet("Pendientes")
    hoja.write_row(0, 0, list(df.columns))
    columnas = [df[c].tolist() for c in df.columns]
    for i, fila in enumerate(zip(*columnas), start=1):
        for j, v in enumerate(fila):
            if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
                continue
            if isinstance(v, pd.Timestamp):
                hoja.write_datetime(i, j, v.to_pydatetime(), fecha)
            elif isinstance(v, str):
                hoja.write_string(i, j, v)
            else:
                hoja.write_number(i, j, v)
    libro.close()
    return salida.getvalue()


def medir(funcion, repeticiones: int) -> tuple[float, float]:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        resultado = funcion()
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos), len(resultado) / 1e6


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--filas", type=int, nargs="+", default=[10_000, 100_000])
    argumentos.add_argument("--repeticiones", type=int, default=3)
    args = argumentos.parse_args()
    print(f"{'qué':34} {'filas':>9} {'columnas':>8} {'mediana':>9} {'tamaño':>8}")
    for filas in args.filas:
        df = tabla(filas)
        for nombre, funcion in (("excel_seguro", lambda: excel_seguro({"Pendientes": df})),
                                ("xlsxwriter público, constant_memory", lambda: excel_publico(df)),
                                ("csv_seguro (referencia)", lambda: csv_seguro(df))):
            segundos, megas = medir(funcion, args.repeticiones)
            print(f"{nombre:34} {filas:>9,} {len(df.columns):>8} {segundos:>7.2f} s {megas:>5.1f} MB")


if __name__ == "__main__":
    main()
