"""`python -m datos tareas`: las tareas programadas que toquen (cron / systemd, cada 15 min; operacion/tareas.py)."""
from __future__ import annotations

import sys

import duckdb

from cli.argumentos import orden
from cli.comun import exigir_base, fallar
from datos import conexion
from operacion import tareas as modulo


def registrar(sub) -> None:
    p = orden(sub, "tareas", tareas, help="correr las tareas programadas que toquen (cron / systemd, cada 15 min)")
    p.add_argument("--entrada", metavar="DIR", help="carpeta de entrada (SEGUIMIENTO_ENTRADA o entrada/ junto a la base)")
    p.add_argument("--informes", metavar="DIR",
                   help="carpeta de los informes archivados (SEGUIMIENTO_INFORMES o informes/ junto a la base)")
    p.add_argument("--respaldos", metavar="DIR", help="carpeta de respaldos (SEGUIMIENTO_RESPALDOS o respaldos/)")
    p.add_argument("--solo", action="append", default=[], choices=list(modulo.TAREAS), metavar="TAREA",
                   help=f"sólo esta tarea (se puede repetir): {', '.join(modulo.TAREAS)}")
    p.add_argument("--quieto", type=float, default=modulo.QUIETO_S, metavar="S",
                   help=f"segundos sin cambios antes de tomar un archivo de la entrada (por defecto {modulo.QUIETO_S:.0f})")


def tareas(args) -> int:
    """Código 0 si la corrida hizo lo que podía; 1 sólo si una persona debe arreglar algo ya (README, «Operación
    desatendida»: base ilegible, disco lleno, carpeta sin permiso)."""
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
