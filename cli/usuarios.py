"""`python -m datos usuarios …`: cuentas desde la línea de comandos.

Corre con el rol «sistema», así que crea el primer administrador aunque la base no tenga cuentas.
La contraseña se pide con getpass (dos veces), nunca en la línea de comandos.
"""
from __future__ import annotations

import getpass
import sys

from cli.argumentos import Argumentos, grupo, orden
from cli.comun import abrir_base, ejecutar, exigir_base
from datos import usuarios
from datos.permisos import ROLES


def registrar(sub) -> None:
    acciones = grupo(sub, "usuarios", help="cuentas de usuario (agregar, listar, clave)")
    p = orden(acciones, "agregar", main_agregar, help="crea una cuenta (pide la contraseña)")
    p.add_argument("usuario")
    p.add_argument("--rol", required=True, choices=usuarios.ROLES_DE_CUENTA)
    p.add_argument("--nombre", help="nombre completo (por defecto, el usuario)")
    p.add_argument("--email", help="correo para el ingreso con OpenID Connect")
    p = orden(acciones, "clave", main_clave, help="pone una contraseña nueva y levanta el bloqueo")
    p.add_argument("usuario")
    orden(acciones, "listar", main_listar, help="muestra las cuentas")


def _pedir_clave() -> str:
    for _ in range(3):
        clave = getpass.getpass("Contraseña: ")
        try:
            usuarios.validar_clave(clave)
        except usuarios.CuentaInvalida as e:
            print(e, file=sys.stderr)
            continue
        if getpass.getpass("Repita la contraseña: ") == clave:
            return clave
        print("Las contraseñas no coinciden.", file=sys.stderr)
    raise SystemExit("No se cambió nada.")


def _cambiar(args, cambio, debe_existir: bool = True) -> str:
    """Pide la clave y aplica el cambio como «sistema». Sólo `agregar` puede crear la base (el primer administrador
    de una instalación nueva); `clave` con una ruta mal escrita dice que no existe en vez de crear una base vacía.
    La base se abre después de la clave: mientras alguien la escribe, el tablero y las tareas siguen usándola."""
    if debe_existir:
        exigir_base(args.db)
    clave = _pedir_clave()
    with abrir_base(args.db, debe_existir=debe_existir) as con:
        return cambio(con, clave)


def main_agregar(args) -> int:
    usuario = _cambiar(args, lambda con, clave: usuarios.agregar(
        con, usuarios.SISTEMA, args.usuario, args.nombre or "", args.rol, clave, email=args.email), debe_existir=False)
    print(f"Cuenta «{usuario}» creada con rol {ROLES[args.rol]}.")
    return 0


def main_clave(args) -> int:
    _cambiar(args, lambda con, clave: usuarios.restablecer_clave(con, usuarios.SISTEMA, args.usuario, clave))
    print(f"Contraseña de «{usuarios.normalizar_usuario(args.usuario)}» cambiada; bloqueo levantado.")
    return 0


def main_listar(args) -> int:
    with abrir_base(args.db) as con:
        filas = con.execute("SELECT usuario, nombre, rol, coalesce(email, ''), activo FROM usuarios "
                            "ORDER BY usuario").fetchall()
    if not filas:
        print("La base no tiene cuentas. Cree el primer administrador con:\n"
              "  python -m datos usuarios agregar USUARIO --rol administrador")
    for usuario, nombre, rol, email, activo in filas:
        print(f"{usuario:<20} {rol:<14} {'activo' if activo else 'inactivo':<9} {nombre}  {email}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m datos usuarios …` con los argumentos dados (para las pruebas y para `python -m cli.usuarios`)."""
    parser = Argumentos(prog="python -m datos")
    registrar(parser.add_subparsers(dest="orden", required=True))
    return ejecutar(parser, ["usuarios", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
