"""Issue 27, punto 5: lo que viene de un archivo es texto. Un nombre de archivo, una zona o una nota que en Markdown
serían un enlace o una imagen externa llegan escapados a la barra lateral, el Semáforo, Administración, Importar y
las notas (AppTest ve la fuente Markdown; el recorrido en Chromium, tests/e2e/test_texto_llano.py, el DOM)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from datos import anotaciones, conexion
from datos.formato import texto_llano
from datos.importar import importar_archivo
from operacion import tareas
from tests.ayudas import (ADMIN, ATENCION, JEFATURA, NOMBRE_HOSTIL, SISTEMA, ZONA_HOSTIL, exportacion_hostil,
                          leido)

RAIZ = Path(__file__).resolve().parents[1]
NOTA_HOSTIL = "Paro [aquí](https:evil.example) ![x](https:evil.example/n.png)"


def vivos(at: AppTest) -> tuple[list[str], list[str]]:
    """(textos que nombran evil.example, los que lo harían un enlace, una imagen o una directiva)."""
    textos = [e.value for tipo in ("markdown", "caption", "info", "success", "warning", "error", "subheader", "title")
              for e in at.get(tipo)]
    con_evil = [t for t in textos if "evil" in t]
    return con_evil, [t for t in con_evil if "](" in t or "![" in t or ":red[" in t]


@pytest.fixture
def base(ruta_db, base_migrada, tmp_path):
    archivo = tmp_path / NOMBRE_HOSTIL
    archivo.write_bytes(exportacion_hostil())
    con = conexion.conectar(ruta_db)
    assert not importar_archivo(con, archivo, usuario=SISTEMA).problemas
    anotaciones.agregar(con, JEFATURA, dt.date(2026, 11, 10), dt.date(2026, 11, 12), NOTA_HOSTIL)
    con.close()
    return ruta_db


def abrir(pagina: str, usuario) -> AppTest:
    at = AppTest.from_file(str(RAIZ / pagina), default_timeout=60)
    at.session_state["usuario"] = usuario
    return at.run()


def test_barra_lateral_semaforo_y_notas(base):
    at = abrir("app.py", JEFATURA)
    assert not at.exception
    (frescura,) = [c.value for c in at.sidebar.caption if c.value.startswith("Órdenes al ")]
    assert frescura.endswith(texto_llano(NOMBRE_HOSTIL)) and leido(frescura).endswith(NOMBRE_HOSTIL)

    at = abrir("paginas/semaforo.py", JEFATURA)
    at.multiselect(key="zonas").select(ZONA_HOSTIL).run()
    assert not at.exception
    con_evil, vivo = vivos(at)
    assert vivo == []
    assert "🔎 Filtros activos: " + texto_llano(f"Zona: {ZONA_HOSTIL}") in con_evil
    assert any(f"«{texto_llano(NOMBRE_HOSTIL)}»" in t for t in con_evil)  # desde la última importación
    assert any(texto_llano(NOTA_HOSTIL) in t for t in con_evil)  # la lista de notas bajo la tendencia


def test_administracion_ultima_importacion_y_rechazo(base, tmp_path):
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / NOMBRE_HOSTIL).write_bytes(b"OT;ESTADO\n1;QUIEN SABE\n")
    tareas.correr(base, ahora=dt.datetime(2026, 11, 20, 8, 0), entrada=entrada, quieto_s=0,
                  solo={"carpeta_entrada"})
    at = abrir("paginas/administracion.py", ADMIN)
    assert not at.exception
    con_evil, vivo = vivos(at)
    assert vivo == []
    assert any(t.startswith("**Última importación**") and f"«{texto_llano(NOMBRE_HOSTIL)}»" in t for t in con_evil)
    assert any("**Importar la carpeta de entrada**" in t and "rechazados" in t for t in con_evil)


def test_importar_nombra_el_archivo_sin_armar_enlaces(base_migrada):
    at = abrir("paginas/importar.py", ATENCION)
    at.file_uploader[0].set_value([(NOMBRE_HOSTIL, exportacion_hostil(dia=5), "text/csv")])
    at.run()
    assert not at.exception
    con_evil, vivo = vivos(at)
    assert vivo == []
    assert texto_llano(NOMBRE_HOSTIL) in [s.value for s in at.subheader]
