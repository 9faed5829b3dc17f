"""python -m datos importar [--db RUTA] ARCHIVO...   |   python -m datos usuarios agregar USUARIO --rol ROL
   python -m datos actividades listar|agregar|quitar   |   python -m datos estados listar|asignar
   python -m datos tareas [--db RUTA] [--entrada DIR] [--informes DIR]   |   python -m datos demo [--db RUTA]
   python -m datos respaldo [--db RUTA] [--salida DIR]   |   python -m datos restaurar ARCHIVO [--si]"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from cli import ajustes as cli_ajustes, feriados as cli_feriados, respaldo as cli_respaldo
from datos import conexion
from cli.comun import Argumentos, abrir_base, usuario_cli

USO = ("python -m datos {importar,tareas,usuarios,actividades,estados,feriados,demo,respaldo,restaurar} …  "
       "(python -m datos ORDEN -h explica cada una)")


def importar(args) -> int:
    from datos.importar import importar_archivo
    from datos.importar.informe import texto_problemas, texto_resumen

    ruta = conexion.ruta_db(args.db)
    nueva = not ruta.exists()
    # Lo que esta corrida crearía: conectar() la carpeta de la base (y las de arriba), la importación .importando/.
    carpetas = [p for p in (ruta.parent / ".importando", ruta.parent, *ruta.parent.parents) if not p.exists()]
    codigo, importados = 0, 0
    try:
        with abrir_base(args.db, debe_existir=False) as con:  # importar a una base nueva la crea
            for archivo in args.archivos:
                try:
                    res = importar_archivo(con, archivo, usuario=usuario_cli(),
                                           avance=lambda f, t: print(f"  {t}", file=sys.stderr, flush=True))
                except OSError as e:
                    print(f"✗ {archivo}: no se pudo abrir ({e.strerror}).")
                    codigo = 1
                    continue
                importados += res.importado
                if res.problemas:
                    codigo = 1
                    print(texto_problemas(res))
                else:
                    print(texto_resumen(res))
    finally:  # la base ya está cerrada
        if nueva and not importados:  # también si la corrida se interrumpe antes de escribir
            _quitar_base_nueva(ruta, carpetas)
    if nueva and not importados:
        print(f"Ningún archivo entró: no se creó la base «{ruta}».")
    return codigo


def _quitar_base_nueva(ruta: Path, carpetas: list[Path]) -> None:
    """Una importación rechazada no deja una base vacía que después pase por «sin datos». Sólo se llama si la base
    no existía antes de esta corrida; las carpetas se quitan sólo si quedaron vacías (rmdir no borra contenido)."""
    for archivo in (ruta, *(ruta.with_name(ruta.name + s) for s in (".wal", ".lock", ".turno"))):
        archivo.unlink(missing_ok=True)
    for carpeta in carpetas:  # de adentro hacia afuera
        try:
            carpeta.rmdir()
        except OSError:  # no está vacía: se deja, con las de afuera
            break


def tareas(args) -> int:
    from operacion import tareas as modulo
    from cli.comun import exigir_base, fallar

    ruta = exigir_base(args.db)  # una tarea nunca crea la base
    try:
        corridas = modulo.correr(ruta, entrada=args.entrada, informes=args.informes, respaldos=args.respaldos,
                                 solo=set(args.solo) or None, quieto_s=args.quieto)
    except conexion.BaseEnUso as e:  # la base ocupada pasa: la corrida siguiente lo hace (código 0)
        print(f"{e} Lo hará la corrida siguiente.", file=sys.stderr)
        return 0
    except Exception as e:  # noqa: BLE001 — la base no se puede leer, el disco está lleno: una persona, ya
        if not modulo.es_grave(e) and not isinstance(e, duckdb.Error):
            raise
        fallar(f"las tareas no pudieron correr ({str(e).splitlines()[0]}). Hay que revisarlo ahora.")
    if corridas is None:
        print("Otra corrida de tareas está en curso: esta no hace nada.")
        return 0
    for corrida in corridas:
        print(corrida)
    return modulo.codigo_de_salida(corridas)


def demo(args) -> int:
    import demo as modulo
    ruta = modulo.construir(args.db or conexion.RUTA_DEMO)
    print(f"Base de demostración lista en {ruta}")
    return 0


def main(argv=None) -> int:
    # Argumentos: los errores de todos los subcomandos (también los de usuarios) se explican en español.
    parser = Argumentos(prog="python -m datos", description="Datos del seguimiento de OTs.", uso=USO)
    sub = parser.add_subparsers(dest="orden", required=True, metavar="ORDEN")
    p = sub.add_parser("importar", help="importar exportaciones de Smartflex (CSV o Excel)")
    p.add_argument("--db", help="ruta de la base (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    p.add_argument("archivos", nargs="+", metavar="ARCHIVO")
    p.set_defaults(funcion=importar)
    from operacion.tareas import QUIETO_S, TAREAS
    p = sub.add_parser("tareas", help="correr las tareas programadas que toquen (cron / systemd, cada 15 min)")
    p.add_argument("--db", help="ruta de la base (por defecto SEGUIMIENTO_DB o datos/seguimiento.duckdb)")
    p.add_argument("--entrada", metavar="DIR", help="carpeta de entrada (SEGUIMIENTO_ENTRADA o entrada/ junto a la base)")
    p.add_argument("--informes", metavar="DIR",
                   help="carpeta de los informes archivados (SEGUIMIENTO_INFORMES o informes/ junto a la base)")
    p.add_argument("--respaldos", metavar="DIR", help="carpeta de respaldos (SEGUIMIENTO_RESPALDOS o respaldos/)")
    p.add_argument("--solo", action="append", default=[], choices=list(TAREAS), metavar="TAREA",
                   help=f"sólo esta tarea (se puede repetir): {', '.join(TAREAS)}")
    p.add_argument("--quieto", type=float, default=QUIETO_S, metavar="S",
                   help=f"segundos sin cambios antes de tomar un archivo de la entrada (por defecto {QUIETO_S:.0f})")
    p.set_defaults(funcion=tareas)
    p = sub.add_parser("demo", help="reconstruir la base de demostración")
    p.add_argument("--db", help="ruta de la base de demostración")
    p.set_defaults(funcion=demo)
    try:
        from cli import usuarios as cli_usuarios
        cli_usuarios.registrar(sub)
    except ImportError:
        pass
    cli_ajustes.registrar(sub)
    cli_respaldo.registrar(sub)
    cli_feriados.registrar(sub)
    args = parser.parse_args(argv)
    return args.funcion(args)

