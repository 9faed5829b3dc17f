"""Gráficos del informe: PNG con matplotlib para el PDF y Plotly para la página (mismos colores)."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # sin pantalla: el PDF se arma en el servidor o en la línea de comandos
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from consultas.kpi import nombre_mes_corto  # noqa: E402

COLORES = {"APROBADO": "#2e7d32", "OBSERVADO": "#c62828", "SIN_TRAMITES": "#9e9e9e"}


def _serie(tendencia: pd.DataFrame) -> pd.DataFrame:
    t = tendencia.copy()
    t["etiqueta"] = [nombre_mes_corto(m) for m in t["mes"]]
    t["valor"] = t["centesimas"].astype("Float64") / 100
    return t


def tendencia_png(tendencia: pd.DataFrame, umbral: int, dpi: int = 150) -> bytes:
    """Línea del KPI por mes, cada punto del color de su veredicto, con la meta."""
    t = _serie(tendencia)
    fig, ax = plt.subplots(figsize=(7.2, 2.6), dpi=dpi)
    try:
        x = list(range(len(t)))
        y = [None if pd.isna(v) else float(v) for v in t["valor"]]
        ax.plot(x, [float("nan") if v is None else v for v in y], color="#607d8b", linewidth=1.2, zorder=1)
        for xi, yi, estado in zip(x, y, t["estado"]):
            if yi is not None:
                ax.scatter([xi], [yi], color=COLORES[estado], s=28, zorder=3)
        ax.axhline(umbral, color="#c62828", linestyle="--", linewidth=1)
        ax.annotate(f"Meta {umbral} %", xy=(1, umbral), xycoords=("axes fraction", "data"),
                    xytext=(-4, 3), textcoords="offset points", ha="right", fontsize=7, color="#c62828")
        validos = [v for v in y if v is not None]
        piso = min([umbral - 2, *validos]) if validos else umbral - 2
        ax.set_ylim(max(0, piso - 1), 100.8)
        ax.set_xticks(x, t["etiqueta"], fontsize=7, rotation=0)
        ax.tick_params(axis="y", labelsize=7)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f} %")
        ax.set_ylabel("Atendidos ÷ total", fontsize=7)
        ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        for lado in ("top", "right"):
            ax.spines[lado].set_visible(False)
        fig.tight_layout()
        salida = io.BytesIO()
        fig.savefig(salida, format="png")
        return salida.getvalue()
    finally:
        plt.close(fig)


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
