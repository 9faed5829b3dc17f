"""Registrados: órdenes pendientes, la más antigua primero, con su edad y la última coordinación con
Gestión de Redes (paso 12 del procedimiento)."""
from __future__ import annotations

import streamlit as st

from consultas import consultar
from datos import formato
from datos import reloj
from paginas.bandejas import ficha, vista
from paginas.bandejas.modelo import COLUMNAS_REGISTRADOS

TODOS = "(todos)"

ctx = vista.encabezado(
    "Registrados (pendientes)", "Coordinar con Gestión de Redes la pronta atención de cada orden pendiente (paso 12 "
    f"del procedimiento). Edad en días al {formato.texto_fecha(reloj.hoy())}.", "registrados", ahora=True)
con, periodo, personales, hoy = ctx.con, ctx.periodo, ctx.personales, ctx.hoy
# La casilla «Mostrar las reemplazadas» va con los filtros, debajo de las cifras que ya la usan.
base = {"desde": periodo.desde, "hasta": periodo.hasta, "hoy": hoy, "personales": personales,
        "reemplazadas": st.session_state.get("registrados_reemplazadas", False), **ctx.filtros.parametros()}

tramos = consultar(con, "bandeja_registrados_tramos", **base)
vista.fuera_del_filtro(ctx, int(tramos.ordenes.sum()), "bandeja_registrados_tramos", base,
                          lambda df: int(df.ordenes.sum()), "pendientes")
columnas = st.columns(len(tramos) + 1)
for columna, fila in zip(columnas, tramos.itertuples(index=False)):
    columna.metric(f"{fila.tramo} días", formato.texto_entero(fila.ordenes))
columnas[-1].metric("Vencidas (fecha límite)", formato.texto_entero(tramos.vencidas.sum()))
ficha.nota_reemplazadas(int(tramos.reemplazadas.sum()), base["reemplazadas"], "pendientes", "no piden coordinación")

ahora = vista.lo_de_ahora(ctx, "registrado_sin_coordinar", "registrados", int(tramos.ordenes.sum()))
filtros = {**base, "tramo": None, "solo_vencidas": False, **ahora.parametros}
total = ahora.total
reemplazadas = base["reemplazadas"]
if ahora.todo:
    izquierda, derecha = st.columns(2)
    tramo = izquierda.selectbox("Tramo de edad", [TODOS, *tramos.tramo], key="registrados_tramo",
                                format_func=lambda t: t if t == TODOS else f"{t} días")
    solo_vencidas = derecha.checkbox("Sólo vencidas contra la fecha límite de Smartflex", key="registrados_vencidas")
    derecha.checkbox("Mostrar las reemplazadas", key="registrados_reemplazadas",
                     help="Pendientes cuyo trámite ya atendió otra OT: no piden coordinación.")
    filtros.update(tramo=None if tramo == TODOS else tramo, solo_vencidas=solo_vencidas)
    elegidos = tramos if tramo == TODOS else tramos[tramos.tramo == tramo]
    total = int(elegidos.vencidas.sum() if solo_vencidas else elegidos.ordenes.sum())
ots = []
if total == 0:
    st.info(f"No hay órdenes pendientes que cumplan los filtros en {periodo.etiqueta}." if ahora.todo
            else "Ninguna pendiente espera coordinación ahora.")
else:
    limite, desplazamiento = vista.paginacion(total, "registrados")
    lista = consultar(con, "bandeja_registrados", **filtros, limite=limite, desplazamiento=desplazamiento)
    vista.tabla(lista if reemplazadas else lista.drop(columns="reemplazo"), COLUMNAS_REGISTRADOS, personales)
    ots = list(lista.ot)
    vista.descargas(con, f"pendientes_{hoy:%Y-%m-%d}", "Pendientes", "bandeja_registrados", filtros,
                    COLUMNAS_REGISTRADOS, personales, "registrados", total, ahora.contenido)

ficha.abrir_orden(con, ctx.usuario, ots, "registrados", hoy)
