"""Línea de comandos de los informes.

    python -m informes mensual AAAA-MM [--db RUTA] --salida DIR [--zona Z ...] [--unidad U ...]
                                       [--actividad CÓDIGO ...] [--con-datos-personales]

Escribe DIR/informe_AAAA-MM.pdf y DIR/reporte_estados_AAAA-MM.xlsx. Errores: mensaje en español por
stderr y código 1 (mes mal escrito, mes sin datos, base inexistente o en uso); 2 si faltan argumentos.
"""
from __future__ import annotations

from pathlib import Path

from datos.cli import Argumentos, abrir_base, fallar

USO = ("python -m informes mensual AAAA-MM [--db RUTA] --salida DIR "
       "[--zona Z] [--unidad U] [--actividad CÓDIGO] [--con-datos-personales]")


def mensual(args) -> None:
    from informes import mensual as informe_mensual
    from informes import pdf

    try:
        mes = informe_mensual.leer_mes(args.mes)
    except ValueError as e:
        fallar(str(e))
    con = abrir_base(args.db)
    filtros = informe_mensual.Filtros(actividades=tuple(args.actividad), zonas=tuple(args.zona),
                                      unidades=tuple(args.unidad))
    try:
        informe = informe_mensual.construir(con, mes, filtros)
    except informe_mensual.SinDatos as e:
        fallar(str(e))
    finally:
        con.close()
    salida = Path(args.salida)
    try:
        salida.mkdir(parents=True, exist_ok=True)
        destino_pdf = salida / informe_mensual.nombre_pdf(mes)
        destino_xlsx = salida / informe_mensual.nombre_excel(mes)
        destino_pdf.write_bytes(pdf.generar(informe))
        destino_xlsx.write_bytes(informe_mensual.excel(informe, personales=args.con_datos_personales))
    except OSError as e:
        fallar(f"no se pudo escribir en «{salida}»: {e.strerror or e}")
    estado = informe.veredicto + (" (preliminar)" if informe.preliminar else "")
    print(f"Informe de {informe.titulo_mes}: {informe.porcentaje} {estado}.")
    print(f"  {destino_pdf}\n  {destino_xlsx}")


def main(argv=None) -> None:
    parser = Argumentos(prog="python -m informes", description="Informes del tablero de seguimiento de OTs.", uso=USO)
    sub = parser.add_subparsers(dest="orden", required=True, metavar="mensual")
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
    args = parser.parse_args(argv)
    {"mensual": mensual}[args.orden](args)


if __name__ == "__main__":
    main()
