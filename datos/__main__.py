"""python -m datos importar [--db RUTA] ARCHIVO...   |   python -m datos usuarios agregar USUARIO --rol ROL
   python -m datos demo [--db RUTA]"""
from __future__ import annotations

import argparse
import getpass
import sys

from datos import conexion
from datos.cli import abrir_base
from datos.permisos import Usuario


def _usuario_cli() -> Usuario:
    quien = getpass.getuser()
    return Usuario(f"{quien} (CLI)", quien, "sistema")


def importar(args) -> int:
    from datos.importar import importar_archivo
    from datos.importar.informe import texto_problemas, texto_resumen

    con = abrir_base(args.db, debe_existir=False)  # importar a una base nueva la crea
    codigo = 0
    for archivo in args.archivos:
        try:
            res = importar_archivo(con, archivo, usuario=_usuario_cli(),
                                   avance=lambda f, t: print(f"  {t}", file=sys.stderr, flush=True))
        except OSError as e:
            print(f"✗ {archivo}: no se pudo abrir ({e.strerror}).")
            codigo = 1
            continue
        if res.problemas:
            codigo = 1
            print(texto_problemas(res))
        else:
            print(texto_resumen(res))
    return codigo


def demo(args) -> int:
    from datos import demo as modulo
    ruta = modulo.construir(args.db or conexion.RUTA_DEMO)
    print(f"Base de demostración lista en {ruta}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m datos", description="Datos del seguimiento de OTs.")
    sub = parser.add_subparsers(dest="orden", required=True)
    p = sub.add_parser("importar", help="importar exportaciones de Smartflex (CSV o Excel)")
    p.add_argument("--db", help="ruta de la base (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    p.add_argument("archivos", nargs="+", metavar="ARCHIVO")
    p.set_defaults(funcion=importar)
    p = sub.add_parser("demo", help="reconstruir la base de demostración")
    p.add_argument("--db", help="ruta de la base de demostración")
    p.set_defaults(funcion=demo)
    try:
        from datos import cli_usuarios
        cli_usuarios.registrar(sub)
    except ImportError:
        pass
    args = parser.parse_args(argv)
    return args.funcion(args)


if __name__ == "__main__":
    sys.exit(main())
