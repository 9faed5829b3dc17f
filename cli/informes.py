"""Línea de comandos de los informes.

    python -m informes mensual AAAA-MM [--db RUTA] --salida DIR [--zona Z ...] [--unidad U ...]
                                       [--actividad CÓDIGO ...] [--con-datos-personales]
    python -m informes conciliacion AAAA-MM [--db RUTA] (--json | --salida DIR) [--con-datos-personales]

`mensual` escribe DIR/informe_AAAA-MM.pdf y DIR/reporte_estados_AAAA-MM.xlsx. `conciliacion` imprime la
conciliación CxC del mes como JSON o escribe DIR/conciliacion_cxc_AAAA-MM.xlsx. Errores: mensaje en español por
stderr y código 1 (mes mal escrito, mes sin datos, base inexistente o en uso); 2 si faltan argumentos.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from cli.argumentos import orden
from cli.comun import abrir_base, fallar
from datos import archivos
from datos.meses import leer_mes

USO = ("python -m informes mensual AAAA-MM [--db RUTA] --salida DIR "
       "[--zona Z] [--unidad U] [--actividad CÓDIGO] [--con-datos-personales]  |  "
       "python -m informes conciliacion AAAA-MM [--db RUTA] (--json | --salida DIR)")


def registrar(sub) -> None:
    p = orden(sub, "mensual", mensual, uso=USO, help="informe mensual en PDF y «Reporte de Estados de OTs» en Excel")
    p.add_argument("mes", metavar="AAAA-MM", help="mes de fecha de registro, p. ej. 2026-10")
    p.add_argument("--salida", metavar="DIR", required=True, help="carpeta donde dejar el PDF y el Excel")
    p.add_argument("--zona", action="append", default=[], help="sólo esta zona (se puede repetir)")
    p.add_argument("--unidad", action="append", default=[], help="sólo esta unidad operativa (se puede repetir)")
    p.add_argument("--actividad", action="append", default=[], type=int, metavar="CÓDIGO",
                   help="sólo esta actividad de poste (se puede repetir)")
    p.add_argument("--con-datos-personales", action="store_true",
                   help="incluir cliente, CI/NIT, dirección y observación en el Excel")
    p = orden(sub, "conciliacion", conciliacion, uso=USO, help="conciliación CxC del mes: JSON o Excel")
    p.add_argument("mes", metavar="AAAA-MM", help="mes de la conciliación, p. ej. 2026-10")
    destino = p.add_mutually_exclusive_group(required=True)
    destino.add_argument("--json", action="store_true", help="imprimir conteos, explicadas y firma como JSON")
    destino.add_argument("--salida", metavar="DIR", help="carpeta donde dejar el Excel de la conciliación")
    p.add_argument("--con-datos-personales", action="store_true", help="incluir cliente y CI/NIT en el Excel")


def _mes(texto: str):
    try:
        return leer_mes(texto)
    except ValueError as e:
        fallar(str(e))


def _escribir(salida: str, contenidos: dict[str, bytes]) -> list[Path]:
    """Los archivos en 0600 y la carpeta nueva en 0700 (datos de clientes); un disco lleno no deja uno a medias."""
    carpeta = Path(salida)
    try:
        archivos.carpeta_privada(carpeta)
        for nombre, contenido in contenidos.items():
            archivos.escribir_privado(carpeta / nombre, contenido)
    except OSError as e:
        archivos.si_falta_lugar(e, carpeta, "escribir el informe", sum(map(len, contenidos.values())))
        fallar(f"no se pudo escribir en «{carpeta}»: {e.strerror or e}")
    return [carpeta / nombre for nombre in contenidos]


def mensual(args) -> None:
    from informes import mensual as informe_mensual
    from informes import pdf

    mes = _mes(args.mes)
    filtros = informe_mensual.Filtros(actividades=tuple(args.actividad), zonas=tuple(args.zona),
                                      unidades=tuple(args.unidad))
    with abrir_base(args.db) as con:
        informe = informe_mensual.construir(con, mes, filtros)
    destinos = _escribir(args.salida, {
        informe_mensual.nombre_pdf(mes): pdf.generar(informe),
        informe_mensual.nombre_excel(mes): informe_mensual.excel(informe, personales=args.con_datos_personales)})
    estado = informe.veredicto + (" (preliminar)" if informe.preliminar else "")
    print(f"Informe de {informe.titulo_mes}: {informe.porcentaje} {estado}.")
    print("\n".join(f"  {d}" for d in destinos))


def conciliacion(args) -> None:
    """--json sale en ~medio segundo con 1 M de órdenes (bench/bench_conciliacion.py): sin pandas en el camino, y sin
    esperar a que Python descargue el módulo de DuckDB al salir (~0,1 s) cuando ya no queda nada por escribir."""
    from informes import conciliacion as modulo

    mes = _mes(args.mes)
    with abrir_base(args.db) as con:
        if args.json:
            texto = json.dumps(modulo.resumen(con, mes).como_json(), ensure_ascii=False)
        else:
            contenido = modulo.excel(con, mes, personales=args.con_datos_personales)
    if args.json:
        print(texto, flush=True)
        if args.proceso:  # como proceso (python -m informes): la base ya está cerrada
            sys.stderr.flush()
            os._exit(0)
        return
    (destino,) = _escribir(args.salida, {modulo.nombre_excel(mes): contenido})
    print(f"Conciliación CxC de {args.mes.strip()}:\n  {destino}")
