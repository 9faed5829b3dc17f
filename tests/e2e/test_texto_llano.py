"""Issue 27, punto 5, en Chromium: una exportación cuyo nombre, zona y unidad serían en Markdown un enlace «Sesión
vencida» y una imagen externa, y una nota igual, se ven como texto. En el DOM no hay enlace ni imagen a evil.example
y el navegador no le pide nada (tests/test_texto_llano.py mira lo mismo en la fuente Markdown, página por página)."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.ayudas import NOMBRE_HOSTIL, ZONA_HOSTIL, exportacion_hostil

from .conftest import CLAVE, CUENTAS, Base, iniciar_servidor
from .test_pulido import abrir_filtros, elegir_zona
from .test_recorridos import esperar_quieto, ingresar, ir_a, subir

NOTA_HOSTIL = "Paro [aquí](https:evil.example) ![x](https:evil.example/n.png)"


@pytest.fixture(scope="module")
def servidor_hostil(navegador, tmp_path_factory):
    from datos import anotaciones, conexion, importar, usuarios
    from datos.permisos import Usuario

    carpeta = tmp_path_factory.mktemp("texto_llano")
    sistema = Usuario("pruebas_e2e", "Pruebas e2e", "sistema")
    archivo = carpeta / NOMBRE_HOSTIL
    archivo.write_bytes(exportacion_hostil())
    con = conexion.conectar(carpeta / "seguimiento.duckdb")
    try:
        usuarios.agregar(con, sistema, "ana", CUENTAS["ana"][0], CUENTAS["ana"][1], CLAVE)
        assert not importar.importar_archivo(con, archivo, usuario=sistema).problemas
        anotaciones.agregar(con, Usuario("julia", "Julia Jefa", "jefatura"), dt.date(2026, 11, 10),
                            dt.date(2026, 11, 12), NOTA_HOSTIL)
    finally:
        con.close()
    servidor = iniciar_servidor(Base(carpeta / "seguimiento.duckdb"), "texto_llano")
    yield servidor
    servidor.detener()


def sin_nada_de_evil(pagina, pedidos: list[str]) -> None:
    expect(pagina.locator('a[href*="evil"]')).to_have_count(0)
    expect(pagina.locator('img[src*="evil"]')).to_have_count(0)
    assert [u for u in pedidos if "evil" in u] == []


def leido(pagina, donde, testid: str, contiene: str) -> str:
    """El texto visible del elemento `testid` que contiene `contiene`, sin los U+2060 invisibles que cortan los
    enlaces automáticos (formato.texto_llano)."""
    elemento = donde.get_by_test_id(testid).filter(has_text=contiene).first
    expect(elemento).to_be_attached()
    return elemento.inner_text().replace("\u2060", "")


def test_nombres_zonas_y_notas_se_ven_como_texto(servidor_hostil, pagina_nueva):
    pagina = pagina_nueva()
    pedidos: list[str] = []
    pagina.on("request", lambda pedido: pedidos.append(pedido.url))
    ingresar(pagina, servidor_hostil.url, "ana")

    # Semáforo: la frescura en la barra lateral, desde la última importación, la nota y el filtro por la zona.
    lateral, principal = pagina.get_by_test_id("stSidebar"), pagina.get_by_test_id("stMain")
    assert leido(pagina, lateral, "stCaptionContainer", "Órdenes al").endswith(NOMBRE_HOSTIL)
    assert f"«{NOMBRE_HOSTIL}», importada el" in leido(pagina, principal, "stCaptionContainer", "importada el")
    assert NOTA_HOSTIL in leido(pagina, principal, "stMarkdownContainer", "Notas sobre la tendencia")
    abrir_filtros(pagina)
    elegir_zona(pagina, ZONA_HOSTIL)
    filtros = leido(pagina, principal, "stCaptionContainer", "Filtros activos")
    assert filtros == f"🔎 Filtros activos: Zona: {ZONA_HOSTIL}"
    sin_nada_de_evil(pagina, pedidos)

    # Importar nombra el archivo subido en su título.
    ir_a(pagina, "Importar")
    subir(pagina, {"name": NOMBRE_HOSTIL, "mimeType": "text/csv", "buffer": exportacion_hostil(dia=6)})
    esperar_quieto(pagina)
    assert leido(pagina, principal, "stHeading", "Sesión vencida") == NOMBRE_HOSTIL
    sin_nada_de_evil(pagina, pedidos)
