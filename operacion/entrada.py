"""La carpeta de entrada: cada archivo que terminó de llegar se importa por el camino de siempre y se aparta en
procesados/ o rechazados/ (con sus problemas al lado). La corre `python -m datos tareas` en cada corrida (tareas.py).
"""
from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import stat
import time
from pathlib import Path

from datos import archivos, conexion, reloj
from datos.permisos import Usuario
from operacion import avisos

log = logging.getLogger("seguimiento.tareas")

CARPETA_ENTRADA = Usuario("carpeta de entrada", "Carpeta de entrada (automática)", "sistema")
PROCESADOS, RECHAZADOS = "procesados", "rechazados"
# Un archivo que todavía se está copiando a la carpeta no se toca: se espera a que lleve este tiempo sin cambiar
# (st_ctime: una copia que conserva la fecha del original igual lo cambia).
QUIETO_S = 10.0


def _destino_libre(carpeta: Path, nombre: str, ahora: dt.datetime) -> Path:
    """procesados/ o rechazados/ guardan todo: el mismo nombre dos veces lleva la hora, y un número si hace falta."""
    archivos.carpeta_privada(carpeta)
    destino = carpeta / nombre
    n = 1
    while destino.exists():
        base, punto, ext = nombre.rpartition(".")
        base, ext = (base, f".{ext}") if punto else (nombre, "")
        destino = carpeta / f"{base}_{ahora:%Y%m%d-%H%M%S}{'' if n == 1 else f'_{n}'}{ext}"
        n += 1
    return destino


def archivos_listos(entrada: Path, quieto_s: float = QUIETO_S) -> list[Path]:
    """Los archivos de la carpeta que ya terminaron de llegar (sin cambios hace `quieto_s`), en orden de nombre.
    Se saltan los ocultos y los temporales de quien los copia (~$, .part, .tmp, .crdownload)."""
    if not entrada.is_dir():
        return []
    ahora_s, listos = time.time(), []
    for archivo in sorted(entrada.iterdir()):
        nombre = archivo.name
        if nombre.startswith((".", "~$")) or nombre.endswith((".part", ".tmp", ".crdownload")):
            continue
        estado = archivo.lstat()  # lstat: un enlace no se sigue
        if stat.S_ISREG(estado.st_mode) and ajeno(archivo) is None \
                and ahora_s - max(estado.st_mtime, estado.st_ctime) >= quieto_s and not escribiendo(archivo):
            listos.append(archivo)
    return listos


def escribiendo(archivo: Path) -> bool:
    """¿Lo tiene abierto para escribir algún proceso? Una exportación que se escribe por tandas puede pausar más de
    QUIETO_S entre una y otra: el tamaño quieto no basta. Linux no da una «lease» de lectura sobre un archivo abierto
    para escribir (EAGAIN); se suelta enseguida. Donde no hay leases (NFS, SMB) queda sólo el tamaño quieto, la
    comparación de antes y después de importar y la convención .part (README)."""
    import fcntl
    try:
        fd = os.open(archivo, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False  # lo dirá la importación
    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        return False
    except OSError as e:
        return e.errno == errno.EAGAIN
    finally:
        os.close(fd)


def _huella(archivo: Path) -> tuple:
    estado = os.stat(archivo, follow_symlinks=False)
    return estado.st_ino, estado.st_size, estado.st_mtime_ns


def ajeno(archivo: Path) -> str | None:
    """Por qué la carpeta no toma este archivo sin abrirlo (un enlace simbólico, un dispositivo o una tubería, uno de
    otra cuenta), o None si es un archivo común de la cuenta del tablero. Las carpetas (procesados/…) no son ajenas.
    La importación lo vuelve a mirar en el descriptor que abre (O_NOFOLLOW): pudo cambiar entre tanto."""
    estado = archivo.lstat()
    return None if stat.S_ISDIR(estado.st_mode) else archivos.ajeno(estado)


def _apartar_ajenos(ruta: Path, entrada: Path, ahora: dt.datetime) -> list[str]:
    """Los archivos ajenos van a rechazados/ sin abrirse (rename mueve el enlace, no lo que apunta), con un
    .problemas.txt que sólo dice por qué."""
    apartados = []
    for archivo in sorted(entrada.iterdir()):
        if archivo.name.startswith(".") or (motivo := ajeno(archivo)) is None:
            continue
        destino = _destino_libre(entrada / RECHAZADOS, archivo.name, ahora)
        problemas = destino.with_name(destino.name + ".problemas.txt")
        archivos.escribir_privado(problemas, f"✗ {archivo.name}: no se importó: {motivo}.\n")
        os.replace(archivo, destino)
        avisos.anotar_rechazo(ruta, destino, problemas, ahora)  # se cuenta en Operación y se avisa por correo
        apartados.append(archivo.name)
    return apartados


def importar_carpeta(ruta: Path, entrada: Path, ahora: dt.datetime | None = None,
                     quieto_s: float = QUIETO_S) -> tuple[str, str]:
    """Importa cada archivo listo por el camino de siempre, como «carpeta de entrada», y lo mueve a procesados/ o, si
    se rechaza, a rechazados/ con un .txt al lado que lista sus problemas. Un archivo a la vez, cada uno en su unidad.
    Si el proceso muere a mitad, la importación no se escribió (una transacción) y el archivo sigue en la carpeta."""
    ahora = ahora or reloj.ahora()
    if not entrada.is_dir():
        return "sin_novedad", f"No existe la carpeta de entrada «{entrada}»."
    rechazados = _apartar_ajenos(ruta, entrada, ahora)
    listos = archivos_listos(entrada, quieto_s)
    if not listos and not rechazados:
        return "sin_novedad", "Sin archivos nuevos."
    # Aquí y no arriba: los lectores y pandas (~2 s) sólo cuando llegó algo.
    from datos.importar import importar_archivo
    from datos.importar.informe import texto_problemas, texto_resumen

    entraron, cambiaron = [], []
    for archivo in listos:
        antes = _huella(archivo)
        with conexion.abierta(ruta) as con:
            try:
                res = importar_archivo(con, archivo, usuario=CARPETA_ENTRADA, solo_propios=True)
            except OSError as e:  # sin lugar, el archivo no tiene la culpa: se queda para la próxima corrida
                archivos.si_falta_lugar(e, ruta.parent, f"importar «{archivo.name}»",
                                        archivos.lugar_para_importar(archivo))
                res, problema = None, f"No se pudo leer ({e.strerror or e})."
            except Exception as e:  # noqa: BLE001 — un archivo no detiene la carpeta ni las demás tareas
                log.exception("carpeta de entrada: %s", archivo.name)
                res, problema = None, f"No se pudo leer ({type(e).__name__}). Detalle en el registro de tareas."
        if _huella(archivo) != antes:  # siguió llegando: se lee de nuevo entero en la próxima corrida (el hash
            cambiaron.append(archivo.name)  # de su contenido hace que lo ya importado no cuente dos veces)
            continue
        if not archivo.is_symlink():  # uno cambiado por un enlace después de revisarlo: se aparta tal cual
            archivos.hacer_privado(archivo)  # guardado en procesados/ o rechazados/: datos de clientes
        if res is not None and not res.problemas:
            os.replace(archivo, _destino_libre(entrada / PROCESADOS, archivo.name, ahora))
            entraron.append(archivo.name)
            log.info("carpeta de entrada: %s", texto_resumen(res))
            continue
        destino = _destino_libre(entrada / RECHAZADOS, archivo.name, ahora)
        texto = texto_problemas(res) if res is not None else f"✗ {archivo.name}: {problema}"
        problemas = destino.with_name(destino.name + ".problemas.txt")
        archivos.escribir_privado(
            problemas, f"{texto}\n\nNo se importó nada de este archivo. Corríjalo y vuelva a dejarlo en «{entrada}».\n")
        os.replace(archivo, destino)
        avisos.anotar_rechazo(ruta, destino, problemas, ahora)  # se cuenta en Operación y se avisa por correo
        rechazados.append(archivo.name)
    partes = []
    if entraron:
        partes.append(f"importados: {', '.join(entraron)}")
    if rechazados:
        partes.append(f"rechazados (ver {RECHAZADOS}/): {', '.join(rechazados)}")
    if cambiaron:
        partes.append(f"cambiaron mientras se leían, se leen de nuevo en la próxima corrida: {', '.join(cambiaron)}")
    # Un rechazo no es una falla de la tarea: el archivo quedó apartado, anotado y se avisa a quienes importan.
    return "hecho", "; ".join(partes) + "."
