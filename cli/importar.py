"""`python -m datos importar [--db RUTA] ARCHIVO...`: exportaciones de Smartflex (CSV o Excel) a la base."""
from __future__ import annotations

import sys
from pathlib import Path

from cli.argumentos import orden
from cli.comun import abrir_base, usuario_cli
from datos import archivos, conexion


def registrar(sub) -> None:
    p = orden(sub, "importar", importar, help="importar exportaciones de Smartflex (CSV o Excel)")
    p.add_argument("archivos", nargs="+", metavar="ARCHIVO")


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
                    archivos.si_falta_lugar(e, ruta.parent, f"importar «{archivo}»",
                                            archivos.lugar_para_importar(archivo))
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
