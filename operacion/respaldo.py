"""Respaldos de la base mientras el tablero sigue abierto, y su restauración.

La copia se toma dentro de `conexion.exclusiva`: ningún proceso tiene la base abierta mientras se copian sus bytes,
así que la copia es la base tal como quedó tras la última transacción. Se escribe con un nombre temporal, va al
disco (fsync) y sólo después de verificarla toma su nombre definitivo (`seguimiento_AAAA-MM-DD_HHMMSS.duckdb`, hora de
Bolivia): un respaldo con nombre siempre se puede restaurar.

Verificar es releer la copia entera: sus bytes deben dar la misma suma (BLAKE3) que los de la base leídos dentro del
cerrojo, y cada tabla se lee completa (DuckDB comprueba la suma de control de cada bloque que lee). Una base dañada
falla aquí: su copia va a `respaldos/fallidos/`, se informa, y no cuenta entre los respaldos a conservar (la poda nunca
borra uno bueno por culpa de uno malo).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import blake3
import duckdb

from datos import archivos, conexion, reloj
from datos.administracion import valor_ajuste
from datos.errores import ErrorUsuario

CARPETA = "respaldos"  # junto a la base, salvo --salida
FALLIDOS = "fallidos"  # dentro de la carpeta de respaldos: copias que no pasaron la verificación
FALLIDOS_A_CONSERVAR = 3  # cada una pesa lo que la base: las más viejas se borran
# Tablas que toda base de este tablero tiene desde la migración 001: así se reconoce un respaldo suyo.
_TABLAS_PROPIAS = {"migraciones", "ordenes", "usuarios", "seguimientos", "ajustes", "importaciones"}


class RespaldoInvalido(ErrorUsuario):
    """El archivo no es un respaldo de este tablero que se pueda restaurar."""


class BaseDanada(ErrorUsuario):
    """La base (o un respaldo) tiene bloques dañados: no se puede leer entera. `detalle`: qué no se pudo leer."""

    def __init__(self, mensaje: str, detalle: str = ""):
        super().__init__(mensaje)
        self.detalle = detalle


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
    return archivos.megas(archivo.stat().st_size)


def respaldar(ruta=None, *, salida: Path | str | None = None, conservar: int | None = None,
              espera: float = 60.0, al_esperar=None) -> Path:
    """Copia la base a `salida` (por defecto respaldos/ junto a ella), deja los últimos `conservar` (ajuste
    respaldos_a_conservar) y devuelve la ruta del respaldo nuevo. La tarea diaria llama a esto."""
    ruta = conexion.ruta_db(ruta)
    if not ruta.is_file():
        raise ErrorUsuario(f"No existe la base de datos «{ruta}»: no hay nada que respaldar.")
    carpeta = Path(salida).resolve() if salida else carpeta_por_defecto(ruta)
    try:
        archivos.carpeta_privada(carpeta)
    except OSError as e:
        raise ErrorUsuario(f"No se pudo crear la carpeta de respaldos «{carpeta}» ({e.strerror or e}).") from None
    if conservar is None:
        with conexion.abierta(ruta, espera=espera, al_esperar=al_esperar) as con:
            conservar = valor_ajuste(con, "respaldos_a_conservar")
    destino = _nombre_libre(carpeta, ruta)
    temporal = destino.with_name(f".{destino.name}.tmp")
    try:
        with conexion.exclusiva(ruta, espera=espera, al_esperar=al_esperar):
            suma = _copiar(ruta, temporal, base_en_uso=True)
        verificar(temporal, nombre=destino.name, suma=suma)  # fuera del cerrojo: el tablero ya puede seguir
        os.replace(temporal, destino)
        _sincronizar_carpeta(carpeta)
    except BaseDanada as e:
        apartado = _apartar(temporal, carpeta, destino.name)
        aparte = f"quedó aparte en «{apartado}» y " if apartado else ""
        raise BaseDanada(f"La base de datos «{ruta}» está dañada: no se respaldó ({e.detalle}). Su copia {aparte}no "
                         f"cuenta entre los {conservar} respaldos a conservar (no se borró ninguno). "
                         f"{como_restaurar(ruta, carpeta)}", e.detalle) from None
    except OSError as e:
        archivos.si_falta_lugar(e, carpeta, "escribir el respaldo", ruta.stat().st_size)
        raise ErrorUsuario(f"No se pudo escribir el respaldo en «{carpeta}» ({e.strerror or e}).") from None
    finally:
        temporal.unlink(missing_ok=True)
    _podar(ruta, carpeta, conservar)
    return destino


def _apartar(temporal: Path, carpeta: Path, nombre: str) -> Path | None:
    """La copia que no pasó la verificación va a fallidos/ (para quien quiera rescatar algo), fuera de la rotación;
    quedan las FALLIDOS_A_CONSERVAR más nuevas."""
    fallidos = carpeta / FALLIDOS
    try:
        archivos.carpeta_privada(fallidos)
        destino, n = fallidos / nombre, 1
        while destino.exists():  # otro del mismo segundo
            n += 1
            destino = fallidos / f"{Path(nombre).stem}-{n}.duckdb"
        os.replace(temporal, destino)
        for viejo in sorted(fallidos.glob("*.duckdb"), key=lambda p: p.stat().st_mtime_ns)[:-FALLIDOS_A_CONSERVAR]:
            viejo.unlink(missing_ok=True)
        return destino
    except OSError:  # sin lugar ni permiso: la copia se descarta (finally en respaldar)
        return None


def _nombre_libre(carpeta: Path, ruta: Path, sufijo: str = "") -> Path:
    hora = f"{reloj.ahora():%Y-%m-%d_%H%M%S}"
    # Otro del mismo segundo: el número siguiente al mayor (no uno que la poda dejó libre: el orden es por número).
    usados = [n for (h, n), _ in _con_orden(ruta, carpeta) if h == hora]
    numero = f"-{max(usados) + 1}" if usados else ""
    return carpeta / f"{ruta.stem}_{hora}{numero}{sufijo}.duckdb"


def _copiar(origen: Path, destino: Path, *, base_en_uso: bool = False) -> str:
    """Copia byte a byte, la lleva al disco (archivo 0600) y devuelve la suma BLAKE3 de lo leído. Con `base_en_uso`
    (la base del tablero, cerrada en todos los procesos): si quedó un .wal (un proceso que murió sin cerrar), se aplica
    antes a la base; copiar sólo el archivo principal lo perdería."""
    if base_en_uso and origen.with_name(origen.name + ".wal").exists():
        try:
            with duckdb.connect(str(origen)) as con:
                con.execute("CHECKPOINT")
        except duckdb.Error as e:
            if es_dano(e):
                raise BaseDanada(f"La base «{origen}» está dañada: {_primera_linea(e)}.", _primera_linea(e)) from None
            raise
    suma = blake3.blake3()
    try:
        with open(origen, "rb") as entrada, archivos.abrir_privado(destino) as salida:
            while bloque := entrada.read(1 << 20):
                suma.update(bloque)
                salida.write(bloque)
            salida.flush()
            os.fsync(salida.fileno())
    except OSError:
        destino.unlink(missing_ok=True)  # una copia a medias no ocupa el disco que falta
        raise
    return suma.hexdigest()


def _suma(archivo: Path) -> str:
    suma = blake3.blake3()
    with open(archivo, "rb") as f:
        while bloque := f.read(1 << 20):
            suma.update(bloque)
    return suma.hexdigest()


def _sincronizar_carpeta(carpeta: Path) -> None:
    # El nombre nuevo (os.replace) también debe llegar al disco, no sólo los bytes del archivo.
    descriptor = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def es_dano(error: BaseException, *, base_propia: bool = False) -> bool:
    """¿Es un error de DuckDB por bloques dañados (su suma de control no coincide)? Con `base_propia` (la base del
    tablero, no un archivo cualquiera), también un encabezado que ya no es el de una base DuckDB. DuckDB no tiene un
    tipo de error propio para esto: se reconoce por su texto (tests/test_base_danada.py lo provoca con la versión
    instalada)."""
    if not isinstance(error, duckdb.Error):
        return False
    texto = str(error)
    return ("Corrupt database file" in texto or "does not match stored checksum" in texto
            or (base_propia and "not a valid DuckDB database file" in texto))


def _primera_linea(error: BaseException) -> str:
    return str(error).splitlines()[0]


def verificar(archivo: Path, nombre: str | None = None, *, suma: str | None = None) -> int:
    """Abre el archivo en sólo lectura, comprueba que es una base de este tablero que este programa puede abrir y lee
    cada tabla completa. Con `suma`, sus bytes deben tener esa suma BLAKE3 (la de la base copiada). Devuelve su última
    migración. RespaldoInvalido o BaseDanada (con un mensaje claro) si no."""
    nombre = nombre or archivo.name
    if suma is not None and _suma(archivo) != suma:
        detalle = "la copia no es igual a la base: sus bytes cambiaron al escribirse, el disco puede estar fallando"
        raise BaseDanada(f"«{nombre}»: {detalle}.", detalle)
    try:
        with duckdb.connect(str(archivo), read_only=True) as con:
            tablas = {t: tipo for t, tipo in con.execute(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
            if "migraciones" not in tablas:
                raise RespaldoInvalido(f"«{nombre}» es una base DuckDB, pero no de este tablero (no tiene la tabla "
                                       "de migraciones).")
            if faltan := _TABLAS_PROPIAS - set(tablas):
                raise RespaldoInvalido(f"«{nombre}» no es un respaldo de este tablero: le faltan las tablas "
                                       f"{', '.join(sorted(faltan))}.")
            (version,) = con.execute("SELECT coalesce(max(version), 0) FROM migraciones").fetchone()
            for tabla in sorted(t for t, tipo in tablas.items() if tipo == "BASE TABLE"):
                _leer_entera(con, tabla, nombre)
    except duckdb.Error as e:
        if es_dano(e):
            raise BaseDanada(f"«{nombre}» está dañada: {_primera_linea(e)}.", _primera_linea(e)) from None
        raise RespaldoInvalido(f"«{nombre}» no es un respaldo de este tablero: no se abre como base DuckDB "
                               f"({_primera_linea(e)}).") from None
    propia = max(int(p.name[:3]) for p in conexion.MIGRACIONES.glob("[0-9][0-9][0-9]_*.sql"))
    if version > propia:
        raise RespaldoInvalido(f"«{nombre}» viene de una versión más nueva del tablero (migración {version}; esta "
                               f"llega a la {propia}): actualice el programa antes de restaurarlo.")
    return version


def _leer_entera(con, tabla: str, nombre: str) -> None:
    """Lee cada fila y cada columna de la tabla (un hash por fila, sumados): un bloque dañado no pasa sin leerse."""
    try:
        con.execute(f'SELECT count(*), sum(hash(t)) FROM "{tabla}" AS t').fetchall()  # nombre del catálogo
    except duckdb.Error as e:
        if es_dano(e):
            detalle = f"la tabla «{tabla}» no se puede leer entera: {_primera_linea(e)}"
            raise BaseDanada(f"«{nombre}» está dañada: {detalle}.", detalle) from None
        raise


def como_restaurar(ruta=None, carpeta: Path | None = None) -> str:
    """Qué hacer con una base dañada: restaurar el último respaldo bueno (se nombra, si hay)."""
    ruta = conexion.ruta_db(ruta)
    buenos = respaldos(ruta, carpeta)
    if not buenos:
        return (f"No hay respaldos en «{carpeta or carpeta_por_defecto(ruta)}»: avise al administrador (la base "
                "dañada no se debe seguir usando).")
    return (f"Restaure el último respaldo bueno con: python -m datos restaurar {buenos[-1]} "
            "(la base dañada queda guardada en respaldos/ como …_antes_de_restaurar).")


def mensaje_base_danada(ruta, error: BaseException) -> str:
    """El mensaje para la CLI y el tablero cuando la base en uso no se puede leer porque está dañada."""
    ruta = conexion.ruta_db(ruta)
    if "not a valid DuckDB database file" in str(error):  # quizá sólo un --db equivocado: se dice las dos cosas
        return (f"no se pudo abrir la base de datos «{ruta}»: el archivo no es una base DuckDB. Si es la base del "
                f"tablero, está dañada. {como_restaurar(ruta)}")
    return f"La base de datos «{ruta}» está dañada ({_primera_linea(error)}). {como_restaurar(ruta)}"


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
    carpeta = archivos.carpeta_privada(carpeta_por_defecto(ruta))
    entrante = ruta.with_name(f".{ruta.name}.restaurando")
    anterior = None
    try:
        _copiar(archivo, entrante)  # antes del cerrojo: lo lento no detiene al tablero
        with conexion.exclusiva(ruta, espera=espera, al_esperar=al_esperar):
            if ruta.exists():
                anterior = _nombre_libre(carpeta, ruta, "_antes_de_restaurar")
                _guardar_anterior(ruta, anterior)
            ruta.with_name(ruta.name + ".wal").unlink(missing_ok=True)  # el de la base anterior no es de esta
            os.replace(entrante, ruta)
            _sincronizar_carpeta(ruta.parent)
    except OSError as e:
        archivos.si_falta_lugar(e, ruta.parent, "restaurar el respaldo", 2 * archivo.stat().st_size)
        raise ErrorUsuario(f"No se pudo restaurar «{archivo}» en «{ruta}» ({e.strerror or e}).") from None
    finally:
        entrante.unlink(missing_ok=True)
    return anterior


def _guardar_anterior(ruta: Path, anterior: Path) -> None:
    """La base que se reemplaza queda como un respaldo más. Su .wal se aplica antes; si la base está dañada (por eso
    se restaura) no se puede aplicar: se guarda tal cual, con su .wal al lado, para quien quiera rescatar algo."""
    try:
        _copiar(ruta, anterior, base_en_uso=True)
    except BaseDanada:
        _copiar(ruta, anterior)
        wal = ruta.with_name(ruta.name + ".wal")
        if wal.exists():
            os.replace(wal, anterior.with_name(anterior.name + ".wal"))
