"""La base DuckDB compartida por el tablero y la línea de comandos, abierta por unidad de trabajo.

DuckDB admite un solo proceso por archivo (lectura y escritura). Por eso nadie la deja abierta: cada unidad de
trabajo (una corrida de una página, una orden de la CLI, una tarea programada) la abre con `abierta()`, que toma
un cerrojo entre procesos (filelock sobre `<base>.lock`) y la cierra al terminar (abrir y cerrar una base de
1 M de órdenes cuesta ~13 ms). Dentro de un proceso, las unidades simultáneas (las sesiones del tablero) comparten
la misma conexión, cada hilo con su cursor(); el archivo se cierra cuando sale la última. Antes del cerrojo se pasa
por un turno (`<base>.turno`): quien espera el cerrojo tiene el turno, así un proceso que espera no queda detrás
de sesiones del tablero que se encadenan. `exclusiva()` toma el cerrojo con el archivo cerrado (respaldos).
Las escrituras se serializan además con `transaccion` (un solo BEGIN … COMMIT a la vez en el proceso).
(Algo más de 350 líneas: abrir una base es una sola historia —cerrojo, migraciones, modelo— y `transaccion` la usan
las tres; partirla obligaría a importar de ida y vuelta.)
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
import time
import uuid
from pathlib import Path

import duckdb
import filelock

from datos.errores import ErrorUsuario

CARPETA = Path(__file__).resolve().parent
RUTA_POR_DEFECTO = CARPETA / "seguimiento.duckdb"
RUTA_DEMO = CARPETA / "demo.duckdb"
MIGRACIONES = CARPETA / "migraciones"
# Las vistas y macros del modelo: texto que se lee como datos (datos no importa consultas; las capas apuntan abajo).
MODELO = CARPETA.parent / "consultas" / "modelo"

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


ESPERA_POR_DEFECTO = 60.0  # segundos que una orden de la CLI espera su turno antes de rendirse


class _Base:
    """Lo que un proceso sabe de una base: su conexión compartida, cuántas unidades la usan y sus cerrojos."""

    def __init__(self, ruta: Path):
        self.ruta = ruta
        # thread_local=False: los hilos de este proceso no compiten entre sí por el archivo (eso lo lleva `guarda`).
        self.turno = filelock.FileLock(f"{ruta}.turno", thread_local=False, is_singleton=False)
        self.cerrojo = filelock.FileLock(f"{ruta}.lock", thread_local=False, is_singleton=False)
        self.guarda = threading.Condition()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.usos = 0
        self.exclusiva = False


_bases: dict[Path, _Base] = {}
_bases_guarda = threading.Lock()
_hilo = threading.local()  # profundidad de anidamiento por hilo y base


def _base(ruta: Path) -> _Base:
    with _bases_guarda:
        return _bases.setdefault(ruta, _Base(ruta))


def _avisar(al_esperar, ruta: Path) -> None:
    """`al_esperar(ruta)` una sola vez por espera (_tomar y _esperar pueden esperar los dos)."""
    if al_esperar and not getattr(_hilo, "avisado", False):
        _hilo.avisado = True
        al_esperar(ruta)


def _tomar(lock: filelock.FileLock, hasta: float, al_esperar, ruta: Path) -> None:
    """Toma un cerrojo de archivo; si está tomado avisa una vez y espera hasta `hasta` (time.monotonic)."""
    try:
        lock.acquire(timeout=0)
        return
    except filelock.Timeout:
        pass
    _avisar(al_esperar, ruta)
    try:
        lock.acquire(timeout=max(0.0, hasta - time.monotonic()))
    except filelock.Timeout:
        raise BaseEnUso(f"La base de datos «{ruta}» sigue en uso por otro proceso (el tablero, una importación o una "
                        "tarea programada) después de esperar su turno. Vuelva a intentar en unos minutos.") from None


def _esperar(base: _Base, condicion, hasta: float, al_esperar) -> None:
    """Con `base.guarda` tomada: espera a que `condicion()` sea falsa (otras unidades de este proceso)."""
    while condicion():
        _avisar(al_esperar, base.ruta)
        restante = hasta - time.monotonic()
        if restante <= 0:
            raise BaseEnUso(f"La base de datos «{base.ruta}» sigue ocupada (un respaldo o una restauración en curso). "
                            "Vuelva a intentar en unos minutos.")
        base.guarda.wait(restante)


@contextlib.contextmanager
def abierta(ruta: str | os.PathLike | None = None, *, espera: float = ESPERA_POR_DEFECTO, al_esperar=None,
            encerrar: bool = True):
    """`with abierta() as con:` — la base para una unidad de trabajo. Espera su turno hasta `espera` segundos
    (llamando una vez a `al_esperar(ruta)` si tiene que esperar) o levanta BaseEnUso. Aplica las migraciones
    pendientes y el modelo al abrir. Anidada en el mismo hilo, reutiliza la unidad de afuera."""
    ruta = ruta_db(ruta)
    base = _base(ruta)
    profundidad = getattr(_hilo, "profundidad", {})
    _hilo.profundidad = profundidad
    if profundidad.get(ruta):
        profundidad[ruta] += 1
        try:
            with contextlib.closing(base.con.cursor()) as cur:
                yield cur
        finally:
            profundidad[ruta] -= 1
        return
    hasta, _hilo.avisado = time.monotonic() + espera, False
    _tomar(base.turno, hasta, al_esperar, ruta)
    try:
        with base.guarda:
            _esperar(base, lambda: base.exclusiva, hasta, al_esperar)
            if base.usos == 0:
                _tomar(base.cerrojo, hasta, al_esperar, ruta)
                try:
                    base.con = conectar(ruta, encerrar=encerrar)
                except BaseException:
                    base.cerrojo.release()
                    raise
            base.usos += 1
    finally:
        base.turno.release()
    profundidad[ruta] = 1
    try:
        with contextlib.closing(base.con.cursor()) as cur:
            yield cur
    finally:
        profundidad[ruta] = 0
        with base.guarda:
            base.usos -= 1
            if base.usos == 0:
                try:
                    base.con.close()
                finally:
                    base.con = None
                    base.cerrojo.release()
                    base.guarda.notify_all()


@contextlib.contextmanager
def exclusiva(ruta: str | os.PathLike | None = None, *, espera: float = ESPERA_POR_DEFECTO, al_esperar=None):
    """`with exclusiva() as ruta:` — el cerrojo con el archivo cerrado en este proceso (espera a que terminen sus
    unidades): nadie lee ni escribe mientras se copia o se reemplaza el archivo."""
    ruta = ruta_db(ruta)
    base = _base(ruta)
    hasta, _hilo.avisado = time.monotonic() + espera, False
    _tomar(base.turno, hasta, al_esperar, ruta)
    try:
        with base.guarda:
            _esperar(base, lambda: base.usos > 0 or base.exclusiva, hasta, al_esperar)
            _tomar(base.cerrojo, hasta, al_esperar, ruta)
            base.exclusiva = True
    finally:
        base.turno.release()
    try:
        yield ruta
    finally:
        with base.guarda:
            base.exclusiva = False
            base.cerrojo.release()
            base.guarda.notify_all()


def abiertas() -> list[Path]:
    """Las bases que este proceso abrió (la última, al final): para nombrarla en un mensaje de error."""
    with _bases_guarda:
        return list(_bases)


def ruta_db(ruta: str | os.PathLike | None = None) -> Path:
    return Path(ruta or os.environ.get("SEGUIMIENTO_DB") or RUTA_POR_DEFECTO).resolve()


def carpeta_de_trabajo(con: duckdb.DuckDBPyConnection) -> Path:
    """Carpeta junto a la base donde la importación deja sus archivos temporales; antes de devolverla quita los que
    dejó un proceso que ya no existe (una importación matada con SIGKILL no llega a borrar el suyo)."""
    (archivo,) = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    carpeta = Path(archivo).parent / ".importando"
    carpeta.mkdir(mode=0o700, exist_ok=True)  # copias de archivos de clientes
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
    """Abre (o crea) la base, aplica las migraciones pendientes y el modelo si cambió y, con `encerrar`, prohíbe leer
    o escribir archivos fuera de la carpeta de la base. Sin el cerrojo entre procesos: el tablero, la CLI y las tareas usan `abierta()`;
    esta queda para las pruebas y las mediciones, que tienen la base para sí."""
    ruta = ruta_db(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    nueva = not ruta.exists()
    try:
        con = duckdb.connect(str(ruta))
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise BaseEnUso(
                f"La base de datos «{ruta}» está abierta por otro proceso (otro tablero o una "
                "importación en curso). Ciérrelo y vuelva a intentar.") from None
        raise
    if nueva:
        _privada(ruta)
    aplicar_modelo(con, migrar(con))
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


def _privada(ruta: Path) -> None:
    """Una base recién creada sólo la lee la cuenta del tablero (nombres, CI/NIT, hashes de claves): 0600 aunque
    quien la abrió no haya puesto la umask 077 (datos/archivos.py)."""
    from datos import archivos
    archivos.hacer_privado(ruta)


def migrar(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Aplica, una sola vez y en orden, los archivos migraciones/NNN_*.sql: tablas y datos. Una migración no usa las
    vistas ni las macros del modelo (lo que necesita lo escribe ella misma: su efecto no cambia si el modelo cambia)."""
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
            # Las tablas pueden haber cambiado debajo del modelo: se vuelve a crear entero (aplicar_modelo).
            if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'modelo' "
                           "AND database_name = current_database()").fetchone()[0]:
                con.execute("DELETE FROM modelo")
        aplicadas.append(archivo.name)
    return aplicadas


_DEFINICION = re.compile(r"^CREATE OR REPLACE (VIEW|MACRO) (\w+)\b(?:\([^)]*\))?\s*AS\s+(TABLE\b)?", re.M)
_leido: dict[Path, tuple[tuple, list[tuple[str, str, str]], dict[str, str]]] = {}


def _modelo_y_hashes(carpeta: Path) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """modelo() y el sha256 de cada texto, leídos otra vez sólo si algún archivo cambió (fecha o tamaño): cada unidad
    de trabajo abre la base, y mirar la carpeta cuesta menos que leer y resumir sus archivos."""
    with os.scandir(carpeta) as archivos:
        firma = tuple(sorted((a.name, a.stat().st_mtime_ns, a.stat().st_size) for a in archivos))
    if carpeta not in _leido or _leido[carpeta][0] != firma:
        objetos = modelo(carpeta)
        _leido[carpeta] = firma, objetos, {n: hashlib.sha256(texto.encode()).hexdigest() for n, _, texto in objetos}
    return _leido[carpeta][1:]


def modelo(carpeta: Path | None = None) -> list[tuple[str, str, str]]:
    """Las vistas y macros de consultas/modelo/ en el orden de orden.txt: (nombre, tipo, texto). Cada archivo
    <nombre>.sql define exactamente el objeto <nombre> con CREATE OR REPLACE."""
    carpeta = carpeta or MODELO
    nombres = [n.strip() for n in (carpeta / "orden.txt").read_text(encoding="utf-8").splitlines()
               if n.strip() and not n.startswith("#")]
    sobran = {p.stem for p in carpeta.glob("*.sql")} ^ set(nombres)
    if sobran or len(nombres) != len(set(nombres)):
        raise RuntimeError(f"consultas/modelo/orden.txt y los archivos .sql no coinciden: {sorted(sobran) or nombres}")
    objetos = []
    for nombre in nombres:
        texto = (carpeta / f"{nombre}.sql").read_text(encoding="utf-8")
        definiciones = _DEFINICION.findall(texto)
        if [d[1] for d in definiciones] != [nombre]:
            raise RuntimeError(f"consultas/modelo/{nombre}.sql debe definir sólo «{nombre}» (CREATE OR REPLACE …)")
        ((clase, _, tabla),) = definiciones
        objetos.append((nombre, "MACRO TABLE" if tabla else clase, texto))
    return objetos


def aplicar_modelo(con: duckdb.DuckDBPyConnection, migradas=(), carpeta: Path | None = None) -> list[str]:
    """Crea las vistas y macros del modelo si su texto cambió desde la última vez (el sha256 de cada archivo queda en
    la tabla `modelo`), o si una migración acaba de cambiar las tablas (`migradas`; la migración borra los hashes).
    Si algo cambió se crean todas, en orden, en una transacción: una vista que lee otra se crea otra vez sobre la
    nueva. Las que ya no están en la carpeta se borran. Devuelve los nombres de las que se crearon."""
    objetos, hashes = _modelo_y_hashes(carpeta or MODELO)

    def al_dia() -> bool:
        return not migradas and dict(con.execute("SELECT nombre, hash FROM modelo").fetchall()) == hashes

    if al_dia():
        return []
    with transaccion(con):
        if al_dia():  # otra conexión de este proceso lo aplicó mientras se esperaba el turno de escribir
            return []
        for nombre, tipo in con.execute("SELECT nombre, tipo FROM modelo").fetchall():
            if nombre not in hashes:
                con.execute(f"DROP {tipo} IF EXISTS {nombre}")
        for nombre, tipo, texto in objetos:
            con.execute(texto)
        con.execute("DELETE FROM modelo")
        con.executemany("INSERT INTO modelo (nombre, tipo, hash) VALUES (?, ?, ?)",
                        [(nombre, tipo, hashes[nombre]) for nombre, tipo, _ in objetos])
    return [nombre for nombre, _, _ in objetos]


def ajuste(con, clave: str) -> str:
    fila = con.execute("SELECT valor FROM ajustes WHERE clave = $c", {"c": clave}).fetchone()
    return fila[0] if fila else None


def es_demo(con) -> bool:
    return ajuste(con, "demo") == "1"
