"""`python -m datos feriados listar|agregar|quitar`: los feriados que decide el calendario de trabajo, desde la línea
de comandos. Pasa por las mismas funciones que Administración → Operación (datos.calendario): mismas validaciones y
la misma auditoría, con el rol «sistema». Nunca crea una base."""
from __future__ import annotations

import datetime as dt

from cli.argumentos import grupo, orden
from cli.comun import abrir_base, fallar, usuario_cli
from datos import calendario, reloj

DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
USO = ('python -m datos feriados listar [--anio AAAA]  |  feriados agregar DD/MM/AAAA "NOMBRE" [--cada-anio]  |  '
       'feriados quitar DD/MM/AAAA   (todas con [--db RUTA])')


def registrar(sub) -> None:
    acciones = grupo(sub, "feriados", uso=USO, help="feriados del calendario de trabajo (Bolivia y los propios)")
    p = orden(acciones, "listar", listar, uso="python -m datos feriados listar [--anio AAAA] [--db RUTA]",
              help="los feriados de un año: nacionales (paquete holidays) y agregados")
    p.add_argument("--anio", metavar="AAAA", help="el año (por defecto, el actual)")
    p = orden(acciones, "agregar", agregar,
              uso='python -m datos feriados agregar DD/MM/AAAA "NOMBRE" [--cada-anio] [--db RUTA]',
              help="agrega un feriado propio (departamental o de la empresa)")
    p.add_argument("fecha", metavar="DD/MM/AAAA")
    p.add_argument("nombre", metavar="NOMBRE")
    p.add_argument("--cada-anio", action="store_true", help="se repite cada año desde esa fecha (p. ej. 14/09)")
    p = orden(acciones, "quitar", quitar, uso="python -m datos feriados quitar DD/MM/AAAA [--db RUTA]",
              help="quita un feriado agregado (los nacionales no se quitan)")
    p.add_argument("fecha", metavar="DD/MM/AAAA")


def _fecha(texto: str) -> dt.date:
    try:
        return dt.datetime.strptime(texto.strip(), "%d/%m/%Y").date()
    except ValueError:
        fallar(f"«{texto}» no es una fecha: escríbala como DD/MM/AAAA, por ejemplo 14/09/2026.")


def listar(args) -> int:
    if args.anio is not None and not (args.anio.isdigit() and 2000 <= int(args.anio) <= 2100):
        fallar(f"«{args.anio}» no es un año: escríbalo con cuatro cifras, por ejemplo 2026.")
    anio = int(args.anio) if args.anio else reloj.hoy().year
    with abrir_base(args.db) as con:
        feriados = calendario.Calendario.de(con).feriados_del_anio(anio)
    for f in feriados:
        origen = "agregado" if f.origen == "propio" else "nacional"
        print(f"{f.fecha:%d/%m/%Y}  {DIAS[f.fecha.weekday()]:<9}  {origen:<8}  {f.nombre}")
    return 0


def agregar(args) -> int:
    fecha = _fecha(args.fecha)
    with abrir_base(args.db) as con:  # un rechazo (DatoInvalido) llega a la frontera: «Error: …», código 1
        calendario.agregar_feriado(con, usuario_cli(), fecha, args.nombre, args.cada_anio)
    cuando = f"{fecha:%d/%m} cada año desde {fecha.year}" if args.cada_anio else f"{fecha:%d/%m/%Y}"
    print(f"Feriado agregado: {cuando} – {args.nombre.strip()}.")
    return 0


def quitar(args) -> int:
    fecha = _fecha(args.fecha)
    with abrir_base(args.db) as con:
        quitado = calendario.quitar_feriado(con, usuario_cli(), fecha)
    print(f"Feriado quitado: {quitado}.")
    return 0
