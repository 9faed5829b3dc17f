"""Las bandejas con AppTest: agregar un registro desde cada página, errores en español, jefatura sólo lee,
datos personales sólo con permiso, suplencia visible."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from datos import conexion, formato, reloj, seguimiento
from paginas.bandejas import vista
from tests.ayudas import ATENCION, JEFATURA, RETENCION, insertar_orden, leido, lista_entera

HOY = reloj.hoy()  # el día de Bolivia, como las páginas


@pytest.fixture
def base(ruta_db, base_migrada):
    """Una orden de cada estado, registradas este mes (las páginas usan la fecha real de hoy)."""
    c = conexion.conectar(ruta_db)
    registro = dt.datetime.combine(HOY.replace(day=1), dt.time(9))
    ots = {
        "ANULADO": insertar_orden(c, estado="ANULADO", registro=registro, causal="Cliente desistió",
                                  fecha_anulacion=registro, cliente="Juana Pérez Secreta"),
        "REGISTRADO": insertar_orden(c, estado="REGISTRADO", registro=registro, cliente="Juana Pérez Secreta"),
        "ATENDIDO": insertar_orden(c, estado="ATENDIDO", registro=registro,
                                   fecha_atencion=registro + dt.timedelta(hours=30)),
    }
    yield c, ots
    c.close()


def abrir(pagina: str, usuario, clave: str, ot: int | None = None, *, todo: bool = True) -> AppTest:
    """`todo`: la lista entera del periodo (la bandeja abre en lo de ahora: ver test_las_bandejas_abren_en_lo_de_ahora)."""
    at = AppTest.from_file(f"../paginas/{pagina}.py", default_timeout=60)
    at.session_state["usuario"] = usuario
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if todo:
        lista_entera(at, clave)
    if ot is not None:
        at.selectbox(key=f"{clave}_orden").select(ot).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def boton(at: AppTest, etiqueta: str):
    return next(b for b in at.button if b.label == etiqueta)


def filas(con, ot: int):
    return con.execute("SELECT tipo, texto, contacto, resultado, autor, suplente FROM seguimientos WHERE ot = $ot "
                       "ORDER BY id", {"ot": ot}).fetchall()


def test_anulados_agregar_medida_correctiva(base):
    con, ots = base
    at = abrir("anulados", ATENCION, "anulados", ots["ANULADO"])
    at.text_area(key=f"nuevo_{ots['ANULADO']}_texto").input("Reforzar la explicación del costo")
    boton(at, "Guardar registro").click().run()
    assert not at.exception and not at.error
    assert filas(con, ots["ANULADO"]) == [
        ("medida_correctiva", "Reforzar la explicación del costo", None, None, "ana", False)]
    assert any("guardado" in s.value for s in at.success)
    assert "Juana Pérez Secreta" in at.dataframe[0].value.to_string()  # atención ve los datos personales


def test_registrados_agregar_coordinacion(base):
    con, ots = base
    ot = ots["REGISTRADO"]
    at = abrir("registrados", RETENCION, "registrados", ot)
    at.text_input(key=f"nuevo_{ot}_contacto").input("Ing. Rojas (Gestión de Redes)")
    at.text_area(key=f"nuevo_{ot}_texto").input("Prioridad alta <b>sin HTML</b>")
    boton(at, "Guardar registro").click().run()
    assert not at.exception and not at.error
    assert filas(con, ot) == [("coordinacion", "Prioridad alta <b>sin HTML</b>", "Ing. Rojas (Gestión de Redes)",
                               None, "rita", False)]
    # La lista muestra la última coordinación.
    at.run()
    assert "Prioridad alta <b>sin HTML</b>" in at.dataframe[0].value.to_string()


def test_atendidos_marcar_verificada(base):
    con, ots = base
    ot = ots["ATENDIDO"]
    at = abrir("atendidos", ATENCION, "atendidos", ot)
    at.radio(key=f"nuevo_{ot}_resultado").set_value("con_observacion")
    at.text_area(key=f"nuevo_{ot}_texto").input("Falta retirar el poste viejo")
    boton(at, "Guardar registro").click().run()
    assert not at.exception and not at.error
    assert filas(con, ot) == [("verificacion", "Falta retirar el poste viejo", None, "con_observacion", "ana", False)]


def test_seguimiento_registro_en_suplencia_y_ausencia(base):
    con, ots = base
    at = abrir("seguimiento", ATENCION, "seguimiento")
    assert "anulado_sin_medida" not in str([m.label for m in at.metric])
    assert [m.value for m in at.metric] == ["1", "1", "1"]
    at.date_input(key="ausencia_desde").set_value(HOY - dt.timedelta(days=1))
    at.date_input(key="ausencia_hasta").set_value(HOY + dt.timedelta(days=2))
    at.text_input(key="ausencia_motivo").input("Vacación")
    boton(at, "Registrar ausencia").click().run()
    assert not at.exception and not at.error
    assert con.execute("SELECT desde, hasta, registrado_por FROM ausencias").fetchall() == [
        (HOY - dt.timedelta(days=1), HOY + dt.timedelta(days=2), "ana")]

    at = abrir("seguimiento", RETENCION, "seguimiento", ots["ANULADO"])
    assert any("Resp. de Retención de Clientes está a cargo" in w.value for w in at.warning)
    at.text_area(key=f"nuevo_{ots['ANULADO']}_texto").input("Medida en suplencia")
    boton(at, "Guardar registro").click().run()
    assert not at.exception and not at.error
    assert filas(con, ots["ANULADO"]) == [("medida_correctiva", "Medida en suplencia", None, None, "rita", True)]
    at.run()
    assert [m.value for m in at.metric] == ["0", "1", "1"]  # ya no falta la medida correctiva


def test_corregir_desde_la_ficha_conserva_la_version_anterior(base):
    con, ots = base
    ot = ots["ANULADO"]
    primero = seguimiento.agregar(con, ATENCION, ot, "medida_correctiva", "Versión uno")
    at = abrir("anulados", ATENCION, "anulados", ot)
    at.text_area(key=f"corregir_{ot}_{primero}_texto").input("Versión dos")
    boton(at, "Guardar corrección").click().run()
    assert not at.exception and not at.error
    assert [f[1] for f in filas(con, ot)] == ["Versión uno", "Versión dos"]


def test_error_de_validacion_en_espanol_sin_traza(base):
    con, ots = base
    at = abrir("anulados", ATENCION, "anulados", ots["ANULADO"])
    boton(at, "Guardar registro").click().run()  # sin texto
    assert not at.exception
    assert [leido(e.value) for e in at.error] == ["No se guardó: Escriba la medida correctiva."]
    assert filas(con, ots["ANULADO"]) == []


@pytest.mark.parametrize("pagina", ["anulados", "registrados", "atendidos", "seguimiento"])
def test_jefatura_solo_lee_y_no_ve_datos_personales(base, pagina):
    con, ots = base
    ot = {"anulados": ots["ANULADO"], "registrados": ots["REGISTRADO"], "atendidos": ots["ATENDIDO"],
          "seguimiento": ots["ANULADO"]}[pagina]
    at = abrir(pagina, JEFATURA, pagina, ot)
    etiquetas = [b.label for b in at.button]
    assert "Guardar registro" not in etiquetas and "Registrar ausencia" not in etiquetas
    assert not at.text_area
    assert any("no registrarlo" in c.value for c in at.caption)
    assert all("Juana Pérez Secreta" not in d.value.to_string() for d in at.dataframe)


def test_sin_datos_lo_dice(ruta_db):
    at = abrir("anulados", ATENCION, "anulados")
    assert any("Todavía no hay órdenes" in i.value for i in at.info)


@pytest.mark.parametrize("pagina,estado", [("anulados", "ANULADO"), ("registrados", "REGISTRADO"),
                                            ("atendidos", "ATENDIDO"), ("seguimiento", "ANULADO")])
def test_celdas_vacias_se_ven_vacias(base, pagina, estado):
    """Técnico, zona, fecha límite… faltan en estas órdenes: la grilla no debe escribir «None»."""
    con, ots = base
    at = abrir(pagina, ATENCION, pagina, ots[estado])
    lista = at.dataframe[0].value
    assert lista.isna().any().any()  # hay celdas vacías que mostrar
    # Sin placeholder (campo opcional no puesto) Streamlit dibuja «None» en gris.
    assert at.dataframe and all(d.proto.HasField("placeholder") and d.proto.placeholder == "" for d in at.dataframe)


def test_descargas_sin_none(base):
    import io

    import pandas as pd

    from consultas import consultar
    from informes.exportar import csv_seguro, excel_seguro
    from paginas.bandejas.modelo import COLUMNAS_REGISTRADOS, para_descargar

    con, ots = base
    df = consultar(con, "bandeja_registrados", desde=None, hasta=None, hoy=HOY, personales=True, tramo=None,
                   actividades=None, zonas=None, unidades=None,
                   solo_vencidas=False, reciente_desde=None, dias=7, reemplazadas=False, limite=None,
                   desplazamiento=0)
    vista = para_descargar(df, COLUMNAS_REGISTRADOS, True)
    texto = csv_seguro(vista).decode("utf-8-sig")
    assert "None" not in texto and "nan" not in texto.lower() and ";;" in texto
    libro = pd.read_excel(io.BytesIO(excel_seguro({"Pendientes": vista})), dtype=str, engine="calamine")
    fila = libro.iloc[0]
    assert pd.isna(fila["Técnico"]) and pd.isna(fila["Fecha límite"]) and pd.isna(fila["Días vencida"])


# --- Causal de fallo (Atendidos) y causales agrupadas (Anulados) ---------------------------------------------

def _atendida(con, registro, horas, **otros) -> int:
    return insertar_orden(con, estado="ATENDIDO", registro=registro,
                          fecha_atencion=registro + dt.timedelta(hours=horas), **otros)


@pytest.fixture
def atendidas_con_fallo(base):
    """Además de la atendida de `base` (30 h): una normal atendida más tarde (la primera por fecha), una con la
    clase de fallo que trae la exportación y una sin clase cuyo código el administrador marcó como fallo."""
    con, ots = base
    registro = dt.datetime.combine(HOY.replace(day=1), dt.time(9))
    normal = _atendida(con, registro, 48, causal="Trabajo realizado", causal_codigo=3401, causal_clase=1)
    por_clase = _atendida(con, registro, 2, causal="Cliente ausente", causal_codigo=3409, causal_clase=2)
    por_lista = _atendida(con, registro, 1, causal="Poste no disponible", causal_codigo=3410)
    con.execute("INSERT INTO causales_fallo VALUES (3410, 'Poste no disponible')")
    return con, {"normal": normal, "por_clase": por_clase, "por_lista": por_lista, "base": ots["ATENDIDO"]}


def test_atendidos_legalizadas_con_causal_de_fallo_van_primero_y_marcadas(atendidas_con_fallo):
    con, ots = atendidas_con_fallo
    at = abrir("atendidos", ATENCION, "atendidos")
    lista = at.dataframe[0].value
    # Por fecha de atención irían normal (48 h), base (30 h), por_clase (2 h), por_lista (1 h).
    assert [int(o) for o in lista["OT"]] == [ots["por_clase"], ots["por_lista"], ots["normal"], ots["base"]]
    assert list(lista["Alerta"]) == ["⚠️ Legalizada con causal de fallo"] * 2 + ["", ""]
    assert list(lista["Causal"])[:3] == ["Cliente ausente", "Poste no disponible", "Trabajo realizado"]
    aviso = next(w.value for w in at.warning if "causal de fallo" in w.value)
    assert aviso.startswith("**2 legalizadas con causal de fallo**")
    assert "2 sin verificar, primeras en la lista" in aviso


def test_atendidos_fallo_ya_verificada_vuelve_a_su_lugar_y_conserva_la_marca(atendidas_con_fallo):
    con, ots = atendidas_con_fallo
    seguimiento.agregar(con, ATENCION, ots["por_clase"], "verificacion", "El técnico no fue",
                        resultado="con_observacion", hoy=HOY)
    at = abrir("atendidos", ATENCION, "atendidos")
    lista = at.dataframe[0].value
    assert [int(o) for o in lista["OT"]] == [ots["por_lista"], ots["normal"], ots["base"], ots["por_clase"]]
    assert lista.set_index("OT").loc[str(ots["por_clase"]), "Alerta"] == "⚠️ Legalizada con causal de fallo"
    assert any("1 sin verificar, primera en la lista." in w.value for w in at.warning)


def test_atendidos_sin_causal_de_fallo_no_avisa(base):
    at = abrir("atendidos", ATENCION, "atendidos")
    assert not any("causal de fallo" in w.value for w in at.warning)
    assert set(at.dataframe[0].value["Alerta"]) == {""}


def test_ficha_de_una_orden_legalizada_con_causal_de_fallo(atendidas_con_fallo):
    con, ots = atendidas_con_fallo
    at = abrir("atendidos", ATENCION, "atendidos", ots["por_lista"])
    assert any(w.value.startswith("Legalizada con causal de fallo") for w in at.warning)
    at = abrir("atendidos", ATENCION, "atendidos", ots["normal"])
    assert not any(w.value.startswith("Legalizada con causal de fallo") for w in at.warning)


def _pareto(at):
    import json
    (grafico,) = at.get("plotly_chart")
    barras = json.loads(grafico.proto.spec)["data"][0]
    return dict(zip(barras["x"], barras["y"]))


def test_anulados_pareto_una_barra_por_causal_con_la_ortografia_mas_usada(base):
    con, ots = base  # ya tiene una «Cliente desistió»
    registro = dt.datetime.combine(HOY.replace(day=1), dt.time(9))
    for causal in ("CLIENTE DESISTIÓ", "cliente  desistio ", "CLIENTE DESISTIÓ"):
        insertar_orden(con, estado="ANULADO", registro=registro, causal=causal, fecha_anulacion=registro)
    # Mismo código, dos descripciones: una barra, con la descripción que más se repite.
    for causal in ("Falta de pago", "FALTA DE PAGO DEL CLIENTE", "Falta de pago"):
        insertar_orden(con, estado="ANULADO", registro=registro, causal=causal, causal_codigo=100,
                       fecha_anulacion=registro)
    for causal in (None, "  "):  # sin causal: una barra aparte
        insertar_orden(con, estado="ANULADO", registro=registro, causal=causal, fecha_anulacion=registro)
    at = abrir("anulados", ATENCION, "anulados")
    assert _pareto(at) == {"CLIENTE DESISTIÓ": 4, "Falta de pago": 3, "(sin causal)": 2}
    filtro = at.selectbox(key="anulados_causal")
    assert filtro.options == ["(todas)", "CLIENTE DESISTIÓ", "Falta de pago", "(sin causal)"]
    filtro.set_value("cliente desistio").run()  # la clave: el texto normalizado
    assert not at.exception
    assert len(at.dataframe[0].value) == 4
    assert next(m.value for m in at.metric if m.label == "Anuladas") == "4"
    at.selectbox(key="anulados_causal").set_value("100").run()  # la clave: el código
    assert set(at.dataframe[0].value["Causal"]) == {"Falta de pago", "FALTA DE PAGO DEL CLIENTE"}
    at.selectbox(key="anulados_causal").set_value("(sin causal)").run()
    assert len(at.dataframe[0].value) == 2


def test_un_registro_rechazado_conserva_lo_escrito_y_uno_guardado_lo_vacia(base):
    con, ots = base
    ot = ots["REGISTRADO"]
    at = abrir("registrados", RETENCION, "registrados", ot)
    at.date_input(key=f"nuevo_{ot}_acordada").set_value(HOY - dt.timedelta(days=3))  # antes del contacto (hoy)
    at.text_input(key=f"nuevo_{ot}_contacto").input("Ing. Rojas")
    at.text_area(key=f"nuevo_{ot}_texto").input("Se pidió prioridad")
    boton(at, "Guardar registro").click().run()
    assert at.error and filas(con, ot) == []
    # lo escrito sigue ahí para corregir la fecha
    assert at.text_input(key=f"nuevo_{ot}_contacto").value == "Ing. Rojas"
    assert at.text_area(key=f"nuevo_{ot}_texto").value == "Se pidió prioridad"
    at.date_input(key=f"nuevo_{ot}_acordada").set_value(HOY + dt.timedelta(days=3))
    boton(at, "Guardar registro").click().run()
    assert not at.error and len(filas(con, ot)) == 1
    # guardado: el formulario queda vacío (dibujado de nuevo, con otra clave: issue 24)
    assert next(t for t in at.text_area if t.label == "Qué se coordinó").value == ""


def test_nombres_y_roles_en_palabras_y_vencida_sin_fecha_limite(base):
    """«Medida de: Ana Atención», no «ana»; el rol con su nombre; sin fecha límite no es «No vencida»."""
    import pandas as pd

    from paginas.bandejas.modelo import COLUMNAS_REGISTRADOS, col, para_mostrar

    from datos import usuarios
    from tests.ayudas import ADMIN

    con, ots = base
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "Clave-larga-123")
    seguimiento.agregar(con, ATENCION, ots["ANULADO"], "medida_correctiva", "Se llamó al cliente", hoy=HOY)
    lista = abrir("anulados", ATENCION, "anulados").dataframe[0].value
    assert "Ana Atención" in set(lista["Medida de"]) and "ana" not in set(lista["Medida de"])
    df = pd.DataFrame({"vencida": [True, False, None],
                       "fecha_limite": [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-12-30"), pd.NaT]})
    assert list(para_mostrar(df, COLUMNAS_REGISTRADOS, True)["Vencida"]) == ["Sí", "No", "sin fecha límite"]
    roles = para_mostrar(pd.DataFrame({"rol": ["retencion"], "autor": ["rita"]}),
                         {"rol": col("Rol", "rol"), "autor": col("Autor", "persona")}, True, {"rita": "Rita Retención"})
    assert roles.iloc[0].tolist() == ["Resp. Retención de Clientes", "Rita Retención"]


def test_graficos_que_se_leen_bien():
    """Cantidades enteras, acumulado de 0 a 100 % y un día por barra, también los días sin órdenes."""
    import pandas as pd

    from informes import graficos

    pareto = graficos.pareto_causales(pd.DataFrame({"causal": ["A", "B"], "ordenes": [3, 1],
                                          "porcentaje_acumulado": [75.0, 100.0]}))
    assert pareto.layout.yaxis.dtick == 1 and pareto.layout.yaxis.tickformat == ",d"
    assert pareto.layout.yaxis2.tickvals[-1] == 100 and pareto.layout.yaxis2.ticksuffix == " %"
    histograma = graficos.histograma_atencion(pd.DataFrame({"dias": [0, 3, 60], "ordenes": [2, 1, 4]}))
    barras = histograma.data[0]
    assert list(barras.x[:5]) == ["0", "1", "2", "3", "4"] and list(barras.y[:5]) == [2, 0, 0, 1, 0]
    assert barras.x[-1] == "60+" and len(barras.x) == 61


def test_terminar_antes_y_anular_una_ausencia_desde_la_pagina(base):
    con, _ = base
    ausencia = seguimiento.registrar_ausencia(con, ATENCION, HOY - dt.timedelta(days=2), HOY + dt.timedelta(days=5))
    at = abrir("seguimiento", RETENCION, "seguimiento")
    at.selectbox(key="ausencia_cambio_id").set_value(ausencia)
    at.date_input(key="ausencia_cambio_hasta").set_value(HOY - dt.timedelta(days=1))
    boton(at, "Guardar el cambio").click().run()
    assert not at.exception and not at.error
    assert seguimiento.suplencia_vigente(con, HOY) is None  # volvió ayer: hoy no hay suplencia
    lista = next(d.value for d in at.dataframe if "Cambio" in d.value.columns)
    assert list(lista["Cambio"]) == [f"Terminó antes (era hasta el {HOY + dt.timedelta(days=5):%d/%m/%Y})"]
    next(r for r in at.radio if r.label == "Qué pasó").set_value("anular")  # el formulario, dibujado de nuevo
    boton(at, "Guardar el cambio").click().run()
    assert not at.error
    assert con.execute("SELECT tipo, registrado_por FROM ausencias_cambios ORDER BY id").fetchall() == [
        ("terminada", "rita"), ("anulada", "rita")]


# --- Lo de ahora (issue 24, punto 2) ---------------------------------------------------------------------------

def test_las_bandejas_abren_en_lo_de_ahora(base):
    """Cada bandeja abre en lo que necesita a alguien (como Seguimiento): lo más antiguo y lo ya hecho, contados y a
    un interruptor."""
    con, ots = base
    viejo = dt.datetime.combine(HOY.replace(day=1) - dt.timedelta(days=70), dt.time(9))
    antigua = insertar_orden(con, estado="ATENDIDO", registro=viejo, fecha_atencion=viejo + dt.timedelta(days=1))
    verificada = insertar_orden(con, estado="ATENDIDO", registro=viejo, fecha_atencion=viejo + dt.timedelta(days=2))
    seguimiento.agregar(con, ATENCION, verificada, "verificacion", "Bien", resultado="conforme", hoy=HOY)
    anulada_vieja = insertar_orden(con, estado="ANULADO", registro=viejo, fecha_anulacion=viejo)
    coordinada = insertar_orden(con, estado="REGISTRADO", registro=viejo)
    seguimiento.agregar(con, ATENCION, coordinada, "coordinacion", "Se pidió prioridad", contacto="Ing. Rojas",
                        fecha_contacto=HOY,
                        hoy=HOY)

    def primera_pantalla(pagina: str, ot: int, cuenta: str, antiguas: str) -> AppTest:
        """Sólo lo de ahora, en «Todos los meses»; lo demás contado; la descarga dice que lleva lo mismo."""
        at = abrir(pagina, ATENCION, pagina, todo=False)
        assert at.radio(key=f"{pagina}_modo_periodo").value == "Todos los meses"
        assert not at.toggle(key=f"{pagina}_todo").value
        assert list(at.dataframe[0].value["OT"].astype(int)) == [ot]
        assert any(f"Lo que necesita a alguien ahora: **{cuenta}**." in c.value and f"Y {antiguas}: con «Ver toda "
                   "la lista del periodo»." in c.value for c in at.caption), [c.value for c in at.caption]
        assert any(c.value.startswith("📥 La descarga lleva sólo lo de ahora") and "1 fila," in c.value
                   for c in at.caption)
        return at.toggle(key=f"{pagina}_todo").set_value(True).run()  # un clic: la lista entera

    desde = formato.texto_fecha(vista.reciente_desde(HOY))
    at = primera_pantalla("atendidos", ots["ATENDIDO"], f"1 atendida sin verificar desde el {desde}",
                          "1 atendida más antigua sin verificar · 1 atendida ya verificada")
    assert set(at.dataframe[0].value["OT"].astype(int)) == {ots["ATENDIDO"], antigua, verificada}
    assert any(c.value.startswith("📥 La descarga lleva toda la lista del periodo (todos los meses)")
               for c in at.caption)

    at = primera_pantalla("anulados", ots["ANULADO"], f"1 anulada sin medida correctiva desde el {desde}",
                          "1 anulada más antigua sin medida")
    assert set(at.dataframe[0].value["OT"].astype(int)) == {ots["ANULADO"], anulada_vieja}

    at = primera_pantalla("registrados", ots["REGISTRADO"], "1 pendiente sin coordinación en los últimos 7 días",
                          "1 pendiente con coordinación reciente")
    assert set(at.dataframe[0].value["OT"].astype(int)) == {ots["REGISTRADO"], coordinada}
