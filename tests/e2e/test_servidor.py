"""La instalación en un servidor (servidor/instalar.sh) y el tablero instalado detrás de Caddy con HTTPS.

El instalador corre de verdad, con su .venv, debajo de una carpeta temporal (RAIZ) y sin systemctl (en CI systemd no
es el PID 1). El tablero se arranca como lo haría su unidad de systemd y Caddy (el paquete de Debian) con el
Caddyfile que escribió el instalador; Chromium entra por https con el nombre del servidor.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import pwd
import re
import shlex
import shutil
import socket
import ssl
import stat
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from .conftest import (ACTUALIZACION, ARGUMENTOS_CHROMIUM, CHROMIUM, ESPERA_MS, MUESTRAS, RAIZ, VENTANA,
                       preparar_base)

INSTALAR = RAIZ / "servidor" / "instalar.sh"
CADDY = shutil.which("caddy") or "/usr/bin/caddy"
NOMBRE = "tablero.comteco.prueba"  # no es localhost: Streamlit acepta el origen sólo por browser.serverAddress
UNIDADES = ("seguimiento-tablero.service", "seguimiento-tareas.service", "seguimiento-tareas.timer")
# El proxy de la prueba corta la conexión con Streamlit tras 5 s sin recibir nada (como nginx tras 60 s);
# Streamlit manda un ping cada 2 s (en el servidor, cada 20 s).
CORTE_S, PING_S = 5, 2


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _instalar(raiz: Path, puerto: int, version: str) -> str:
    entorno = {**os.environ, "RAIZ": str(raiz), "USUARIO": pwd.getpwuid(os.getuid()).pw_name, "NOMBRE": NOMBRE,
               "PUERTO": str(puerto), "VERSION": version}
    r = subprocess.run([str(INSTALAR), "--sin-systemctl"], env=entorno, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"instalar.sh falló:\n{r.stdout}\n{r.stderr}"
    return r.stdout


def _arbol(raiz: Path) -> dict[str, tuple]:
    """Cada archivo y carpeta: modo, dueño y contenido (de la .venv, tamaño y hora: no se rehízo)."""
    arbol = {}
    for ruta in sorted(raiz.rglob("*")):
        s = ruta.lstat()
        clave = str(ruta.relative_to(raiz))
        if stat.S_ISLNK(s.st_mode):
            arbol[clave] = ("enlace", os.readlink(ruta))
        elif stat.S_ISDIR(s.st_mode):
            arbol[clave] = (oct(s.st_mode), s.st_uid, s.st_gid)
        elif "/.venv/" in clave:
            arbol[clave] = (oct(s.st_mode), s.st_size, s.st_mtime_ns)
        else:
            arbol[clave] = (oct(s.st_mode), s.st_uid, s.st_gid, hashlib.sha256(ruta.read_bytes()).hexdigest())
    return arbol


@pytest.fixture(scope="module")
def instalacion(tmp_path_factory):
    """Instala dos veces seguidas sin base (guardando los dos árboles), prepara una base como la de un servidor en uso
    e instala una tercera vez (respaldo y migraciones)."""
    if not shutil.which("make"):
        pytest.skip("instalar.sh usa make para crear la .venv")
    raiz = tmp_path_factory.mktemp("raiz")
    puerto = _puerto_libre()
    _instalar(raiz, puerto, "v1.0-prueba")
    primero = _arbol(raiz)
    _instalar(raiz, puerto, "v1.1-prueba")
    segundo = _arbol(raiz)
    base = raiz / "srv/seguimiento/seguimiento.duckdb"
    preparar_base(base)
    salida = _instalar(raiz, puerto, "v1.2-prueba")
    return {"raiz": raiz, "puerto": puerto, "primero": primero, "segundo": segundo, "base": base, "salida": salida}


def test_la_segunda_instalacion_no_cambia_nada_mas_que_la_version(instalacion):
    primero, segundo = instalacion["primero"], instalacion["segundo"]
    assert primero.keys() == segundo.keys()
    distintos = sorted(k for k in primero if primero[k] != segundo[k])
    assert distintos == ["opt/seguimiento/app/VERSION"]
    assert (instalacion["raiz"] / "opt/seguimiento/app/VERSION").read_text() == "v1.2-prueba\n"
    # La base, sólo para el usuario del tablero; la configuración, para root y su grupo.
    modos = {k: v[0] for k, v in primero.items() if not k.startswith("opt/")}
    for carpeta in ("srv/seguimiento", "srv/seguimiento/respaldos", "srv/seguimiento/entrada"):
        assert modos[carpeta] == oct(stat.S_IFDIR | 0o700)
    assert modos["etc/seguimiento/entorno"] == oct(stat.S_IFREG | 0o640)
    assert "opt/seguimiento/.venv/bin/streamlit" in primero
    assert not any(k.startswith(("opt/seguimiento/app/tests", "opt/seguimiento/app.")) for k in primero)


def test_al_actualizar_respalda_la_base_y_la_deja_solo_para_su_usuario(instalacion):
    raiz, base = instalacion["raiz"], instalacion["base"]
    assert "Respaldo listo" in instalacion["salida"]
    respaldos = list((raiz / "srv/seguimiento/respaldos").glob("seguimiento_*.duckdb"))
    assert len(respaldos) == 1
    assert stat.S_IMODE(base.stat().st_mode) == 0o600
    assert stat.S_IMODE(respaldos[0].stat().st_mode) == 0o600
    # La orden `seguimiento` de la instalación restaura ese respaldo (README, «Instalar en un servidor»).
    r = subprocess.run([str(raiz / "usr/local/bin/seguimiento"), "restaurar", str(respaldos[0]), "--si"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_las_unidades_pasan_systemd_analyze_verify(instalacion):
    analizar = shutil.which("systemd-analyze")
    if not analizar:
        pytest.skip("no está systemd-analyze (paquete systemd de Debian)")
    carpeta = instalacion["raiz"] / "etc/systemd/system"
    r = subprocess.run([analizar, "verify", *(str(carpeta / u) for u in UNIDADES)], capture_output=True, text=True)
    assert (r.returncode, r.stdout + r.stderr) == (0, "")
    tablero = (carpeta / "seguimiento-tablero.service").read_text()
    for linea in ("Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                  f"ReadWritePaths={instalacion['raiz']}/srv/seguimiento", "UMask=0077"):
        assert linea in tablero.splitlines()


def test_la_configuracion_del_servidor_lleva_toda_la_del_repositorio(instalacion):
    repo = tomllib.loads((RAIZ / ".streamlit/config.toml").read_text())
    servidor = tomllib.loads((instalacion["raiz"] / "opt/seguimiento/app/.streamlit/config.toml").read_text())
    for seccion, valores in repo.items():
        for clave, valor in valores.items():
            assert servidor[seccion].get(clave) == valor, f"{seccion}.{clave} distinto en servidor/config.toml"
    assert servidor["server"]["address"] == "127.0.0.1"
    assert servidor["server"]["port"] == instalacion["puerto"]
    assert servidor["server"]["enableXsrfProtection"] is True
    assert servidor["browser"] == {**servidor["browser"], "serverAddress": NOMBRE, "serverPort": 443}


# ------------------------------------------------------------------ el tablero instalado, detrás de Caddy

def _arrancar(argumentos, registro: Path, **kw) -> subprocess.Popen:
    with open(registro, "wb") as salida:
        return subprocess.Popen(argumentos, stdout=salida, stderr=subprocess.STDOUT, start_new_session=True, **kw)


def _detener(proceso: subprocess.Popen) -> None:
    if proceso.poll() is None:
        os.killpg(proceso.pid, 15)
        try:
            proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proceso.pid, 9)
            proceso.wait()


def _salud(puerto: int, tls: bool) -> bool:
    """GET /_stcore/health a 127.0.0.1 con el nombre del servidor (en SNI y Host, como un navegador)."""
    contexto = ssl._create_unverified_context() if tls else None  # la autoridad interna de Caddy de esta prueba
    conexion = (http.client.HTTPSConnection(NOMBRE, puerto, timeout=2, context=contexto) if tls
                else http.client.HTTPConnection(NOMBRE, puerto, timeout=2))
    conexion.sock = socket.create_connection(("127.0.0.1", puerto), timeout=2)
    if tls:
        conexion.sock = contexto.wrap_socket(conexion.sock, server_hostname=NOMBRE)
    try:
        conexion.request("GET", "/_stcore/health")
        return conexion.getresponse().status == 200
    finally:
        conexion.close()


def _esperar(puerto: int, tls: bool, proceso: subprocess.Popen, registro: Path) -> None:
    limite = time.monotonic() + 90
    while time.monotonic() < limite:
        assert proceso.poll() is None, registro.read_text(errors="replace")[-3000:]
        try:
            if _salud(puerto, tls):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"el puerto {puerto} no respondió en 90 s:\n" + registro.read_text(errors="replace")[-3000:])


@pytest.fixture(scope="module")
def https(instalacion, tmp_path_factory):
    """El tablero como lo arranca seguimiento-tablero.service y Caddy con el Caddyfile instalado; devuelve la URL."""
    if not CHROMIUM.exists() or not Path(CADDY).exists():
        mensaje = ("Faltan /usr/bin/chromium o caddy: `sudo apt-get install chromium caddy` (o `make test` como root).")
        if os.environ.get("CI"):
            pytest.fail(mensaje, pytrace=False)
        pytest.skip(mensaje)
    raiz, tmp = instalacion["raiz"], tmp_path_factory.mktemp("https")
    unidad = dict(re.findall(r"^(\w+)=(.*)$", (raiz / "etc/systemd/system/seguimiento-tablero.service").read_text(),
                             re.M))
    entorno = {"PATH": os.environ["PATH"], "HOME": str(tmp), "PYTHONUNBUFFERED": "1"}
    entorno.update(re.findall(r"^(\w+)=(.*)$", Path(unidad["EnvironmentFile"]).read_text(), re.M))
    tablero = _arrancar([*shlex.split(unidad["ExecStart"]), "--server.websocketPingInterval", str(PING_S)],
                        tmp / "streamlit.log", cwd=unidad["WorkingDirectory"], env=entorno)

    puerto = _puerto_libre()
    sitio = (raiz / "etc/caddy/Caddyfile").read_text()
    assert "flush_interval -1" in sitio
    sitio = sitio.replace("flush_interval -1", f"flush_interval -1\n\t\ttransport http {{\n\t\t\t"
                                               f"read_timeout {CORTE_S}s\n\t\t}}")
    caddyfile = tmp / "Caddyfile"
    # Sin API de administración, en puertos libres, sin tocar el almacén de certificados del sistema.
    caddyfile.write_text(f"{{\n\tadmin off\n\thttp_port {_puerto_libre()}\n\thttps_port {puerto}\n\tskip_install_trust\n"
                         f"\tstorage file_system {tmp / 'caddy'}\n}}\n{sitio}")
    proxy = _arrancar([CADDY, "run", "--config", str(caddyfile), "--adapter", "caddyfile"], tmp / "caddy.log",
                      env={"PATH": os.environ["PATH"], "HOME": str(tmp), "XDG_DATA_HOME": str(tmp / "datos"),
                           "XDG_CONFIG_HOME": str(tmp / "config")})
    try:
        _esperar(instalacion["puerto"], False, tablero, tmp / "streamlit.log")
        _esperar(puerto, True, proxy, tmp / "caddy.log")
        yield f"https://{NOMBRE}:{puerto}"
    finally:
        _detener(proxy)
        _detener(tablero)


@pytest.fixture
def pagina_https(https, navegador):
    # Otro Chromium del mismo Playwright de la sesión (un segundo sync_playwright en el mismo proceso falla): el nombre
    # del servidor apunta a esta máquina; el certificado es de la autoridad interna de Caddy.
    chromium = navegador.browser_type.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=[*ARGUMENTOS_CHROMIUM, f"--host-resolver-rules=MAP {NOMBRE} 127.0.0.1"])
    contexto = chromium.new_context(viewport=VENTANA, accept_downloads=True, locale="es-BO",
                                    timezone_id="America/La_Paz", ignore_https_errors=True)
    contexto.set_default_timeout(ESPERA_MS)
    yield contexto.new_page()
    chromium.close()


def test_por_https_ingresa_importa_sigue_conectado_y_descarga(https, pagina_https):
    from playwright.sync_api import expect

    from .test_recorridos import esperar_quieto, ingresar, ir_a, subir
    pagina = pagina_https
    websockets = []
    pagina.on("websocket", lambda ws: websockets.append(ws))
    ingresar(pagina, https, "ana")
    assert pagina.url.startswith(f"https://{NOMBRE}:")

    # La cookie de sesión: Secure por https, SameSite=Strict; no HttpOnly (la escribe JavaScript, ver README).
    cookie = next(c for c in pagina.context.cookies() if c["name"] == "seguimiento_sesion")
    assert (cookie["secure"], cookie["sameSite"], cookie["httpOnly"]) == (True, "Strict", False)

    # Una subida por el proxy, con la protección XSRF puesta: se importa (sin 403).
    respuestas = []
    pagina.on("response", lambda r: respuestas.append(r.status) if "/_stcore/upload_file/" in r.url else None)
    ir_a(pagina, "Importar")
    subir(pagina, MUESTRAS / ACTUALIZACION)
    expect(pagina.get_by_text("Listo para importar")).to_be_visible()
    pagina.get_by_role("button", name=re.compile(r"^Confirmar e importar 1 archivo")).click()
    expect(pagina.get_by_text(f"«{ACTUALIZACION}» importado")).to_be_visible()
    assert respuestas and all(s < 400 for s in respuestas), respuestas

    # Quieta más del doble de lo que el proxy tolera sin tráfico: los pings de Streamlit mantienen el mismo websocket.
    assert len(websockets) == 1 and not websockets[0].is_closed()
    pagina.wait_for_timeout(CORTE_S * 2500)
    assert len(websockets) == 1 and not websockets[0].is_closed(), "el proxy cortó el websocket por inactividad"
    expect(pagina.get_by_test_id("stConnectionStatus")).to_have_count(0)

    # Recargar no pide la contraseña otra vez.
    pagina.reload()
    expect(pagina.get_by_test_id("stSidebar").get_by_text("Ana Atención")).to_be_visible()
    expect(pagina.get_by_label("Contraseña")).to_have_count(0)
    esperar_quieto(pagina)

    # Una descarga por el proxy.
    ir_a(pagina, "Informe mensual")
    with pagina.expect_download() as descarga:
        pagina.get_by_role("button", name="Descargar informe (PDF)").click()
    with open(descarga.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
