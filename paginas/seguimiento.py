"""Seguimiento / suplencia: lo que todavía necesita a alguien, lo último que se hizo (quién, con qué rol,
si en suplencia) y las ausencias de la Resp. de Atención (paso 14 y suplencia del procedimiento)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from consultas import consultar
from datos import formato
from datos import seguimiento
from datos.administracion import valor_ajuste
from datos.permisos import puede
from paginas.bandejas import ficha, vista
from paginas.bandejas.modelo import TEXTO, col
from paginas.comun import avisos

CATEGORIAS = {
    "anulado_sin_medida": "Anuladas sin medida correctiva",
    "registrado_sin_coordinar": "Pendientes sin coordinación reciente",
    "atendido_sin_verificar": "Atendidas sin verificar",
}
COLUMNAS_PENDIENTES = {
    "categoria": col("Qué falta", ancho=215, etiquetas=CATEGORIAS), "ot": col("OT"), "estado": col("Estado", ancho=100),
    "fecha_registro": col("Registro", "fecha_hora"), "edad_dias": col("Edad (días)", "entero", 85),
    "ultima_coordinacion": col("Última coordinación", "fecha", 135),
    "dias_desde_coordinacion": col("Días desde la coordinación", "entero"),
    "fecha_cierre": col("Anulación / atención", "fecha_hora"), "causal": col("Causal", ancho=TEXTO),
    "tecnico": col("Técnico"), "zona": col("Zona"),
}
# Quién hizo qué, con qué rol y si en suplencia, antes del texto (que se corta; entero en la ficha de la orden).
COLUMNAS_RECIENTES = {
    "creado_en": col("Fecha y hora", "fecha_hora"), "ot": col("OT"), "tipo": col("Tipo", "tipo", 125),
    "autor": col("Autor", "persona"), "rol": col("Rol", "rol", 170), "suplente": col("En suplencia", "si_no", 100),
    "texto": col("Texto", ancho=TEXTO), "resultado": col("Resultado", "resultado"),
    "corrige_a": col("Corrige al N°", "entero", 100), "id": col("N°", "entero"),
}
COLUMNAS_AUSENCIAS = {
    "desde": col("Desde", "fecha"), "hasta": col("Hasta", "fecha"), "motivo": col("Motivo"),
    "registrado_por": col("Registrado por", "persona"), "creado_en": col("Registrado el", "fecha_hora"),
    "vigente": col("Cubre hoy", "si_no"), "cambio": col("Cambio"),
}
TODAS = "(todas)"


def aviso_suplencia(con, hoy: dt.date) -> None:
    """Quién está a cargo (el aviso de suplencia de esta página: el de todas las páginas no se repite aquí)."""
    ausencia = seguimiento.suplencia_vigente(con, hoy)
    if ausencia is None:
        st.info("La Resp. de Atención de Clientes está a cargo del seguimiento.", icon="👩‍💼")
    else:
        _, desde, hasta, _ = ausencia
        st.warning(f"La Resp. de Atención de Clientes está ausente del {formato.texto_fecha(desde)} al "
                   f"{formato.texto_fecha(hasta)}: **la Resp. de Retención de Clientes está a cargo** del "
                   "seguimiento, y lo que registre queda marcado como hecho en suplencia.", icon="🤝")


def pendientes(con, usuario, periodo, hoy: dt.date) -> list:
    """Lo que necesita a alguien ahora (las pendientes sin coordinación reciente; las anuladas sin medida y las
    atendidas sin verificar de este mes y el anterior), la más urgente primero; lo más antiguo, contado y a un clic."""
    dias_por_defecto = valor_ajuste(con, "dias_sin_coordinacion")
    dias = st.number_input("Una pendiente necesita coordinación si no la tuvo en los últimos … días",
                           min_value=0, max_value=365, value=dias_por_defecto, step=1, key="seguimiento_dias")
    desde_reciente = vista.reciente_desde(hoy)
    base = {"desde": periodo.desde, "hasta": periodo.hasta, "hoy": hoy, "dias": int(dias)}
    resumen = consultar(con, "seguimiento_pendientes_resumen", **base)
    ahora = dict(consultar(con, "seguimiento_pendientes_recientes", **base, reciente_desde=desde_reciente)
                 .itertuples(index=False, name=None))
    todo = st.toggle("Incluir también lo más antiguo", key="seguimiento_todo",
                     help=f"Anuladas y atendidas antes del {formato.texto_fecha(desde_reciente)}.")
    cuenta = {f.categoria: int(f.ordenes if todo else ahora.get(f.categoria, 0)) for f in resumen.itertuples()}
    antiguas = {f.categoria: int(f.ordenes) - int(ahora.get(f.categoria, 0)) for f in resumen.itertuples()}
    for columna, (categoria, n) in zip(st.columns(len(cuenta)), cuenta.items()):
        columna.metric(CATEGORIAS[categoria], formato.texto_entero(n))
    if not todo and any(antiguas.values()):
        st.caption("Y, antes del " + formato.texto_fecha(desde_reciente) + ": " + " · ".join(
            vista.contadas(n, vista.ANTIGUAS[c]) for c, n in antiguas.items() if n)
            + " (con «Incluir también lo más antiguo»).")
    categoria = st.selectbox("Mostrar", [TODAS, *CATEGORIAS], format_func=lambda c: CATEGORIAS.get(c, c),
                             key="seguimiento_categoria")
    filtros = {**base, "categoria": None if categoria == TODAS else categoria,
               "reciente_desde": None if todo else desde_reciente}
    total = sum(cuenta.values()) if categoria == TODAS else cuenta[categoria]
    if total == 0:
        st.success("No queda nada pendiente de seguimiento con estos filtros.")
        return []
    limite, desplazamiento = vista.paginacion(total, "seguimiento")
    lista = consultar(con, "seguimiento_pendientes", **filtros, limite=limite, desplazamiento=desplazamiento)
    vista.tabla(lista, COLUMNAS_PENDIENTES, puede(usuario, "ver_personales"))
    vista.descargas(con, f"pendientes_de_seguimiento_{hoy:%Y-%m-%d}", "Pendientes", "seguimiento_pendientes",
                    filtros, COLUMNAS_PENDIENTES, False, "seguimiento", total)
    return list(lista.ot)


def recientes(con) -> None:
    total = int(consultar(con, "seguimiento_total").registros.iloc[0])
    if total == 0:
        st.caption("Todavía no hay registros de seguimiento.")
        return
    limite, desplazamiento = vista.paginacion(total, "recientes")
    lista = consultar(con, "seguimiento_recientes", limite=limite, desplazamiento=desplazamiento)
    vista.tabla(lista, COLUMNAS_RECIENTES, False)
    vista.descargas(con, "registros_de_seguimiento", "Seguimiento", "seguimiento_recientes", {},
                       COLUMNAS_RECIENTES, False, "recientes", total)


def ausencias(con, usuario, hoy: dt.date) -> None:
    lista = consultar(con, "seguimiento_ausencias", hoy=hoy, limite=50)
    if lista.empty:
        st.caption("No hay ausencias registradas.")
    else:
        vista.tabla(lista, COLUMNAS_AUSENCIAS, False)
    if not puede(usuario, "ausencias"):
        return
    clave = avisos.formulario("ausencia")
    with st.form(clave):
        st.markdown("**Registrar una ausencia de la Resp. de Atención de Clientes**")
        izquierda, derecha = st.columns(2)
        desde = izquierda.date_input("Ausente del", value=hoy, format="DD/MM/YYYY", key=f"{clave}_desde")
        hasta = derecha.date_input("al", value=hoy, format="DD/MM/YYYY", key=f"{clave}_hasta")
        motivo = st.text_input("Motivo (opcional)", key=f"{clave}_motivo", max_chars=seguimiento.LARGO_MAXIMO)
        if st.form_submit_button("Registrar ausencia"):
            avisos.hacer(lambda: seguimiento.registrar_ausencia(con, usuario, desde, hasta, motivo),
                         f"Ausencia registrada del {formato.texto_fecha(desde)} al {formato.texto_fecha(hasta)}: "
                         "en esos días está a cargo la Resp. de Retención.", envio="ausencia")
    cambiar_ausencia(con, usuario, lista[~lista.anulada] if not lista.empty else lista, hoy)


def cambiar_ausencia(con, usuario, vigentes, hoy: dt.date) -> None:
    """Terminar antes o anular una ausencia: un registro más, con autor; la ausencia original no se toca."""
    if vigentes.empty:
        return
    por_id = {int(f.id): f for f in vigentes.itertuples(index=False)}
    clave = avisos.formulario("ausencia_cambio")
    with st.form(clave):
        st.markdown("**Terminar antes o anular una ausencia**")
        elegida = st.selectbox("Ausencia", list(por_id), key=f"{clave}_id",
                               format_func=lambda i: f"del {formato.texto_fecha(por_id[i].desde)} al "
                                                     f"{formato.texto_fecha(por_id[i].hasta)}")
        izquierda, derecha = st.columns(2)
        accion = izquierda.radio("Qué pasó", ["terminar", "anular"], key=f"{clave}_accion", horizontal=True,
                                 format_func={"terminar": "Volvió antes", "anular": "Se registró por error"}.get)
        hasta = derecha.date_input("Último día de la ausencia (si volvió antes)", value=hoy, format="DD/MM/YYYY",
                                   key=f"{clave}_hasta")
        motivo = st.text_input("Motivo (opcional)", key=f"{clave}_motivo", max_chars=seguimiento.LARGO_MAXIMO)
        if st.form_submit_button("Guardar el cambio"):
            if accion == "terminar":
                avisos.hacer(lambda: seguimiento.terminar_ausencia(con, usuario, elegida, hasta, motivo),
                             f"La ausencia termina el {formato.texto_fecha(hasta)}.", envio="ausencia_cambio")
            else:
                avisos.hacer(lambda: seguimiento.anular_ausencia(con, usuario, elegida, motivo),
                             "Ausencia anulada: ya no cuenta para la suplencia.", envio="ausencia_cambio")


ctx = vista.encabezado(
    "Seguimiento / suplencia", "Qué falta hacer y qué ya se hizo, por quién y cuándo: para retomar el trabajo donde "
    "quedó. Periodo de lo pendiente:", "seguimiento", todos_por_defecto=True)
con, usuario, hoy = ctx.con, ctx.usuario, ctx.hoy
aviso_suplencia(con, hoy)

st.subheader("Lo que todavía necesita a alguien")
ots = pendientes(con, usuario, ctx.periodo, hoy)
ficha.abrir_orden(con, usuario, ots, "seguimiento", hoy)

st.subheader("Últimos registros de seguimiento")
recientes(con)

st.subheader("Ausencias de la Resp. de Atención")
ausencias(con, usuario, hoy)
