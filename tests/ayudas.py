"""Lo que las pruebas comparten y no es un fixture: usuarios, rutas, una orden insertada a mano, una orden de consola
en un proceso de verdad. Se importa siempre como `from tests.ayudas import …` (los fixtures están en conftest.py)."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from datos.permisos import Usuario

RAIZ = Path(__file__).resolve().parents[1]
MUESTRAS = Path(__file__).parent / "muestras"

ATENCION = Usuario("ana", "Ana Atención", "atencion")
RETENCION = Usuario("rita", "Rita Retención", "retencion")
JEFATURA = Usuario("jefa", "Julia Jefa", "jefatura")
ADMIN = Usuario("admin", "Adm. Sistema", "administrador")
SISTEMA = Usuario("pruebas", "Pruebas", "sistema")


def copiar_plantilla(plantilla: Path, destino: Path) -> Path:
    """Una base nueva y migrada en `destino` (que no debe existir), copiada de la plantilla."""
    assert not destino.exists(), destino
    destino.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(plantilla, destino)
    return destino


_ot = itertools.count(9_000_001)


def insertar_orden(con, *, estado="REGISTRADO", registro=dt.datetime(2026, 10, 5, 9, 0), actividad=52137,
                   ot=None, **otros) -> int:
    """Inserta una orden directamente (para probar consultas sin pasar por el importador)."""
    ot = ot or next(_ot)
    fila = {"ot": ot, "actividad_codigo": actividad, "estado": estado, "estado_origen": estado,
            "fecha_registro": registro, "importacion_id": 0, **otros}
    columnas = ", ".join(fila)
    valores = ", ".join(f"${k}" for k in fila)
    con.execute(f"INSERT INTO ordenes ({columnas}) VALUES ({valores})", fila)
    return ot


@dataclass
class Corrida:
    """Lo que dejó una orden de la línea de comandos (los campos de subprocess.CompletedProcess que se miran)."""
    returncode: int
    stdout: str
    stderr: str


def correr_proceso(modulo: str, *args, **kw) -> subprocess.CompletedProcess:
    """`python -m MODULO ARGS…` de verdad (~1,5 s sólo en arrancar): para lo que sólo un proceso muestra."""
    return subprocess.run([sys.executable, "-m", modulo, *map(str, args)], cwd=RAIZ, capture_output=True, text=True,
                          timeout=300, **kw)


# El último commit con las vistas y macros dentro de las migraciones (antes de consultas/modelo/, issue 20).
ANTES_DEL_MODELO = "7255c33"


def migraciones_de(commit: str) -> dict[str, str]:
    """Los archivos de datos/migraciones/ de un commit (nombre → texto), leídos de la historia de git."""
    tar = subprocess.run(["git", "archive", commit, "datos/migraciones"], cwd=RAIZ, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as archivo:
        return {Path(m.name).name: archivo.extractfile(m).read().decode("utf-8")
                for m in archivo.getmembers() if m.isfile() and m.name.endswith(".sql")}


def base_de_antes(ruta: Path, hasta: int | None = None, commit: str = ANTES_DEL_MODELO) -> duckdb.DuckDBPyConnection:
    """Una base como la dejaba el código de `commit`, con sus migraciones hasta la `hasta` (todas si None), abierta sin
    el código de hoy: como lo hacía el migrar() de entonces (una transacción por archivo y su fila en migraciones)."""
    con = duckdb.connect(str(ruta))
    con.execute("""CREATE TABLE migraciones (
        version INTEGER PRIMARY KEY, nombre VARCHAR NOT NULL,
        aplicada_en TIMESTAMP NOT NULL DEFAULT current_localtimestamp())""")
    for nombre, texto in sorted(migraciones_de(commit).items()):
        if hasta is None or int(nombre[:3]) <= hasta:
            con.execute("BEGIN TRANSACTION")
            con.execute(texto)
            con.execute("INSERT INTO migraciones (version, nombre) VALUES ($v, $n)", {"v": int(nombre[:3]), "n": nombre})
            con.execute("COMMIT")
    return con


@contextlib.contextmanager
def smtp_local(monkeypatch, ruta: Path):
    """aiosmtpd en 127.0.0.1, configurado por variables de entorno como en producción (devuelve su buzón, con
    `puerto`); en la base `ruta`, Julia (jefatura) y Ana (atención) con correo."""
    from aiosmtpd.controller import Controller
    from datos import conexion, usuarios
    from tests.test_correo import Buzon, puerto_libre

    buzon = Buzon()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto_libre())
    servidor.start()
    buzon.puerto = servidor.port
    for variable, valor in {"HOST": "127.0.0.1", "PORT": str(servidor.port), "REMITENTE": "tablero@comteco.test",
                            "STARTTLS": "false"}.items():
        monkeypatch.setenv(f"SEGUIMIENTO_SMTP_{variable}", valor)
    with conexion.abierta(ruta) as con:
        usuarios.agregar(con, ADMIN, "julia", "Julia Jefa", "jefatura", "clave-julia", email="julia@comteco.test")
        usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-ana1", email="ana@comteco.test")
    try:
        yield buzon
    finally:
        servidor.stop()


def lista_entera(at, clave: str):
    """En una bandeja (AppTest ya corrido), enciende «Ver toda la lista del periodo»: abre en lo de ahora (issue 24).
    Una página sin el interruptor (no es una bandeja, o sin órdenes) queda como está."""
    if any(t.key == f"{clave}_todo" for t in at.toggle):
        at.toggle(key=f"{clave}_todo").set_value(True).run()
    return at


def leido(markdown: str) -> str:
    """Lo que se lee de un texto Markdown de AppTest (`.value` es la fuente): sin los «\\» ni los U+2060 (invisibles)
    de formato.texto_llano."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


# Issue 27, punto 5: nombres y valores que, tomados como Markdown, serían un enlace y una imagen externa.
NOMBRE_HOSTIL = "[Sesión vencida - ingrese aquí](https:evil.example) ![](https:evil.example).csv"
ZONA_HOSTIL = "[Zona Norte](https:evil.example) :red[www.evil.example]"
UNIDAD_HOSTIL = "![](https:evil.example/u.png) Cuadrilla"


def exportacion_hostil(dia: int = 3) -> bytes:
    """Un Reporte CSV de tres órdenes de poste de noviembre 2026 con la zona y la unidad de arriba."""
    filas = ["Nro. Orden;Solicitud;Cod Actividad;Descripción Actividad;Estado;F. Registro;F. Atención;Causal;"
             "Unidad Operativa;Técnico;Nombre Cliente;CI - NIT;Dirección;Zona;Observaciones"]
    for n, estado in enumerate(("ATENDIDO", "ATENDIDO", "REGISTRADO")):
        atencion = f"{dia + 2:02d}/11/2026 10:00:00" if estado == "ATENDIDO" else ""
        filas.append(f"{7100000 + dia * 10 + n};{3900000 + dia * 10 + n};52137;Movimiento de poste;{estado};"
                     f"{dia:02d}/11/2026 09:00:00;{atencion};;{UNIDAD_HOSTIL};Técnico;Cliente;123;Calle 1;"
                     f"{ZONA_HOSTIL};")
    return ("\n".join(filas) + "\n").encode()
