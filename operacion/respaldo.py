"""Respaldos de la base mientras el tablero sigue abierto, y su restauración.

La copia se toma dentro de `conexion.exclusiva`: ningún proceso tiene la base abierta mientras se copian sus bytes,
así que la copia es la base tal como quedó tras la última transacción. Se escribe con un nombre temporal, va al
disco (fsync) y sólo después de abrirla en sólo lectura y ver su tabla de migraciones toma su nombre definitivo
(`seguimiento_AAAA-MM-DD_HHMMSS.duckdb`, hora de Bolivia): un respaldo con nombre siempre se puede restaurar.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb

from datos import conexion, reloj
from datos.administracion import valor_ajuste
from datos.errores import ErrorUsuario

CARPETA = "respaldos"  # junto a la base, salvo --salida
# Tablas que toda base de este tablero tiene desde la migración 001: así se reconoce un respaldo suyo.
_TABLAS_PROPIAS = {"migraciones", "ordenes", "usuarios", "seguimientos", "ajustes", "importaciones"}


class RespaldoInvalido(ErrorUsuario):
    """El archivo no es un respaldo de este tablero que se pueda restaurar."""


def carpeta_por_defecto(ruta: Path) -> Path:
    return ruta.parent / CARPETA


def _patron(ruta: Path) -> re.Pattern:
    return re.compile(re.escape(ruta.stem) + r"_(?P<hora>\d{4}-\d{2}-\d{2}_\d{6})(?:-(?P<n>\d+))?"
                      r"(?:_antes_de_restaurar)?\.duckdb")


def respaldos(ruta=None, salida: Path | None = None) -> list[Path]:
    """Los respaldos de la base en la carpeta, del más viejo al más nuevo (por la hora de su nombre y, dentro del
    mismo segundo, por su número)."""
    ruta = conexion.ruta_db(ruta)
    carpeta = Path(salida) if salida else carpeta_por_defecto(ruta)
    return [p for _, p in sorted(_con_orden(ruta, carpeta))]


def _con_orden(ruta: Path, carpeta: Path):
    patron = _patron(ruta)
    for p in carpeta.glob(f"{ruta.stem}_*.duckdb"):
        if m := patron.fullmatch(p.name):
            yield (m["hora"], int(m["n"] or 1)), p


def tamano(archivo: Path) -> str:
    return f"{archivo.stat().st_size / 1e6:.1f} MB".replace(".", ",")


def respaldar(ruta=None, *, salida: Path | str | None = None, conservar: int | None = None,
              espera: float = 60.0, al_esperar=None) -> Path:
    """Copia la base a `salida` (por defecto respaldos/ junto a ella), deja los últimos `conservar` (ajuste
    respaldos_a_conservar) y devuelve la ruta del respaldo nuevo. La tarea diaria llama a esto."""
    ruta = conexion.ruta_db(ruta)
    if not ruta.is_file():
        raise ErrorUsuario(f"No existe la base de datos «{ruta}»: no hay nada que respaldar.")
    carpeta = Path(salida).resolve() if salida else carpeta_por_defecto(ruta)
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ErrorUsuario(f"No se pudo crear la carpeta de respaldos «{carpeta}» ({e.strerror or e}).") from None
    if conservar is None:
        with conexion.abierta(ruta, espera=espera, al_esperar=al_esperar) as con:
            conservar = valor_ajuste(con, "respaldos_a_conservar")
    destino = _nombre_libre(carpeta, ruta)
    temporal = destino.with_name(f".{destino.name}.tmp")
    try:
        with conexion.exclusiva(ruta, espera=espera, al_esperar=al_esperar):
            _copiar(ruta, temporal, base_en_uso=True)
        verificar(temporal, nombre=destino.name)  # fuera del cerrojo: el tablero ya puede seguir
        os.replace(temporal, destino)
        _sincronizar_carpeta(carpeta)
    except OSError as e:
        raise ErrorUsuario(f"No se pudo escribir el respaldo en «{carpeta}» ({e.strerror or e}).") from None
    finally:
        temporal.unlink(missing_ok=True)
    _podar(ruta, carpeta, conservar)
    return destino


def _nombre_libre(carpeta: Path, ruta: Path, sufijo: str = "") -> Path:
    hora = f"{reloj.ahora():%Y-%m-%d_%H%M%S}"
    # Otro del mismo segundo: el número siguiente al mayor (no uno que la poda dejó libre: el orden es por número).
    usados = [n for (h, n), _ in _con_orden(ruta, carpeta) if h == hora]
    numero = f"-{max(usados) + 1}" if usados else ""
    return carpeta / f"{ruta.stem}_{hora}{numero}{sufijo}.duckdb"


def _copiar(origen: Path, destino: Path, *, base_en_uso: bool = False) -> None:
    """Copia byte a byte y la lleva al disco. Con `base_en_uso` (la base del tablero, cerrada en todos los procesos):
    si quedó un .wal (un proceso que murió sin cerrar), se aplica antes a la base; copiar sólo el archivo principal
    lo perdería."""
    if base_en_uso and origen.with_name(origen.name + ".wal").exists():
        with duckdb.connect(str(origen)) as con:
            con.execute("CHECKPOINT")
    with open(origen, "rb") as entrada, open(destino, "wb") as salida:
        shutil.copyfileobj(entrada, salida, 1 << 20)
        salida.flush()
        os.fsync(salida.fileno())


def _sincronizar_carpeta(carpeta: Path) -> None:
    # El nombre nuevo (os.replace) también debe llegar al disco, no sólo los bytes del archivo.
    descriptor = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def verificar(archivo: Path, nombre: str | None = None) -> int:
    """Abre el archivo en sólo lectura y comprueba que es una base de este tablero que este programa puede abrir.
    Devuelve su última migración. RespaldoInvalido (con un mensaje claro) si no."""
    nombre = nombre or archivo.name
    try:
        with duckdb.connect(str(archivo), read_only=True) as con:
            tablas = {t for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
            if "migraciones" not in tablas:
                raise RespaldoInvalido(f"«{nombre}» es una base DuckDB, pero no de este tablero (no tiene la tabla "
                                       "de migraciones).")
            if faltan := _TABLAS_PROPIAS - tablas:
                raise RespaldoInvalido(f"«{nombre}» no es un respaldo de este tablero: le faltan las tablas "
                                       f"{', '.join(sorted(faltan))}.")
            (version,) = con.execute("SELECT coalesce(max(version), 0) FROM migraciones").fetchone()
    except duckdb.Error as e:
        raise RespaldoInvalido(f"«{nombre}» no es un respaldo de este tablero: no se abre como base DuckDB "
                               f"({str(e).splitlines()[0]}).") from None
    propia = max(int(p.name[:3]) for p in conexion.MIGRACIONES.glob("[0-9][0-9][0-9]_*.sql"))
    if version > propia:
        raise RespaldoInvalido(f"«{nombre}» viene de una versión más nueva del tablero (migración {version}; esta "
                               f"llega a la {propia}): actualice el programa antes de restaurarlo.")
    return version


def _podar(ruta: Path, carpeta: Path, conservar: int) -> list[Path]:
    """Borra los respaldos más viejos de la carpeta hasta dejar `conservar`; sólo los que llevan el nombre de un
    respaldo de esta base (nada más de la carpeta se toca)."""
    viejos = respaldos(ruta, carpeta)[:-conservar] if conservar > 0 else []
    for viejo in viejos:
        viejo.unlink(missing_ok=True)
    return viejos


def resumen(base) -> dict:
    """Lo que se muestra antes de confirmar una restauración: órdenes, cuentas, registros y la última importación.
    `base`: una conexión, o la ruta de un respaldo (se abre en sólo lectura)."""
    if isinstance(base, (str, Path)):
        with duckdb.connect(str(base), read_only=True) as con:
            return resumen(con)
    ordenes, cuentas, registros, ultima = base.execute(
        "SELECT (SELECT count(*) FROM ordenes), (SELECT count(*) FROM usuarios), "
        "(SELECT count(*) FROM seguimientos), (SELECT max(fecha) FROM importaciones)").fetchone()
    return {"ordenes": ordenes, "usuarios": cuentas, "seguimientos": registros, "ultima_importacion": ultima}


def restaurar(archivo: Path | str, ruta=None, *, espera: float = 60.0, al_esperar=None) -> Path | None:
    """Reemplaza la base por el respaldo `archivo` (que se verifica antes). La base actual queda primero como un
    respaldo más (`…_antes_de_restaurar.duckdb`), cuya ruta se devuelve (None si no había base)."""
    archivo, ruta = Path(archivo).resolve(), conexion.ruta_db(ruta)
    if not archivo.is_file():
        raise RespaldoInvalido(f"No existe el archivo «{archivo}».")
    if ruta.exists() and archivo.samefile(ruta):
        raise RespaldoInvalido(f"«{archivo}» es la base en uso: elija un respaldo.")
    verificar(archivo)
    carpeta = carpeta_por_defecto(ruta)
    carpeta.mkdir(parents=True, exist_ok=True)
    entrante = ruta.with_name(f".{ruta.name}.restaurando")
    anterior = None
    try:
        _copiar(archivo, entrante)  # antes del cerrojo: lo lento no detiene al tablero
        with conexion.exclusiva(ruta, espera=espera, al_esperar=al_esperar):
            if ruta.exists():
                anterior = _nombre_libre(carpeta, ruta, "_antes_de_restaurar")
                _copiar(ruta, anterior, base_en_uso=True)  # también aplica un .wal que hubiera quedado
            ruta.with_name(ruta.name + ".wal").unlink(missing_ok=True)  # el de la base anterior no es de esta
            os.replace(entrante, ruta)
            _sincronizar_carpeta(ruta.parent)
    except OSError as e:
        raise ErrorUsuario(f"No se pudo restaurar «{archivo}» en «{ruta}» ({e.strerror or e}).") from None
    finally:
        entrante.unlink(missing_ok=True)
    return anterior
