"""Línea de comandos de los informes.

    python -m informes mensual AAAA-MM [--db RUTA] --salida DIR [--zona Z ...] [--unidad U ...]
                                       [--actividad CÓDIGO ...] [--con-datos-personales]
    python -m informes conciliacion AAAA-MM [--db RUTA] (--json | --salida DIR) [--con-datos-personales]

`mensual` escribe DIR/informe_AAAA-MM.pdf y DIR/reporte_estados_AAAA-MM.xlsx. `conciliacion` imprime la
conciliación CxC del mes como JSON o escribe DIR/conciliacion_cxc_AAAA-MM.xlsx. Errores: mensaje en español por
stderr y código 1 (mes mal escrito, mes sin datos, base inexistente o en uso); 2 si faltan argumentos.
"""
from __future__ import annotations

from pathlib import Path

from cli.comun import Argumentos, abrir_base, fallar
from datos import archivos

USO = ("python -m informes mensual AAAA-MM [--db RUTA] --salida DIR "
       "[--zona Z] [--unidad U] [--actividad CÓDIGO] [--con-datos-personales]  |  "
       "python -m informes conciliacion AAAA-MM [--db RUTA] (--json | --salida DIR)")


def mensual(args) -> None:
    from informes import mensual as informe_mensual
    from informes import pdf

    try:
        mes = informe_mensual.leer_mes(args.mes)
    except ValueError as e:
        fallar(str(e))
    filtros = informe_mensual.Filtros(actividades=tuple(args.actividad), zonas=tuple(args.zona),
                                      unidades=tuple(args.unidad))
    with abrir_base(args.db) as con:
        try:
            informe = informe_mensual.construir(con, mes, filtros)
        except informe_mensual.SinDatos as e:
            fallar(str(e))
    salida = Path(args.salida)
    try:
        archivos.carpeta_privada(salida)
        destino_pdf = salida / informe_mensual.nombre_pdf(mes)
        destino_xlsx = salida / informe_mensual.nombre_excel(mes)
        archivos.escribir_privado(destino_pdf, pdf.generar(informe))
        archivos.escribir_privado(destino_xlsx, informe_mensual.excel(informe, personales=args.con_datos_personales))
    except OSError as e:
        archivos.si_falta_lugar(e, salida, "escribir el informe")
        fallar(f"no se pudo escribir en «{salida}»: {e.strerror or e}")
    estado = informe.veredicto + (" (preliminar)" if informe.preliminar else "")
    print(f"Informe de {informe.titulo_mes}: {informe.porcentaje} {estado}.")
    print(f"  {destino_pdf}\n  {destino_xlsx}")


def conciliacion(args) -> None:
    """--json sale en ~medio segundo con 1 M de órdenes (bench/bench_conciliacion.py): sin pandas en el camino, y sin
    esperar a que Python descargue el módulo de DuckDB al salir (~0,1 s) cuando ya no queda nada por escribir."""
    import json
    import os

    from datos.meses import leer_mes
    from informes import conciliacion as modulo

    try:
        mes = leer_mes(args.mes)
    except ValueError as e:
        fallar(str(e))
    with abrir_base(args.db) as con:
        if args.json:
            texto = json.dumps(modulo.resumen(con, mes).como_json(), ensure_ascii=False)
        else:
            contenido = modulo.excel(con, mes, personales=args.con_datos_personales)
    if args.json:
        print(texto, flush=True)
        if __name__ == "__main__":  # como proceso (python -m informes): la base ya está cerrada
            os._exit(0)
        return
    salida = Path(args.salida)
    try:
        archivos.carpeta_privada(salida)
        destino = salida / modulo.nombre_excel(mes)
        archivos.escribir_privado(destino, contenido)
    except OSError as e:
        archivos.si_falta_lugar(e, salida, "escribir la conciliación")
        fallar(f"no se pudo escribir en «{salida}»: {e.strerror or e}")
    print(f"Conciliación CxC de {args.mes.strip()}:\n  {destino}")


def main(argv=None) -> None:
    parser = Argumentos(prog="python -m informes", description="Informes del tablero de seguimiento de OTs.", uso=USO)
    sub = parser.add_subparsers(dest="orden", required=True, metavar="{mensual,conciliacion}")
    p = parser.subcomando(sub, "mensual", help="informe mensual en PDF y «Reporte de Estados de OTs» en Excel")
    p.add_argument("mes", metavar="AAAA-MM", help="mes de fecha de registro, p. ej. 2026-10")
    p.add_argument("--db", metavar="RUTA", help="base DuckDB (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    p.add_argument("--salida", metavar="DIR", required=True, help="carpeta donde dejar el PDF y el Excel")
    p.add_argument("--zona", action="append", default=[], help="sólo esta zona (se puede repetir)")
    p.add_argument("--unidad", action="append", default=[], help="sólo esta unidad operativa (se puede repetir)")
    p.add_argument("--actividad", action="append", default=[], type=int, metavar="CÓDIGO",
                   help="sólo esta actividad de poste (se puede repetir)")
    p.add_argument("--con-datos-personales", action="store_true",
                   help="incluir cliente, CI/NIT, dirección y observación en el Excel")
    p = parser.subcomando(sub, "conciliacion", help="conciliación CxC del mes: JSON o Excel")
    p.add_argument("mes", metavar="AAAA-MM", help="mes de la conciliación, p. ej. 2026-10")
    p.add_argument("--db", metavar="RUTA", help="base DuckDB (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    destino = p.add_mutually_exclusive_group(required=True)
    destino.add_argument("--json", action="store_true", help="imprimir conteos, explicadas y firma como JSON")
    destino.add_argument("--salida", metavar="DIR", help="carpeta donde dejar el Excel de la conciliación")
    p.add_argument("--con-datos-personales", action="store_true", help="incluir cliente y CI/NIT en el Excel")
    args = parser.parse_args(argv)
    {"mensual": mensual, "conciliacion": conciliacion}[args.orden](args)

