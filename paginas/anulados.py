"""Anulados: órdenes anuladas del periodo, sus causales (Pareto) y la medida correctiva de cada una."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from consultas import consultar, formato
from paginas import bandejas
from paginas.bandejas import COLUMNAS_ANULADOS

TODAS = "(todas)"


def grafico_pareto(causales) -> go.Figure:
    """Barras por causal, de la más frecuente a la menos, y la línea del porcentaje acumulado."""
    # Plotly interpreta algunas etiquetas HTML en los textos: una causal importada no debe poder crear enlaces.
    nombres = [c.replace("<", "‹").replace(">", "›") for c in causales.causal]
    fig = go.Figure()
    fig.add_bar(x=nombres, y=list(causales.ordenes), name="Órdenes", marker_color="#d93025",
                hovertemplate="%{x}: %{y} órdenes<extra></extra>")
    fig.add_scatter(x=nombres, y=list(causales.porcentaje_acumulado), name="% acumulado",
                    yaxis="y2", mode="lines+markers", line={"color": "#5f6368"},
                    hovertemplate="%{x}: %{y:.1f} % acumulado<extra></extra>")
    fig.update_layout(separators=",.", height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.12}, xaxis={"type": "category"},
                      yaxis={"title": "Órdenes"},
                      yaxis2={"title": "% acumulado", "overlaying": "y", "side": "right", "range": [0, 105]})
    return fig


ctx = bandejas.encabezado(
    "Anulados", "Revisar la causal de cada orden anulada y registrar la medida correctiva (paso 11 del procedimiento).",
    "anulados")
con, periodo, personales, hoy = ctx.con, ctx.periodo, ctx.personales, ctx.hoy
base = {"desde": periodo.desde, "hasta": periodo.hasta, "personales": personales}

causales = consultar(con, "bandeja_anulados_causales", **base)
ots = []
if causales.empty:
    st.info(f"No hay órdenes anuladas de movimiento de poste en {periodo.etiqueta}.")
else:
    st.subheader(f"Causales de anulación · {periodo.etiqueta}")
    st.plotly_chart(grafico_pareto(causales), config={"displayModeBar": False})

    izquierda, derecha = st.columns(2)
    sin_medida = izquierda.checkbox("Sólo sin medida correctiva", key="anulados_sin_medida")
    # Se elige por clave (código o texto normalizado) y se muestra la ortografía de la barra.
    etiquetas = dict(zip(causales.clave, causales.causal))
    causal = derecha.selectbox("Causal", [TODAS, *causales.clave], key="anulados_causal",
                               format_func=lambda c: etiquetas.get(c, c))
    filtros = {**base, "sin_medida": sin_medida, "causal": None if causal == TODAS else causal}

    resumen = consultar(con, "bandeja_anulados_resumen", **filtros).iloc[0]
    uno, dos = st.columns(2)
    uno.metric("Anuladas", formato.texto_entero(resumen.total))
    dos.metric("Sin medida correctiva", formato.texto_entero(resumen.sin_medida))

    total = int(resumen.sin_medida if sin_medida else resumen.total)
    limite, desplazamiento = bandejas.paginacion(total, "anulados")
    lista = consultar(con, "bandeja_anulados", **filtros, limite=limite, desplazamiento=desplazamiento)
    if lista.empty:
        st.caption("Ninguna orden cumple los filtros.")
    else:
        bandejas.tabla(lista, COLUMNAS_ANULADOS, personales)
        ots = list(lista.ot)
    bandejas.descargas(con, f"anulados_{hoy:%Y-%m-%d}", "Anulados", "bandeja_anulados", filtros, COLUMNAS_ANULADOS,
                       personales, "anulados", total)

bandejas.abrir_orden(con, ctx.usuario, ots, "anulados", hoy)
