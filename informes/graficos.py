"""Gráficos del informe: PNG con matplotlib para el PDF y Plotly para la página (mismos colores)."""
from __future__ import annotations

import io

import pandas as pd
# Figure + lienzo Agg sin pyplot: nada de pantalla ni estado global (el servidor atiende varias sesiones).
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from consultas.kpi import nombre_mes_corto

COLORES = {"APROBADO": "#2e7d32", "OBSERVADO": "#c62828", "SIN_TRAMITES": "#9e9e9e"}


def _serie(tendencia: pd.DataFrame) -> pd.DataFrame:
    t = tendencia.copy()
    t["etiqueta"] = [nombre_mes_corto(m) for m in t["mes"]]
    t["valor"] = t["centesimas"].astype("Float64") / 100
    return t


def tendencia_png(tendencia: pd.DataFrame, umbral: int, dpi: int = 150) -> bytes:
    """Línea del KPI por mes, cada punto del color de su veredicto, con la meta."""
    t = _serie(tendencia)
    fig = Figure(figsize=(7.2, 2.6), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    x = list(range(len(t)))
    y = [None if pd.isna(v) else float(v) for v in t["valor"]]
    ax.plot(x, [float("nan") if v is None else v for v in y], color="#607d8b", linewidth=1.2, zorder=1)
    puntos = [(xi, yi, COLORES[e]) for xi, yi, e in zip(x, y, t["estado"]) if yi is not None]
    if puntos:
        px, py, colores = zip(*puntos)
        ax.scatter(px, py, c=list(colores), s=28, zorder=3)
    ax.axhline(umbral, color="#c62828", linestyle="--", linewidth=1)
    ax.annotate(f"Meta {umbral} %", xy=(1, umbral), xycoords=("axes fraction", "data"),
                xytext=(-4, 3), textcoords="offset points", ha="right", fontsize=7, color="#c62828")
    validos = [v for v in y if v is not None]
    piso = min([umbral - 2, *validos]) if validos else umbral - 2
    ax.set_ylim(max(0, piso - 1), 100.8)
    ax.set_xticks(x, [e.replace(" ", "\n") for e in t["etiqueta"]], fontsize=7)  # «oct.» sobre «2026»
    ax.tick_params(axis="y", labelsize=7)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f} %")
    ax.set_ylabel("Atendidos ÷ total", fontsize=7)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    for lado in ("top", "right"):
        ax.spines[lado].set_visible(False)
    fig.subplots_adjust(left=0.09, right=0.99, top=0.96, bottom=0.16)  # tight_layout cuesta ~0,2 s
    salida = io.BytesIO()
    fig.savefig(salida, format="png")
    return salida.getvalue()


def tendencia_figura(tendencia: pd.DataFrame, umbral: int):
    import plotly.graph_objects as go

    t = _serie(tendencia)
    fig = go.Figure()
    fig.add_scatter(x=t["etiqueta"], y=t["valor"], mode="lines+markers", line={"color": "#607d8b"},
                    marker={"size": 10, "color": [COLORES[e] for e in t["estado"]]},
                    hovertemplate="%{x}: %{y:.2f} %<extra></extra>", name="KPI")
    fig.add_hline(y=umbral, line_dash="dash", line_color="#c62828", annotation_text=f"Meta {umbral} %")
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=False,
                      yaxis={"ticksuffix": " %", "title": "Atendidos ÷ total"}, separators=",.")
    return fig
