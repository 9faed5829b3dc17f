"""`python -m datos actividades …` y `python -m datos estados …`: la configuración de «Administración» desde la
línea de comandos, para preparar una base con un guion.

Corre con el rol «sistema» y pasa por las mismas funciones que la página (datos.administracion): mismas
validaciones y la misma auditoría. Nunca crea una base: una ruta que no existe es un error (código 1).
"""
from __future__ import annotations

import re

import duckdb

from cli.argumentos import grupo, orden
from cli.comun import abrir_base, fallar, usuario_cli
from consultas import ejecutar
from datos import administracion

USO_ACTIVIDADES = ('python -m datos actividades listar [--db RUTA]  |  actividades agregar CODIGO "DESCRIPCIÓN" '
                   '[--db RUTA]  |  actividades quitar CODIGO [--db RUTA]')
USO_ESTADOS = 'python -m datos estados listar [--db RUTA]  |  estados asignar "VALOR" ESTADO [--db RUTA]'


def registrar(sub) -> None:
    """Agrega `actividades` y `estados` a las órdenes de `python -m datos`."""
    acciones = grupo(sub, "actividades", uso=USO_ACTIVIDADES,
                     help="actividades de movimiento de poste que cuentan en el indicador")
    orden(acciones, "listar", actividades_listar, uso="python -m datos actividades listar [--db RUTA]",
          help="muestra la lista")
    p = orden(acciones, "agregar", actividades_agregar,
              uso='python -m datos actividades agregar CODIGO "DESCRIPCIÓN" [--db RUTA]',
              help="agrega una actividad (o cambia su descripción)")
    p.add_argument("codigo", metavar="CODIGO")
    p.add_argument("descripcion", metavar="DESCRIPCIÓN")
    p = orden(acciones, "quitar", actividades_quitar, uso="python -m datos actividades quitar CODIGO [--db RUTA]",
              help="quita una actividad (debe quedar al menos una)")
    p.add_argument("codigo", metavar="CODIGO")

    acciones = grupo(sub, "estados", uso=USO_ESTADOS,
                     help="equivalencias de estados de Smartflex → REGISTRADO, ATENDIDO o ANULADO")
    orden(acciones, "listar", estados_listar, uso="python -m datos estados listar [--db RUTA]",
          help="muestra las equivalencias")
    p = orden(acciones, "asignar", estados_asignar, uso='python -m datos estados asignar "VALOR" ESTADO [--db RUTA]',
              help="asigna un estado del procedimiento a un valor de la exportación")
    p.add_argument("valor", metavar="VALOR", help="tal como viene en la exportación, p. ej. «8 - CERRADA»")
    p.add_argument("estado", metavar="ESTADO", help="REGISTRADO, ATENDIDO o ANULADO (mayúsculas o minúsculas)")


def _codigo(texto: str) -> int:
    # argparse con type=int daría «invalid int value»; el mismo mensaje que la página, y código 1.
    if not re.fullmatch(r"\s*[0-9]+\s*", texto) or int(texto) <= 0:
        fallar(f"el código de actividad debe ser un número entero positivo (se recibió «{texto}»).")
    return int(texto)


def _cambiar(args, cambio):
    """Abre la base existente y aplica el cambio como «sistema» (un dato rechazado llega a la frontera)."""
    with abrir_base(args.db) as con:
        try:
            return cambio(con)
        except duckdb.Error as e:
            fallar(f"no se pudo guardar el cambio: {str(e).splitlines()[0]}")


def _consulta(con, nombre: str) -> list[tuple]:
    # Las mismas consultas con nombre que la página de administración (consultas/admin_*.sql).
    return ejecutar(con, nombre).fetchall()


def _leer(args, nombre: str) -> list[tuple]:
    with abrir_base(args.db) as con:
        return _consulta(con, nombre)


def _tabla(encabezados: tuple[str, ...], filas: list[tuple], derecha: tuple[int, ...] = ()) -> None:
    anchos = [max(len(str(x)) for x in columna) for columna in zip(encabezados, *filas)]
    for fila in (encabezados, *filas):
        celdas = [str(x).rjust(a) if i in derecha else str(x).ljust(a) for i, (x, a) in enumerate(zip(fila, anchos))]
        print("  ".join(celdas).rstrip())


# --- Actividades ----------------------------------------------------------------------------------

def actividades_listar(args) -> int:
    filas = _leer(args, "admin_actividades")
    _tabla(("CÓDIGO", "DESCRIPCIÓN"), filas, derecha=(0,))
    return 0


def actividades_agregar(args) -> int:
    codigo, descripcion = _codigo(args.codigo), args.descripcion.strip()

    def cambio(con):
        antes = dict(_consulta(con, "admin_actividades")).get(codigo)
        administracion.guardar_actividad(con, usuario_cli(), codigo, descripcion)
        return antes

    antes = _cambiar(args, cambio)
    if antes is None:
        print(f"Actividad {codigo} – {descripcion} agregada.")
    elif antes == descripcion:
        print(f"Actividad {codigo} – {descripcion}: ya estaba así, sin cambios.")
    else:
        print(f"Actividad {codigo}: descripción «{antes}» → «{descripcion}».")
    return 0


def actividades_quitar(args) -> int:
    codigo = _codigo(args.codigo)
    _cambiar(args, lambda con: administracion.quitar_actividad(con, usuario_cli(), codigo))
    print(f"Actividad {codigo} quitada.")
    return 0


# --- Estados --------------------------------------------------------------------------------------

def estados_listar(args) -> int:
    filas = _leer(args, "admin_mapeo_estados")
    if not filas:
        print("No hay equivalencias de estados: toda importación será rechazada. Agregue una con\n"
              '  python -m datos estados asignar "VALOR" ESTADO')
        return 0
    # La consulta agrupa por estado; dentro de cada uno, primero los códigos en orden numérico (como texto
    # quedaría 11 antes de 2) y luego las descripciones.
    rango = {estado: i for i, estado in enumerate(dict.fromkeys(e for _, e in filas))}

    def orden(fila):
        clave, estado = fila
        codigo = re.fullmatch(r"-?[0-9]+", clave) is not None
        return rango[estado], not codigo, int(clave) if codigo else 0, clave

    _tabla(("CLAVE", "ESTADO"), sorted(filas, key=orden))
    return 0


def estados_asignar(args) -> int:
    valor, estado = args.valor.strip(), args.estado.strip().upper()

    def cambio(con):
        antes = dict(_consulta(con, "admin_mapeo_estados"))
        # guardar_mapeo devuelve la clave con que quedó guardado (el código, o la descripción normalizada).
        clave = administracion.guardar_mapeo(con, usuario_cli(), valor, estado)
        return clave, antes.get(clave)

    clave, antes = _cambiar(args, cambio)
    nota = " (nueva)" if antes is None else " (sin cambios)" if antes == estado else f" (antes {antes})"
    print(f"\"{valor}\" → clave «{clave}» = {estado}{nota}")
    return 0
