"""«Desde la última importación» (issue 25): dos exportaciones sucesivas del generador de OSF dan la lista exacta de
cambios y el efecto exacto en el KPI de cada mes."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from consultas import cambios
from informes import novedades
from datos.importar import importar_archivo
from tests import osf_archivos as osf
from tests.ayudas import SISTEMA

AGO, SEP, OCT, NOV = (dt.date(2026, m, 1) for m in (8, 9, 10, 11))


def orden(ot: int, mes: dt.date, dia: int, estado: int, actividad: int = 52137, causal: int | None = None):
    creada = dt.datetime(mes.year, mes.month, dia, 9, 30)
    legalizada = creada + dt.timedelta(days=2) if estado in (7, 8) else None
    return osf.Orden(ot=ot, actividad=actividad, estado=estado, creada=creada, solicitud=ot - 1_400_000,
                     legalizada=legalizada, causal=causal if causal is not None else (3401 if legalizada else None),
                     unidad=3021)


# Agosto: 4 atendidas (sólo en la primera exportación). Septiembre: 10 atendidas. Octubre: 22 atendidas (una es la
# que después desaparece) y 2 registradas. Más una orden de otra actividad.
AGOSTO = [orden(5_000_100 + i, AGO, 5 + i, 8) for i in range(4)]
SEPTIEMBRE = [orden(5_000_200 + i, SEP, 2 + i, 8) for i in range(10)]
OCTUBRE = [orden(5_000_300 + i, OCT, 1 + i, 8) for i in range(22)] + [
    orden(5_000_330, OCT, 25, 5), orden(5_000_331, OCT, 26, 0)]
OTRA = orden(5_000_900, OCT, 10, 5, actividad=52001)
RETROCEDE, ENTRE_FINALES = 5_000_203, 5_000_207        # septiembre: ATENDIDO → REGISTRADO, ATENDIDO → ANULADO
ATENDIDA, ANULADA, DESAPARECIDA = 5_000_330, 5_000_331, 5_000_310
NUEVA_ATENDIDA, NUEVA_ANULADA = 5_000_400, 5_000_401   # noviembre


def primera() -> bytes:
    return osf.sql_developer_csv(AGOSTO + SEPTIEMBRE + OCTUBRE + [OTRA])


def segunda() -> bytes:
    return osf.sql_developer_csv(lista_segunda())


def lista_segunda() -> list[osf.Orden]:
    """Septiembre a noviembre (agosto ya no viene, y no por eso «desaparece»), con los cambios."""
    cambiar = {RETROCEDE: {"estado": 5, "legalizada": None, "causal": None},
               ENTRE_FINALES: {"estado": 12, "legalizada": None, "causal": 100},
               ATENDIDA: {"estado": 8, "legalizada": dt.datetime(2026, 10, 28, 11, 0), "causal": 3401},
               ANULADA: {"estado": 12, "causal": 100},
               OTRA.ot: {"estado": 8, "legalizada": dt.datetime(2026, 10, 12, 11, 0)}}
    lista = [dataclasses.replace(o, **cambiar.get(o.ot, {})) for o in SEPTIEMBRE + OCTUBRE + [OTRA]
             if o.ot != DESAPARECIDA]
    return lista + [orden(NUEVA_ATENDIDA, NOV, 3, 8), orden(NUEVA_ANULADA, NOV, 4, 12, causal=101)]


def importar(con, contenido: bytes, nombre: str) -> int:
    res = importar_archivo(con, contenido, nombre, SISTEMA)
    assert not res.problemas, res.problemas[:3]
    return res.importacion_id


@pytest.fixture
def dos_importaciones(con):
    return importar(con, primera(), "osf_ago_oct.csv"), importar(con, segunda(), "osf_sep_nov.csv")


def por_tipo(c: cambios.Cambios) -> dict[str, list[int]]:
    return {t: sorted(int(ot) for ot in c.del_tipo(t)["ot"]) for t in cambios.TIPOS if len(c.del_tipo(t))}


def efecto(c: cambios.Cambios) -> list[tuple]:
    return [(e.mes, None if e.antes is None else int(e.antes.centesimas), int(e.despues.centesimas), e.diferencia)
            for e in c.efecto]


def test_la_ultima_importacion_da_la_lista_exacta_y_el_efecto_en_el_kpi(con, dos_importaciones):
    _, segunda_id = dos_importaciones
    c = cambios.cambios(con)
    assert c.importacion["id"] == segunda_id and c.importacion["archivo"] == "osf_sep_nov.csv"
    assert por_tipo(c) == {
        "retrocede": [RETROCEDE], "entre_finales": [ENTRE_FINALES], "desaparecida": [DESAPARECIDA],
        "atendida": [ATENDIDA], "anulada": [ANULADA], "nueva": [NUEVA_ATENDIDA, NUEVA_ANULADA]}
    # La de otra actividad cambió pero no es de poste; agosto no vino y no «desaparece».
    anuladas = c.anuladas_nuevas().set_index("ot")["causal"].to_dict()
    assert anuladas == {ENTRE_FINALES: "CLIENTE DESISTIÓ DEL TRÁMITE", ANULADA: "CLIENTE DESISTIÓ DEL TRÁMITE",
                        NUEVA_ANULADA: "DATOS DEL CLIENTE INCORRECTOS"}
    desaparecida = c.del_tipo("desaparecida").iloc[0]
    assert (desaparecida.estado_anterior, desaparecida.estado) == ("ATENDIDO", "ATENDIDO")
    # Septiembre 10/10 → 8/10; octubre 22/24 → 23/24 (91,66 → 95,83); noviembre no existía: 1 de 2.
    assert efecto(c) == [(SEP, 10000, 8000, -2000), (OCT, 9166, 9583, 417), (NOV, None, 5000, None)]


def test_una_importacion_elegida_del_historial(con, dos_importaciones):
    primera_id, _ = dos_importaciones
    c = cambios.cambios(con, primera_id)
    assert set(por_tipo(c)) == {"nueva"}
    assert len(c.del_tipo("nueva")) == len(AGOSTO + SEPTIEMBRE + OCTUBRE)  # la de otra actividad no cuenta
    assert efecto(c) == [(AGO, None, 10000, None), (SEP, None, 10000, None), (OCT, None, 9166, None)]
    assert list(cambios.importaciones_de_ordenes(con)["id"]) == list(reversed(dos_importaciones))
    # La lista trae a lo sumo `limite` por tipo; la cuenta es la de todas.
    corta = cambios.cambios(con, primera_id, limite=5)
    assert len(corta.del_tipo("nueva")) == 5 and corta.cuantas("nueva") == len(AGOSTO + SEPTIEMBRE + OCTUBRE)
    assert novedades.lineas(corta)[0].texto == "38 órdenes nuevas"


def test_los_textos_de_la_pagina_y_de_la_alerta(con, dos_importaciones):
    c = cambios.cambios(con)
    assert [(l.clave, l.texto, l.senalada) for l in novedades.lineas(c)] == [
        ("retrocede", "1 volvió a REGISTRADO desde un estado final: revise si la exportación es más antigua o vino "
                      "incompleta", True),
        ("entre_finales", "1 cambió de un estado final a otro (ATENDIDO ↔ ANULADO): revise si la exportación es más "
                          "antigua o vino incompleta", True),
        ("desaparecida", "1 ya no viene en la exportación del mismo periodo (sigue en la base como estaba): revise si "
                         "la exportación es más antigua o vino incompleta", True),
        ("atendida", "1 pasó de REGISTRADO a ATENDIDO", False),
        ("anulada", "1 pasó de REGISTRADO a ANULADO", False),
        ("nueva", "2 órdenes nuevas", False),
        ("anuladas_nuevas", "3 anuladas nuevas, por causal: 2 CLIENTE DESISTIÓ DEL TRÁMITE, 1 DATOS DEL CLIENTE "
                            "INCORRECTOS", False)]
    assert [novedades.texto_efecto(e) for e in c.efecto] == [
        "septiembre 2026: 100,00 % → 80,00 %, -20,00 pp (APROBADO → OBSERVADO)",
        "octubre 2026: 91,66 % → 95,83 %, +4,17 pp",
        "noviembre 2026: sin trámites → 50,00 % (1 de 2)"]
    texto = novedades.secciones_alerta(con, dt.date(2026, 11, 20))
    assert "Desde la última importación («osf_sep_nov.csv», importada el " in texto
    assert f"• ⚠ 1 volvió a REGISTRADO desde un estado final: revise si la exportación es más antigua o vino " \
           f"incompleta. OT: {RETROCEDE}" in texto
    assert "• KPI de octubre 2026: 91,66 % → 95,83 %, +4,17 pp" in texto
    # Noviembre (en curso) y septiembre (abierto: volvió una a REGISTRADO, y OBSERVADO).
    assert ("Para APROBADO (con los trámites registrados hasta hoy):\n"
            "• noviembre 2026 (OBSERVADO, 50,00 %): Ya no alcanza: no quedan pendientes y el mes queda en 50,00 %.\n"
            "• septiembre 2026 (OBSERVADO, 80,00 %): Ya no alcanza: aun atendiendo todo (1 pendiente) quedaría en "
            "90,00 % (9 de 10).") in texto


def test_lo_que_ya_faltaba_no_vuelve_a_desaparecer(con, dos_importaciones):
    # Una tercera exportación del mismo periodo, con un cambio y todavía sin la desaparecida: ya faltaba.
    tercera = osf.sql_developer_csv(
        [dataclasses.replace(o, estado=8, legalizada=dt.datetime(2026, 9, 20, 10, 0), causal=3401)
         if o.ot == RETROCEDE else o for o in lista_segunda()])
    importar(con, tercera, "osf_sep_oct.csv")
    c = cambios.cambios(con)
    assert por_tipo(c) == {"atendida": [RETROCEDE]}
    assert efecto(c) == [(SEP, 8000, 9000, 1000)]


def test_el_kpi_al_corte_de_la_ultima_es_el_de_hoy(con, dos_importaciones):
    from consultas.kpi import kpi_mensual
    _, segunda_id = dos_importaciones
    hoy = kpi_mensual(con)
    al_corte = cambios.kpi_al_corte(con, segunda_id)
    assert al_corte.drop(columns="mes").equals(hoy.drop(columns="mes"))
    # La vista temporal vive sólo en el cursor del cálculo: la conexión sigue leyendo la tabla.
    assert con.execute("SELECT count(*) FROM ordenes").fetchone()[0] == len(AGOSTO + SEPTIEMBRE + OCTUBRE) + 1 + 2


def test_sin_importaciones_no_hay_cambios(con):
    assert cambios.cambios(con) is None


# ------------------------------------------------------------------ la página y la alerta

@pytest.fixture
def base_cerrada(ruta_db, plantilla_migrada):
    """Las dos importaciones en una base cerrada (la página y las tareas la abren por su cuenta)."""
    from datos import conexion, usuarios
    from tests.ayudas import ADMIN, copiar_plantilla

    copiar_plantilla(plantilla_migrada, ruta_db)
    con = conexion.conectar(ruta_db)
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-ana1", email="ana@comteco.test")
    importar_archivo(con, primera(), "osf_ago_oct.csv", ATENCION_IMPORTA)
    importar_archivo(con, segunda(), "osf_sep_nov.csv", ATENCION_IMPORTA)
    con.close()
    return ruta_db


ATENCION_IMPORTA = dataclasses.replace(SISTEMA, usuario="ana", nombre="Ana Atención", rol="atencion")


def test_la_pagina_muestra_los_cambios_y_cada_linea_abre_sus_ot(base_cerrada):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest
    from tests.ayudas import ATENCION

    at = AppTest.from_file(str(Path(__file__).parents[1] / "paginas" / "semaforo.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.run()
    assert not at.exception
    assert "Desde la última importación" in [s.value for s in at.subheader]
    eleccion = at.selectbox(key="importacion_elegida")
    assert eleccion.format_func(eleccion.value).startswith("Última: ")
    assert eleccion.format_func(eleccion.value).endswith(" · osf_sep_nov.csv (Ana Atención)")  # el nombre, no «ana»
    efecto = next(m.value for m in at.markdown if m.value.startswith("**Efecto en el KPI**"))
    assert "- octubre 2026: 91,66 % → 95,83 %, +4,17 pp" in efecto.split("\n")
    lineas = [e.label for e in at.expander if e.label[:1].isdigit()]
    assert lineas[0].startswith("1 volvió a REGISTRADO") and "2 órdenes nuevas" in lineas
    ot = next(e for e in at.expander if e.label.startswith("1 volvió a REGISTRADO")).dataframe[0].value
    assert list(ot["OT"]) == [str(RETROCEDE)] and list(ot["Antes"]) == ["ATENDIDO"] and list(ot["Ahora"]) == ["REGISTRADO"]
    # Otra importación del historial: la primera, todo nuevo.
    eleccion.set_value(int(at.session_state["importacion_elegida"]) - 1).run()
    assert [e.label for e in at.expander if e.label[:1].isdigit()] == ["38 órdenes nuevas"]


def test_la_alerta_diaria_lleva_sus_secciones(base_cerrada, monkeypatch, tmp_path):
    from aiosmtpd.controller import Controller

    from operacion import tareas
    from tests.test_correo import Buzon, puerto_libre

    buzon = Buzon()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto_libre())
    servidor.start()
    try:
        for variable, valor in {"HOST": "127.0.0.1", "PORT": str(servidor.port), "REMITENTE": "tablero@comteco.test",
                                "STARTTLS": "false"}.items():
            monkeypatch.setenv(f"SEGUIMIENTO_SMTP_{variable}", valor)
        # Noviembre (en curso) está OBSERVADO: hay alerta.
        (alerta,) = tareas.correr(base_cerrada, ahora=dt.datetime(2026, 11, 20, 9, 0), entrada=tmp_path / "entrada",
                                  informes=tmp_path / "informes", solo={"alerta_diaria"})
    finally:
        servidor.stop()
    assert alerta.resultado == "hecho"
    (mensaje,) = buzon.mensajes()
    cuerpo = mensaje.get_content().replace("\r\n", "\n")
    assert "\n\nPara APROBADO (con los trámites registrados hasta hoy):\n• noviembre 2026 (OBSERVADO, 50,00 %): " in cuerpo
    assert "\n\nDesde la última importación («osf_sep_nov.csv», importada el " in cuerpo
    assert f"• 1 pasó de REGISTRADO a ATENDIDO. OT: {ATENDIDA}\n" in cuerpo
    assert "• KPI de septiembre 2026: 100,00 % → 80,00 %, -20,00 pp (APROBADO → OBSERVADO)" in cuerpo
