"""Archivos privados y disco lleno.

La base (nombres, CI/NIT, hashes de claves), sus respaldos, los informes y los archivos rechazados sólo los lee la
cuenta que corre el tablero: archivos 0600 y carpetas 0700. Cada punto de entrada (app.py, python -m …, la corrida
de tareas) pone la umask 077, así también lo que crean DuckDB (el .wal) u otras bibliotecas nace privado; donde el
programa crea un archivo, además, lo pide con ese modo.
"""
from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

from datos.errores import ErrorUsuario

UMASK = 0o077
MODO_ARCHIVO, MODO_CARPETA = 0o600, 0o700
_SIN_LUGAR = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
LUGAR_MINIMO = 10_000_000  # lo menos que se pide libre: el .wal y un punto de control de la base


class DiscoLleno(ErrorUsuario):
    """No queda lugar en el disco para terminar de escribir."""


def umask_privada() -> None:
    os.umask(UMASK)


def carpeta_privada(carpeta: Path) -> Path:
    """Crea la carpeta (y las que falten) en 0700. Una que ya existía no se toca: la pudo armar el administrador."""
    carpeta = Path(carpeta)
    faltan = [c for c in (carpeta, *carpeta.parents) if not c.exists()]
    for c in reversed(faltan):
        try:
            c.mkdir(mode=MODO_CARPETA)
        except FileExistsError:  # otro proceso la creó entre medio
            pass
    return carpeta


def hacer_privado(archivo: Path) -> None:
    """Deja en 0600 un archivo propio (uno que llegó de afuera y queda guardado, p. ej. en rechazados/)."""
    os.chmod(archivo, MODO_ARCHIVO, follow_symlinks=False)


def abrir_privado(destino: Path):
    """`with abrir_privado(ruta) as f:` — un archivo nuevo (o vaciado) para escribir bytes, en 0600."""
    descriptor = os.open(destino, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, MODO_ARCHIVO)
    os.fchmod(descriptor, MODO_ARCHIVO)  # si ya existía con otro modo
    return os.fdopen(descriptor, "wb")


def escribir_privado(destino: Path, contenido: bytes | str) -> None:
    """Escribe `contenido` (un str va en UTF-8) en `destino`, 0600. Si no cabe, no queda un archivo a medias."""
    datos = contenido.encode("utf-8") if isinstance(contenido, str) else contenido
    try:
        with abrir_privado(destino) as f:
            f.write(datos)
    except OSError:
        Path(destino).unlink(missing_ok=True)
        raise


def ajeno(estado: os.stat_result, propio: bool = True) -> str | None:
    """Por qué no se lee un archivo con este estado (de lstat, o de fstat del descriptor ya abierto), o None: un enlace
    simbólico, un dispositivo, una tubería o un socket; con `propio`, también uno de otra cuenta."""
    if stat.S_ISLNK(estado.st_mode):
        return "es un enlace simbólico: no se sigue (deje el archivo mismo, no un enlace)"
    if not stat.S_ISREG(estado.st_mode):
        return "no es un archivo común (un dispositivo, una tubería o un socket)"
    if propio and estado.st_uid != os.geteuid():
        return (f"es de otra cuenta del sistema (uid {estado.st_uid}), no de la que corre el tablero "
                f"(uid {os.geteuid()}): cópielo con esa cuenta")
    return None


def abrir_para_leer(ruta: Path, propio: bool = False) -> tuple[int, os.stat_result]:
    """(descriptor, fstat) de un archivo que se va a leer, sin seguir un enlace (O_NOFOLLOW) ni esperar a quien
    escriba en una tubería (O_NONBLOCK), revisado en el descriptor abierto: lo que se revisó es lo que se lee, aunque
    alguien lo cambie por un enlace entre la revisión y la apertura. Lanza ArchivoAjeno con el motivo."""
    try:
        descriptor = os.open(ruta, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:  # O_NOFOLLOW sobre un enlace
            raise ArchivoAjeno(ajeno(os.lstat(ruta)) or str(e)) from None
        raise
    estado = os.fstat(descriptor)
    motivo = ajeno(estado, propio)
    if motivo:
        os.close(descriptor)
        raise ArchivoAjeno(motivo)
    return descriptor, estado


class ArchivoAjeno(ErrorUsuario):
    """Un archivo que no se lee: un enlace, un dispositivo, una tubería o (si se pidió) uno de otra cuenta."""


def es_disco_lleno(error: BaseException) -> bool:
    """¿Falló por falta de lugar? Un OSError lo dice con su errno; DuckDB, con el texto del error de E/S."""
    if isinstance(error, OSError):
        return error.errno in _SIN_LUGAR
    texto = str(error).lower()
    return "no space left on device" in texto or "disk quota exceeded" in texto or "file too large" in texto


def lugar_para_la_base(ruta: Path) -> int:
    """Lo que una escritura en la base puede necesitar: un punto de control reescribe hasta la base entera."""
    try:
        return max(LUGAR_MINIMO, Path(ruta).stat().st_size)
    except OSError:
        return LUGAR_MINIMO


def si_falta_lugar(error: BaseException, carpeta: Path, que: str, necesario: int = LUGAR_MINIMO) -> None:
    """Si `error` es de disco lleno, levanta DiscoLleno con el mensaje de `mensaje_disco_lleno`; si no, vuelve (quien
    llama sigue con su propio mensaje)."""
    if es_disco_lleno(error):
        raise DiscoLleno(mensaje_disco_lleno(carpeta, que, necesario)) from None


def lugar_para_importar(archivo) -> int:
    """Lo que una importación puede necesitar: la copia de trabajo del archivo, lo que crece la base y su .wal."""
    try:
        tamano = Path(archivo).stat().st_size
    except OSError:
        tamano = 0
    return 3 * tamano + LUGAR_MINIMO


def mensaje_disco_lleno(carpeta: Path, que: str, necesario: int) -> str:
    """El mensaje para el usuario: qué no se pudo escribir, dónde, cuánto queda libre y cuánto hace falta."""
    carpeta = Path(carpeta)
    try:
        libre = shutil.disk_usage(carpeta).free
    except OSError:
        libre = None
    falta = (f"quedan {megas(libre)} libres; " if libre is not None else "") + f"hacen falta unos {megas(necesario)}"
    return (f"El disco de «{carpeta}» está lleno: no se pudo {que} ({falta}). No se guardó nada a medias. Libere "
            "espacio (respaldos viejos, archivos ya procesados) y vuelva a intentar.")


def megas(n: int) -> str:
    return f"{n / 1e6:.1f} MB".replace(".", ",")
