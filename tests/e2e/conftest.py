"""Pruebas en un navegador real: `streamlit run app.py` sobre una base temporal y el Chromium de Debian.

Nunca se descarga un navegador: se usa /usr/bin/chromium (paquete `chromium` de Debian; `make test` lo instala).
Sin él, la prueba se salta en una máquina de desarrollo y falla en CI.

Cada servidor tiene su propia base DuckDB preparada aquí en Python (cuentas, las tres muestras importadas,
ausencia y registros de seguimiento) y cerrada ANTES de arrancar Streamlit: DuckDB admite un solo proceso por
archivo. Mientras el servidor vive, la base sólo se comprueba a través de la interfaz.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
MUESTRAS = RAIZ / "tests" / "muestras"
ARTEFACTOS = RAIZ / "tests" / "artefactos"
CAPTURAS_README = RAIZ / "docs" / "capturas"
CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTOS_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VENTANA = {"width": 1280, "height": 900}
# Streamlit dibuja de a poco y la máquina de CI tiene 2 núcleos: esperas generosas, nunca pausas fijas.
ESPERA_MS = 30_000

CLAVE = "clave-e2e-2026"
CUENTAS = {  # usuario: (nombre, rol)
    "ana": ("Ana Atención", "atencion"),
    "rita": ("Rita Retención", "retencion"),
    "julia": ("Julia Jefa", "jefatura"),
}
MUESTRAS_INICIALES = ("ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv")
ACTUALIZACION = "ordenes_osf_2026_s2_actualizado.csv"


def kpi_esperado() -> tuple[dict, dict]:
    """Los dos bloques de tests/muestras/kpi_esperado.json: tras las tres muestras, y tras la actualización."""
    bloques = list(json.loads((MUESTRAS / "kpi_esperado.json").read_text(encoding="utf-8")).values())
    return bloques[0], bloques[1]


# ------------------------------------------------------------------ la base

@dataclass
class Base:
    """Lo que la prueba necesita saber de la base preparada (leído antes de arrancar el servidor)."""
    ruta: Path
    # OT de movimiento de poste por estado, del último mes con datos; para escribir en ellas desde la página.
    anulado: int | None = None
    registrado: int | None = None
    # Registros de seguimiento puestos antes de arrancar: (ot, tipo, texto).
    registros: list[tuple[int, str, str]] = field(default_factory=list)
    ausencia: tuple[dt.date, dt.date] | None = None


def preparar_base(ruta: Path, *, ausencia: bool = False, registros: bool = False) -> Base:
    from datos import conexion, importar, reloj, seguimiento, usuarios
    from datos.permisos import Usuario

    sistema = Usuario("pruebas_e2e", "Pruebas e2e", "sistema")
    con = conexion.conectar(ruta)
    try:
        for usuario, (nombre, rol) in CUENTAS.items():
            usuarios.agregar(con, sistema, usuario, nombre, rol, CLAVE)
        for archivo in MUESTRAS_INICIALES:
            res = importar.importar_archivo(con, MUESTRAS / archivo, usuario=sistema)
            assert not res.problemas, f"la muestra {archivo} fue rechazada: {res.problemas[:3]}"
        base = Base(ruta)
        # Las OT elegidas: las del último mes (las que la bandeja muestra primero), de la actividad 52137.
        por_estado = {}
        for estado in ("ANULADO", "REGISTRADO"):
            filas = con.execute(
                "SELECT ot FROM ordenes WHERE estado = $e AND actividad_codigo IN (52137, 8074) "
                "ORDER BY fecha_registro DESC, ot LIMIT 2", {"e": estado}).fetchall()
            assert len(filas) == 2, f"las muestras deberían tener al menos dos OT {estado}"
            por_estado[estado] = [f[0] for f in filas]
        base.anulado, base.registrado = por_estado["ANULADO"][0], por_estado["REGISTRADO"][0]
        ana = Usuario("ana", *CUENTAS["ana"])
        hoy = reloj.hoy()
        if registros:
            # En las otras dos OT, para no cruzarse con lo que escriben las pruebas.
            medida = (por_estado["ANULADO"][1], "medida_correctiva", "E2E medida: se llamó al solicitante")
            coordinacion = (por_estado["REGISTRADO"][1], "coordinacion", "E2E coordinación: cuadrilla el lunes")
            seguimiento.agregar(con, ana, medida[0], medida[1], medida[2], hoy=hoy)
            seguimiento.agregar(con, ana, coordinacion[0], coordinacion[1], coordinacion[2],
                                fecha_contacto=hoy - dt.timedelta(days=1), contacto="Ing. Vargas (Gestión de Redes)",
                                hoy=hoy)
            base.registros = [medida, coordinacion]
        if ausencia:
            base.ausencia = (hoy - dt.timedelta(days=2), hoy + dt.timedelta(days=5))
            seguimiento.registrar_ausencia(con, ana, *base.ausencia, motivo="Vacaciones (prueba e2e)")
    finally:
        con.close()
    return base


# ------------------------------------------------------------------ el servidor

def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Servidor:
    base: Base
    url: str
    proceso: subprocess.Popen
    registro: Path

    def detener(self) -> None:
        if self.proceso.poll() is None:
            os.killpg(self.proceso.pid, signal.SIGTERM)
            try:
                self.proceso.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proceso.pid, signal.SIGKILL)
                self.proceso.wait()


def iniciar_servidor(base: Base, nombre: str, raiz: Path = RAIZ) -> Servidor:
    """`streamlit run app.py` del árbol `raiz` (otro, para comparar antes y después en bench/) sobre la base."""
    puerto = _puerto_libre()
    ARTEFACTOS.mkdir(parents=True, exist_ok=True)
    # Con pytest-xdist cada proceso de pruebas arranca sus servidores: un registro por proceso.
    trabajador = os.environ.get("PYTEST_XDIST_WORKER")
    registro = ARTEFACTOS / f"streamlit_{nombre}{'_' + trabajador if trabajador else ''}.log"
    entorno = {**os.environ, "SEGUIMIENTO_DB": str(base.ruta), "PYTHONUNBUFFERED": "1"}
    entorno.pop("SEGUIMIENTO_DEMO", None)
    with open(registro, "wb") as salida:
        proceso = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(puerto), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             # Sin vigilar archivos (los demás editan el árbol) y sin el botón «Deploy» en las capturas.
             "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"],
            cwd=raiz, env=entorno, stdout=salida, stderr=subprocess.STDOUT, start_new_session=True)
    servidor = Servidor(base, f"http://127.0.0.1:{puerto}", proceso, registro)
    limite = time.monotonic() + 90
    while True:
        if proceso.poll() is not None:
            raise RuntimeError(f"streamlit terminó al arrancar (código {proceso.returncode}):\n"
                               + registro.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(f"{servidor.url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return servidor
        except OSError:
            pass
        if time.monotonic() > limite:
            servidor.detener()
            raise RuntimeError("streamlit no respondió en 90 s:\n" + registro.read_text(errors="replace")[-3000:])
        time.sleep(0.2)


@pytest.fixture(scope="session")
def servidor_compartido(navegador, tmp_path_factory):  # navegador primero: sin Chromium, ni se arranca
    """Un servidor para los recorridos que no cambian las cifras: con una ausencia de la Resp. de Atención
    que cubre hoy y dos registros de seguimiento ya hechos por ella."""
    base = preparar_base(tmp_path_factory.mktemp("compartida") / "seguimiento.duckdb", ausencia=True, registros=True)
    servidor = iniciar_servidor(base, "compartido")
    yield servidor
    servidor.detener()


@pytest.fixture
def servidor_nuevo(navegador, tmp_path):
    """Un servidor con su propia base recién preparada (para un recorrido que cambia las cifras)."""
    iniciados = []

    def iniciar(nombre: str, **kw) -> Servidor:
        base = preparar_base(tmp_path / f"{nombre}.duckdb", **kw)
        iniciados.append(iniciar_servidor(base, nombre))
        return iniciados[-1]
    yield iniciar
    for servidor in iniciados:
        servidor.detener()


# ------------------------------------------------------------------ el navegador

@pytest.fixture(scope="session")
def navegador():
    if not CHROMIUM.exists():
        mensaje = (f"No está {CHROMIUM}: las pruebas en navegador usan el Chromium de Debian, nunca uno descargado. "
                   "Instálelo con `sudo apt-get install chromium` (o `make test` como root).")
        if os.environ.get("CI"):
            pytest.fail(mensaje, pytrace=False)
        pytest.skip(mensaje)
    from playwright.sync_api import expect, sync_playwright
    expect.set_options(timeout=ESPERA_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGUMENTOS_CHROMIUM)
        yield chromium
        chromium.close()


_INFORMES = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    informe = yield
    item.stash.setdefault(_INFORMES, {})[informe.when] = informe
    return informe


def _contexto(navegador):
    """Un navegador aparte (cookies y caché propias): otra persona."""
    contexto = navegador.new_context(viewport=VENTANA, accept_downloads=True, locale="es-BO",
                                     timezone_id="America/La_Paz")
    contexto.set_default_timeout(ESPERA_MS)
    return contexto


def _guardar_capturas(request, pestanas) -> None:
    """Si la prueba falló, la captura de cada pestaña que abrió, en tests/artefactos/."""
    informes = request.node.stash.get(_INFORMES, {})
    if not any(i.failed for i in informes.values()):
        return
    ARTEFACTOS.mkdir(parents=True, exist_ok=True)
    nombre = re.sub(r"[^\w.-]+", "_", request.node.name)
    for n, pagina in enumerate(pestanas):
        try:
            pagina.screenshot(path=ARTEFACTOS / f"{nombre}_{n}.png", full_page=True)
        except Exception as e:  # noqa: BLE001 — una captura fallida no tapa el fallo real
            print(f"no se pudo guardar la captura: {e}")


@pytest.fixture
def pagina_nueva(navegador, request):
    """Abre pestañas en contextos separados (cada una es otra persona, sin ingresar). Si la prueba falla, guarda
    la captura de cada pestaña en tests/artefactos/."""
    contextos = []

    def abrir():
        contextos.append(_contexto(navegador))
        return contextos[-1].new_page()
    yield abrir
    _guardar_capturas(request, [p for c in contextos for p in c.pages])
    for contexto in contextos:
        contexto.close()


@pytest.fixture(scope="session")
def _ingresados(navegador):
    """(base del servidor, usuario) → el navegador de esa persona, que ya ingresó una vez y guarda la cookie de sesión."""
    contextos: dict[tuple[str, str], object] = {}
    yield contextos
    for contexto in contextos.values():
        contexto.close()


@pytest.fixture
def pestana(_ingresados, navegador, request):
    """pestana(servidor, usuario, ruta=""): una pestaña nueva en el navegador de esa persona, abierta en
    `url/ruta` y ya adentro por la cookie de sesión (ingresar se prueba en test_sesion.py y la primera vez que cada
    persona entra a cada servidor). Cada pestaña es otra sesión de Streamlit: su propio estado, sin nada de la
    anterior. Ahorra unos 5 s de ingreso por recorrido; abrir en la página que se prueba ahorra además dibujar el
    Semáforo (el gráfico de Plotly, ~3 s por navegador nuevo)."""
    from playwright.sync_api import expect

    from .test_recorridos import _contar_corridas, esperar_quieto, ingresar  # importa este conftest: aquí, no arriba
    abiertas = []

    def abrir(servidor: Servidor, usuario: str, ruta: str = ""):
        clave = (str(servidor.base.ruta), usuario)  # la base, no la URL: otro servidor puede tomar el mismo puerto
        if clave not in _ingresados:
            contexto = _contexto(navegador)
            primera = contexto.new_page()
            ingresar(primera, servidor.url, usuario)
            primera.close()
            _ingresados[clave] = contexto
        pagina = _ingresados[clave].new_page()
        abiertas.append(pagina)
        _contar_corridas(pagina)
        pagina.goto(f"{servidor.url}/{ruta}")
        expect(pagina.get_by_test_id("stSidebar").get_by_text(CUENTAS[usuario][0])).to_be_visible()
        esperar_quieto(pagina)
        return pagina
    yield abrir
    _guardar_capturas(request, abiertas)
    for pagina in abiertas:
        pagina.close()


def pytest_collection_modifyitems(items):
    """Con `make test` (pytest-xdist, --dist loadgroup) cada archivo de recorridos corre entero en un mismo proceso:
    sus servidores de módulo se arrancan una vez, y los archivos se reparten entre los procesos en vez de caer todos
    en el primero (que así era el camino más largo de la corrida)."""
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
