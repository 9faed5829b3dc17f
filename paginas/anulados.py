"""Anulados: órdenes anuladas del periodo, sus causales (Pareto) y la medida correctiva de cada una."""
from __future__ import annotations

import streamlit as st

from consultas import consultar
from datos import formato
from informes import graficos
from paginas.bandejas import ficha, vista
from paginas.bandejas.modelo import COLUMNAS_ANULADOS

TODAS = "(todas)"


ctx = vista.encabezado(
    "Anulados", "Revisar la causal de cada orden anulada y registrar la medida correctiva (paso 11 del procedimiento).",
    "anulados", ahora=True)
con, periodo, personales, hoy = ctx.con, ctx.periodo, ctx.personales, ctx.hoy
base = {"desde": periodo.desde, "hasta": periodo.hasta, "personales": personales, **ctx.filtros.parametros()}


def pareto(causales) -> None:
    st.subheader(f"Causales de anulación · {periodo.etiqueta}")
    st.plotly_chart(graficos.pareto_causales(causales), config={"displayModeBar": False})


causales = consultar(con, "bandeja_anulados_causales", **base)
vista.fuera_del_filtro(ctx, int(causales.ordenes.sum()), "bandeja_anulados_causales", base,
                          lambda df: int(df.ordenes.sum()), "anuladas")
ots = []
if causales.empty:
    st.info(f"No hay órdenes anuladas de movimiento de poste en {periodo.etiqueta}.")
else:
    # Lo de ahora primero, en la primera pantalla; el Pareto del periodo, sobre la lista entera o al pie de la página.
    ahora = vista.lo_de_ahora(ctx, "anulado_sin_medida", "anulados", int(causales.ordenes.sum()))
    filtros = {**base, "sin_medida": False, "causal": None, "reemplazadas": False, **ahora.parametros}
    reemplazadas = False
    if ahora.todo:
        pareto(causales)
        izquierda, derecha = st.columns(2)
        sin_medida = izquierda.checkbox("Sólo sin medida correctiva", key="anulados_sin_medida")
        # Se elige por clave (código o texto normalizado) y se muestra la ortografía de la barra.
        etiquetas = dict(zip(causales.clave, causales.causal))
        causal = derecha.selectbox("Causal", [TODAS, *causales.clave], key="anulados_causal",
                                   format_func=lambda c: etiquetas.get(c, c))
        reemplazadas = izquierda.checkbox("Mostrar las reemplazadas", key="anulados_reemplazadas",
                                          help="Anuladas cuyo trámite ya atendió otra OT: no piden medida correctiva.")
        filtros.update(sin_medida=sin_medida, causal=None if causal == TODAS else causal, reemplazadas=reemplazadas)

    resumen = consultar(con, "bandeja_anulados_resumen", **filtros).iloc[0]
    uno, dos = st.columns(2)
    uno.metric("Anuladas", formato.texto_entero(resumen.total))
    dos.metric("Sin medida correctiva", formato.texto_entero(resumen.sin_medida))
    ficha.nota_reemplazadas(int(resumen.reemplazadas), reemplazadas, "anuladas", "no piden medida correctiva")

    total = int(resumen.sin_medida if filtros["sin_medida"] else resumen.total) if ahora.todo else ahora.total
    if total == 0:
        st.caption("Ninguna orden cumple los filtros." if ahora.todo
                   else "Ninguna anulada espera su medida correctiva ahora.")
    else:
        limite, desplazamiento = vista.paginacion(total, "anulados")
        lista = consultar(con, "bandeja_anulados", **filtros, limite=limite, desplazamiento=desplazamiento)
        vista.tabla(lista if reemplazadas else lista.drop(columns="reemplazo"), COLUMNAS_ANULADOS, personales)
        ots = list(lista.ot)
        vista.descargas(con, f"anulados_{hoy:%Y-%m-%d}", "Anulados", "bandeja_anulados", filtros, COLUMNAS_ANULADOS,
                        personales, "anulados", total, ahora.contenido)

ficha.abrir_orden(con, ctx.usuario, ots, "anulados", hoy)
if not causales.empty and not ahora.todo:
    pareto(causales)
