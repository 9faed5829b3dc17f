"""Notas sobre la tendencia (issue 25): sólo se agregan versiones, con autor y hora, auditadas; se ven en el gráfico
del Semáforo, debajo de él y en el PDF del informe mensual bajo «Contexto del mes»."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import consultas
from datos import anotaciones, conexion, usuarios
from datos.errores import DatoInvalido
from datos.permisos import PermisoDenegado, Usuario
from informes import mensual, pdf
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION, copiar_plantilla, insertar_orden, leido

RAIZ = Path(__file__).resolve().parent.parent
SEP, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 1)
PARO = "Paro de Gestión de Redes"


def vigentes(con) -> list[tuple]:
    return [(f.desde.date(), f.hasta.date(), f.texto, f.autor_nombre, f.version)
            for f in consultas.consultar(con, "anotaciones", desde=None, hasta=None).itertuples()]


def auditoria(con) -> list[tuple]:
    return con.execute("SELECT usuario, accion, detalle FROM auditoria WHERE accion LIKE 'anotacion%' "
                       "ORDER BY id").fetchall()


@pytest.fixture
def con_cuentas(con):
    for u in (ATENCION, RETENCION, JEFATURA):
        usuarios.agregar(con, ADMIN, u.usuario, u.nombre, u.rol, "clave-de-prueba")
    return con


def test_agregar_corregir_y_retirar_son_versiones_auditadas(con_cuentas):
    con = con_cuentas
    paro = anotaciones.agregar(con, ATENCION, dt.date(2026, 9, 12), dt.date(2026, 9, 15), f"  {PARO}  ")
    lluvias = anotaciones.agregar(con, JEFATURA, OCT, dt.date(2026, 10, 31), "Lluvias: acceso cerrado en Sacaba")
    assert vigentes(con) == [(dt.date(2026, 9, 12), dt.date(2026, 9, 15), PARO, "Ana Atención", 1),
                             (OCT, dt.date(2026, 10, 31), "Lluvias: acceso cerrado en Sacaba", "Julia Jefa", 1)]
    corregida = anotaciones.corregir(con, RETENCION, paro, dt.date(2026, 9, 12), dt.date(2026, 9, 15),
                                     "Paro de Gestión de Redes (Quillacollo)")
    assert vigentes(con)[0] == (dt.date(2026, 9, 12), dt.date(2026, 9, 15), "Paro de Gestión de Redes (Quillacollo)",
                                "Rita Retención", 2)
    # La versión anterior queda tal cual; corregirla otra vez ramificaría la historia.
    assert con.execute("SELECT texto FROM anotaciones WHERE id = $i", {"i": paro}).fetchone() == (PARO,)
    with pytest.raises(DatoInvalido, match="ya fue corregida"):
        anotaciones.corregir(con, ATENCION, paro, dt.date(2026, 9, 12), None, "otra")
    anotaciones.retirar(con, JEFATURA, lluvias)
    assert [v[2] for v in vigentes(con)] == ["Paro de Gestión de Redes (Quillacollo)"]
    assert con.execute("SELECT count(*) FROM anotaciones").fetchone() == (4,)  # nada se borró
    assert auditoria(con) == [
        ("ana", "anotacion_agregada", f"nota {paro}: del 12/09/2026 al 15/09/2026 «{PARO}»"),
        ("jefa", "anotacion_agregada", f"nota {lluvias}: del 01/10/2026 al 31/10/2026 «Lluvias: acceso cerrado en "
                                       "Sacaba»"),
        ("rita", "anotacion_corregida", f"nota {corregida} corrige la {paro}: del 12/09/2026 al 15/09/2026 «Paro de "
                                        "Gestión de Redes (Quillacollo)»"),
        ("jefa", "anotacion_retirada", f"nota {lluvias}: del 01/10/2026 al 31/10/2026 «Lluvias: acceso cerrado en "
                                       "Sacaba»")]


@pytest.mark.parametrize("desde, hasta, texto, mensaje", [
    (dt.date(2026, 9, 15), dt.date(2026, 9, 12), PARO, "anterior"),
    (dt.date(2026, 9, 12), None, "   ", "Escriba la nota"),
    (dt.date(2026, 9, 12), None, "x" * 141, "demasiado larga"),
    (dt.date(2025, 1, 1), dt.date(2026, 6, 1), PARO, "a lo sumo un año"),
    (None, None, PARO, "Indique la fecha"),
])
def test_una_nota_invalida_se_explica_y_no_guarda_nada(con, desde, hasta, texto, mensaje):
    with pytest.raises(DatoInvalido, match=mensaje):
        anotaciones.agregar(con, ATENCION, desde, hasta, texto)
    assert con.execute("SELECT count(*) FROM anotaciones").fetchone() == (0,)
    assert auditoria(con) == []


@pytest.mark.parametrize("quien", [ADMIN, Usuario("fabiola", "Fabiola", "facturacion"), None])
def test_solo_atencion_retencion_y_jefatura_anotan(con, quien):
    with pytest.raises(PermisoDenegado):
        anotaciones.agregar(con, quien, SEP, None, PARO)


def _ordenes(con):
    for mes, atendidos, registrados in ((SEP, 10, 0), (OCT, 48, 1)):
        for i in range(atendidos + registrados):
            insertar_orden(con, estado="ATENDIDO" if i < atendidos else "REGISTRADO",
                           registro=dt.datetime(mes.year, mes.month, 5, 9, 0))


def test_la_nota_sale_en_el_pdf_bajo_contexto_del_mes(con_cuentas):
    con = con_cuentas
    _ordenes(con)
    anotaciones.agregar(con, ATENCION, dt.date(2026, 10, 12), dt.date(2026, 10, 15), PARO)
    anotaciones.agregar(con, JEFATURA, SEP, dt.date(2026, 9, 30), "Cambio de contratista")
    informe = mensual.construir(con, OCT)
    texto = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.generar(informe))).pages)
    texto = " ".join(texto.split())
    contexto = texto[texto.index("Contexto del mes"):]
    assert contexto.startswith(f"Contexto del mes 2. 12/10/2026 al 15/10/2026 — {PARO} (Ana Atención, ")
    assert "Otras notas en la tendencia: 1. 01/09/2026 al 30/09/2026 — Cambio de contratista (Julia Jefa, " in contexto
    # Un mes sin notas propias dice que no las tiene (y sigue listando las del gráfico).
    informe_sep = mensual.construir(con, SEP)
    assert list(informe_sep.notas_del_mes()["texto"]) == ["Cambio de contratista"]


# ------------------------------------------------------------------ la página

@pytest.fixture
def base_pagina(ruta_db, plantilla_migrada):
    copiar_plantilla(plantilla_migrada, ruta_db)
    con = conexion.conectar(ruta_db)
    for u in (ATENCION, JEFATURA):
        usuarios.agregar(con, ADMIN, u.usuario, u.nombre, u.rol, "clave-de-prueba")
    _ordenes(con)
    anotaciones.agregar(con, JEFATURA, dt.date(2026, 10, 12), dt.date(2026, 10, 15), PARO)
    con.close()
    return ruta_db


def pagina(usuario=ATENCION) -> AppTest:
    at = AppTest.from_file(str(RAIZ / "paginas" / "semaforo.py"), default_timeout=60)
    at.session_state["usuario"] = usuario
    return at.run()


def figura(at) -> dict:
    (grafico,) = [e for e in at.get("plotly_chart")]
    return json.loads(grafico.proto.spec)


def test_la_nota_se_dibuja_en_el_grafico_y_se_lista_debajo_con_el_nombre(base_pagina):
    at = pagina()
    assert not at.exception
    fig = figura(at)
    etiquetas = [a["text"] for a in fig["layout"]["annotations"]]
    assert "1. Paro de Gestión de Re…" in etiquetas
    franja = [s for s in fig["layout"]["shapes"] if s.get("type") == "rect"]
    assert len(franja) == 1 and franja[0]["x0"] < 1 < franja[0]["x1"]  # octubre, el segundo mes del eje
    lista = next(m.value for m in at.markdown if m.value.startswith("**Notas sobre la tendencia**"))
    assert "- 1\\. 12/10/2026" in lista  # escrito tal cual: Markdown no lo vuelve una lista numerada
    lista = leido(lista)
    assert f"1. 12/10/2026 al 15/10/2026 — {PARO} (Julia Jefa, " in lista and "jefa," not in lista


def test_para_aprobado_junto_al_veredicto(base_pagina):
    at = pagina()
    # Octubre: 48 atendidas de 49 y una pendiente (preliminar).
    assert any(i.value == "**Para APROBADO** — Falta 1 de 1 pendiente: con 49 de 49 sería 100,00 %." for i in at.info)


def test_agregar_una_nota_desde_la_pagina(base_pagina):
    at = pagina()
    assert not [b for b in at.button if b.label == "Guardar nota"]  # el formulario, sólo con el desplegable abierto
    at.session_state["nota_abierta"] = True
    at.run()
    at.radio(key="nota_cuando").set_value("mes")
    at.text_input(key="nota_texto").input("Lluvias: acceso cerrado en Sacaba")
    next(b for b in at.button if b.label == "Guardar nota").click().run()
    assert not at.exception
    assert any("Nota guardada: 01/10/2026 al 31/10/2026 — Lluvias" in s.value for s in at.success)
    etiquetas = [a["text"] for a in figura(at)["layout"]["annotations"]]
    # Numeradas por fecha: la del mes empieza el 01/10, antes que el paro.
    assert etiquetas[-2:] == ["1. Lluvias: acceso cerra…", "2. Paro de Gestión de Re…"]
    with conexion.abierta(base_pagina) as con:
        assert auditoria(con)[-1][:2] == ("ana", "anotacion_agregada")


def test_la_jefatura_anota_y_el_administrador_no(base_pagina):
    assert [e.label for e in pagina(JEFATURA).expander if "nota" in e.label] == [
        "Agregar una nota a la tendencia", "Corregir o retirar una nota"]
    assert not [e for e in pagina(ADMIN).expander if "nota" in e.label]
