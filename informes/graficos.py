"""La tendencia del KPI: Plotly para la pantalla (Semáforo e Informe) y PNG con matplotlib para el PDF, con los
mismos colores y la misma meta."""
from __future__ import annotations

import io

import pandas as pd
# Figure + lienzo Agg sin pyplot: nada de pantalla ni estado global (el servidor atiende varias sesiones).
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from datos import formato
from datos.meses import nombre_mes_corto
from datos.dominio import ETIQUETA_VEREDICTO
from informes import anotaciones

# Los mismos colores en la pantalla y en el PDF: el veredicto de cada mes y la línea de la meta. Verde azulado y rojo
# anaranjado, no verde y rojo puros: con daltonismo rojo-verde (protanopía, deuteranopía) y azul-amarillo (tritanopía)
# siguen siendo distintos entre sí y del gris (tests/test_daltonismo.py simula cada uno).
COLORES = {"APROBADO": "#00695c", "OBSERVADO": "#dd2c00", "SIN_TRAMITES": "#9aa0a6"}
COLOR_META = COLORES["APROBADO"]
# Y una forma por veredicto (Plotly, matplotlib): verde y rojo no se distinguen con daltonismo rojo-verde.
SIMBOLOS = {"APROBADO": ("circle", "o"), "OBSERVADO": ("x", "X"), "SIN_TRAMITES": ("circle-open", "o")}  # hueco: sin valor


def _serie(tendencia: pd.DataFrame) -> pd.DataFrame:
    t = tendencia.copy()
    t["etiqueta"] = [nombre_mes_corto(m) for m in t["mes"]]
    t["valor"] = t["centesimas"].astype("Float64") / 100
    return t


def tendencia_png(tendencia: pd.DataFrame, umbral: int, dpi: int = 150, notas: pd.DataFrame | None = None) -> bytes:
    """Línea del KPI por mes, cada punto del color y la forma de su veredicto (con leyenda), con la meta y las notas
    (anotaciones.numeradas)."""
    t = _serie(tendencia)
    fig = Figure(figsize=(7.2, 2.6), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    x = list(range(len(t)))
    y = [None if pd.isna(v) else float(v) for v in t["valor"]]
    ax.plot(x, [float("nan") if v is None else v for v in y], color="#607d8b", linewidth=1.2, zorder=1)
    validos = [v for v in y if v is not None]
    piso = min([umbral - 2, *validos]) if validos else umbral - 2
    for estado, color in COLORES.items():  # cada veredicto con su color y su forma, y la leyenda
        # Sin trámites no es 0 %: un círculo hueco abajo, como en la pantalla.
        puntos = [(xi, max(0, piso - 1) + 0.25 if e == "SIN_TRAMITES" else yi)
                  for xi, yi, e in zip(x, y, t["estado"]) if e == estado and (yi is not None or e == "SIN_TRAMITES")]
        if puntos:
            px, py = zip(*puntos)
            relleno = {"facecolors": "none", "edgecolors": color} if estado == "SIN_TRAMITES" else {"color": color}
            ax.scatter(px, py, marker=SIMBOLOS[estado][1], s=32, zorder=3, label=ETIQUETA_VEREDICTO[estado],
                       **relleno)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower right", bbox_to_anchor=(1, 1), fontsize=6.5, frameon=False, ncol=3, handletextpad=0.3,
                  borderaxespad=0)  # encima del gráfico: no tapa ningún punto
    ax.axhline(umbral, color=COLOR_META, linestyle="--", linewidth=1)
    ax.annotate(f"Meta {umbral} %", xy=(0, umbral), xycoords=("axes fraction", "data"),
                xytext=(4, 3), textcoords="offset points", ha="left", fontsize=7, color=COLOR_META)
    ax.set_ylim(max(0, piso - 1), 100.8)
    ax.set_xticks(x, [e.replace(" ", "\n") for e in t["etiqueta"]], fontsize=7)  # «oct.» sobre «2026»
    ax.tick_params(axis="y", labelsize=7)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f} %")
    ax.set_ylabel("Atendidos ÷ total", fontsize=7)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    for lado in ("top", "right"):
        ax.spines[lado].set_visible(False)
    anotaciones.en_ejes(ax, list(t["mes"]), notas)
    fig.subplots_adjust(left=0.09, right=0.99, top=0.9, bottom=0.16)  # tight_layout cuesta ~0,2 s
    salida = io.BytesIO()
    fig.savefig(salida, format="png")
    return salida.getvalue()


def tendencia_figura(tabla: pd.DataFrame, mes=None):
    """La tendencia del KPI para la pantalla (Semáforo e Informe): la línea de la meta, cada punto del color de su
    veredicto, «Sin trámites» hueco abajo (no es 0 %) y, si se da `mes`, una marca en ese mes. `tabla`: filas de
    kpi_mensual. La figura se arma de una vez (sin add_hline/add_vline, que cuestan decenas de ms por corrida)."""
    import plotly.graph_objects as go

    umbral = int(tabla.umbral.iloc[0])
    x = [nombre_mes_corto(m) for m in tabla.mes]
    centesimas = [None if pd.isna(c) else int(c) for c in tabla.centesimas]
    y = [None if c is None else c / 100 for c in centesimas]
    piso = min([umbral - 2, *(v for v in y if v is not None)]) - 1
    ots = tabla["ot_total"] if "ot_total" in tabla else tabla["total"]  # una tabla sin OT: una por trámite
    trazas = [{"type": "scatter", "x": x, "y": y, "mode": "lines", "line": {"color": "#bdc1c6"},
               "hoverinfo": "skip", "showlegend": False}]
    for estado, color in COLORES.items():
        filas = [i for i, e in enumerate(tabla.estado) if e == estado]
        trazas.append({
            "type": "scatter", "mode": "markers", "name": ETIQUETA_VEREDICTO[estado],
            "x": [x[i] for i in filas],
            # Sin trámites no es 0 %: se marca abajo, hueco, sin valor.
            "y": [piso if estado == "SIN_TRAMITES" else y[i] for i in filas],
            "marker": {"color": color, "size": 11, "symbol": SIMBOLOS[estado][0]},
            "customdata": [[formato.texto_porcentaje(centesimas[i]), int(tabla.atendidos.iloc[i]),
                            formato.texto_tramites(tabla.total.iloc[i], ots.iloc[i])] for i in filas],
            "hovertemplate": "%{x}: %{customdata[0]} (%{customdata[1]} de %{customdata[2]})<extra></extra>"})
    lineas = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": umbral, "y1": umbral,
               "line": {"color": COLOR_META, "dash": "dash"}}]
    if mes in list(tabla.mes):
        elegido = x[list(tabla.mes).index(mes)]
        lineas.append({"type": "line", "yref": "paper", "x0": elegido, "x1": elegido, "y0": 0, "y1": 1,
                       "line": {"color": "#5f6368", "dash": "dot", "width": 1}})
    return go.Figure(data=trazas, layout={
        "separators": ",.", "height": 340, "margin": {"l": 10, "r": 80, "t": 30, "b": 10},
        "legend": {"orientation": "h", "y": 1.12}, "shapes": lineas,
        # La etiqueta de la meta, a la derecha fuera del gráfico: sobre la línea tapaba los puntos de los meses.
        "annotations": [{"xref": "paper", "x": 1, "y": umbral, "text": f"Meta {umbral} %", "showarrow": False,
                         "xanchor": "left", "yanchor": "middle", "xshift": 4, "font": {"color": COLOR_META}}],
        "yaxis": {"title": {"text": "KPI (%)"}, "range": [piso - 1, 100.5]}, "xaxis": {"type": "category"}})


def eje_de_conteos(maximo: int, titulo: str) -> dict:
    """Un eje de cantidades de órdenes: sólo números enteros (nunca «0,5 órdenes»), desde cero."""
    return {"title": titulo, "tickformat": ",d", "rangemode": "tozero", "dtick": 1 if maximo <= 8 else None}


def pareto_causales(causales):
    """Barras por causal, de la más frecuente a la menos, y la línea del porcentaje acumulado."""
    import plotly.graph_objects as go

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
                      yaxis=eje_de_conteos(int(causales.ordenes.max()), "Órdenes"),
                      yaxis2={"title": "% acumulado", "overlaying": "y", "side": "right", "range": [0, 102],
                              "tickvals": [0, 20, 40, 60, 80, 100], "ticksuffix": " %"})
    return fig


def histograma_atencion(histograma):
    """Una barra por día, también los días sin órdenes (un eje de categorías escondía los huecos)."""
    import plotly.graph_objects as go

    por_dia = dict(zip(histograma.dias, histograma.ordenes))
    dias = list(range(0, int(max(por_dia)) + 1))
    etiquetas = [f"{d}+" if d >= 60 else str(d) for d in dias]
    conteos = [int(por_dia.get(d, 0)) for d in dias]
    fig = go.Figure()
    fig.add_bar(x=etiquetas, y=conteos, marker_color="#1e8e3e", hovertemplate="%{x} días: %{y} órdenes<extra></extra>")
    fig.update_layout(separators=",.", height=300, margin={"l": 10, "r": 10, "t": 10, "b": 10}, bargap=0.1,
                      xaxis={"title": "Días de registro a atención", "type": "category"},
                      yaxis=eje_de_conteos(max(conteos), "Órdenes"))
    return fig
