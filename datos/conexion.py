"""Una conexión DuckDB por proceso; cada sesión o hilo usa su propio cursor().

Las escrituras se serializan con `transaccion` (DuckDB admite un solo escritor por archivo).
"""
from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import duckdb

from datos.errores import ErrorUsuario

CARPETA = Path(__file__).resolve().parent
RUTA_POR_DEFECTO = CARPETA / "seguimiento.duckdb"
RUTA_DEMO = CARPETA / "demo.duckdb"
MIGRACIONES = CARPETA / "migraciones"

escribiendo = threading.Lock()


class transaccion:
    """`with transaccion(con) as t:` — el cerrojo de escritura del proceso y BEGIN … COMMIT; ROLLBACK si algo falla
    o si se llamó a `t.descartar()` (una revisión que no debe escribir). La única forma de escribir en la base."""

    def __init__(self, con):
        self.con, self.descartada = con, False

    def descartar(self) -> None:
        self.descartada = True

    def __enter__(self):
        escribiendo.acquire()
        try:
            self.con.execute("BEGIN TRANSACTION")
        except BaseException:
            escribiendo.release()
            raise
        return self

    def __exit__(self, tipo, *_):
        try:
            self.con.execute("ROLLBACK" if tipo or self.descartada else "COMMIT")
        finally:
            escribiendo.release()
        return False


class BaseEnUso(ErrorUsuario):
    """Otro proceso tiene abierta la base."""


def ruta_db(ruta: str | os.PathLike | None = None) -> Path:
    return Path(ruta or os.environ.get("SEGUIMIENTO_DB") or RUTA_POR_DEFECTO).resolve()


def carpeta_de_trabajo(con: duckdb.DuckDBPyConnection) -> Path:
    """Carpeta junto a la base donde la importación deja sus archivos temporales; antes de devolverla quita los que
    dejó un proceso que ya no existe (una importación matada con SIGKILL no llega a borrar el suyo)."""
    (archivo,) = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    carpeta = Path(archivo).parent / ".importando"
    carpeta.mkdir(exist_ok=True)
    for sobrante in carpeta.glob("*-*.csv"):
        dueno = sobrante.name.split("-", 1)[0]
        if dueno.isdigit() and not _proceso_vivo(int(dueno)):
            sobrante.unlink(missing_ok=True)
    return carpeta


def archivo_de_trabajo(con: duckdb.DuckDBPyConnection, extension: str = "csv") -> Path:
    """Un archivo temporal nuevo en la carpeta de trabajo, con el PID de este proceso en el nombre (así se sabe si su
    dueño sigue vivo)."""
    return carpeta_de_trabajo(con) / f"{os.getpid()}-{uuid.uuid4().hex}.{extension}"


def _proceso_vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # existe, pero es de otro usuario
        return True
    return True


def conectar(ruta: str | os.PathLike | None = None, *, encerrar: bool = True) -> duckdb.DuckDBPyConnection:
    """Abre (o crea) la base, aplica las migraciones pendientes y, con `encerrar`,
    prohíbe leer o escribir archivos fuera de la carpeta de la base."""
    ruta = ruta_db(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(ruta))
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise BaseEnUso(
                f"La base de datos «{ruta}» está abierta por otro proceso (otro tablero o una "
                "importación en curso). Ciérrelo y vuelva a intentar.") from None
        raise
    migrar(con)
    # En un mismo proceso DuckDB comparte la base entre conexiones: si otra ya la encerró, la configuración
    # está bloqueada (y ya es la correcta).
    ((bloqueada,),) = con.execute("SELECT current_setting('lock_configuration')").fetchall()
    if encerrar and not bloqueada:
        carpeta = str(ruta.parent)
        con.execute("SET allowed_directories = $d", {"d": [carpeta + os.sep]})
        con.execute("SET enable_progress_bar = false")  # la barra de DuckDB ensucia la consola de la CLI
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def migrar(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Aplica, una sola vez y en orden, los archivos migraciones/NNN_*.sql."""
    con.execute("""CREATE TABLE IF NOT EXISTS migraciones (
        version INTEGER PRIMARY KEY, nombre VARCHAR NOT NULL,
        aplicada_en TIMESTAMP NOT NULL DEFAULT current_localtimestamp())""")
    hechas = {v for (v,) in con.execute("SELECT version FROM migraciones").fetchall()}
    aplicadas = []
    for archivo in sorted(MIGRACIONES.glob("[0-9][0-9][0-9]_*.sql")):
        version = int(archivo.name[:3])
        if version in hechas:
            continue
        with transaccion(con):
            con.execute(archivo.read_text(encoding="utf-8"))
            con.execute("INSERT INTO migraciones (version, nombre) VALUES ($v, $n)", {"v": version, "n": archivo.name})
        aplicadas.append(archivo.name)
    return aplicadas


def ajuste(con, clave: str) -> str:
    fila = con.execute("SELECT valor FROM ajustes WHERE clave = $c", {"c": clave}).fetchone()
    return fila[0] if fila else None


def es_demo(con) -> bool:
    return ajuste(con, "demo") == "1"
