"""`python -m datos respaldo [--salida DIR]` y `python -m datos restaurar ARCHIVO [--si]` (operacion/respaldo.py).

Con el tablero abierto la orden espera su turno (hasta SEGUIMIENTO_ESPERA segundos, avisando) en vez de fallar.
"""
from __future__ import annotations

from pathlib import Path

from cli.argumentos import orden
from cli.comun import abrir_base, turno
from datos import conexion
from operacion import respaldo


def registrar(sub) -> None:
    p = orden(sub, "respaldo", respaldar, help="copia consistente de la base (también con el tablero abierto)",
              description="Copia la base a DIR (por defecto respaldos/ junto a ella) con la fecha y hora en el nombre, "
                          "y deja los últimos N (ajuste «respaldos a conservar»).")
    p.add_argument("--salida", metavar="DIR", help="carpeta de los respaldos (por defecto respaldos/ junto a la base)")
    p = orden(sub, "restaurar", restaurar, help="reemplaza la base por un respaldo (la actual queda respaldada)",
              description="Reemplaza la base por ARCHIVO, un respaldo de este tablero. Antes guarda la base actual en "
                          "respaldos/ (…_antes_de_restaurar.duckdb). Pide confirmación.")
    p.add_argument("archivo", metavar="ARCHIVO", help="un respaldo hecho con python -m datos respaldo")
    p.add_argument("--si", action="store_true", help="no preguntar (para un guion)")


def respaldar(args) -> int:
    ruta = conexion.ruta_db(args.db)
    destino = respaldo.respaldar(ruta, salida=args.salida, **turno())
    quedan = respaldo.respaldos(ruta, destino.parent)
    print(f"Respaldo listo: {destino} ({respaldo.tamano(destino)}).")
    print(f"En «{destino.parent}» quedan {len(quedan)} respaldos de esta base.")
    return 0


def _describir(resumen: dict) -> str:
    ultima = resumen["ultima_importacion"]
    return (f"órdenes: {resumen['ordenes']}, cuentas: {resumen['usuarios']}, registros de seguimiento: "
            f"{resumen['seguimientos']}, "
            + (f"última importación: {ultima:%d/%m/%Y %H:%M}" if ultima else "sin importaciones"))


def _resumen_actual(ruta: Path) -> dict:
    # La base en uso se lee por el cerrojo (abrirla en sólo lectura fallaría con el tablero abierto).
    with abrir_base(ruta) as con:
        return respaldo.resumen(con)


def restaurar(args) -> int:
    ruta, archivo = conexion.ruta_db(args.db), Path(args.archivo)
    respaldo.verificar(archivo)
    if not args.si:
        print(f"Restaurar «{archivo}» ({_describir(respaldo.resumen(archivo))})\n"
              f"en lugar de la base «{ruta}»"
              + (f" (hoy: {_describir(_resumen_actual(ruta))})." if ruta.is_file() else " (todavía no existe).")
              + "\nLa base actual se guarda antes en respaldos/.")
        try:
            respuesta = input("¿Continuar? Escriba «si» para restaurar: ")
        except EOFError:
            respuesta = ""
        if respuesta.strip().lower() not in {"si", "sí"}:
            print("No se restauró nada." + ("" if respuesta else " (Para un guion, agregue --si.)"))
            return 1
    anterior = respaldo.restaurar(archivo, ruta, **turno())
    print(f"Base «{ruta}» restaurada desde «{archivo}».")
    if anterior:
        print(f"La base que había quedó en «{anterior}».")
    return 0
