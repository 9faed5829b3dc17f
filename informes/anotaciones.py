"""Las notas sobre la tendencia (issue 25) dibujadas en el gráfico del KPI: una franja sobre los meses que cubre cada
nota y su número con el comienzo del texto; debajo del gráfico, la lista con el mismo número. Igual en la pantalla
(Plotly) y en el PDF (matplotlib)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from datos import formato

COLOR_NOTA = "#b26a00"
FONDO_NOTA = "#fbbc04"
LARGO_ETIQUETA = 22


def numeradas(notas: pd.DataFrame | None) -> pd.DataFrame:
    """Las notas con su número (1, 2… de la más antigua a la más nueva) en la columna `numero`."""
    if notas is None or notas.empty:
        return pd.DataFrame(columns=["numero", "desde", "hasta", "texto", "autor_nombre", "creado_en", "version"])
    if "numero" in notas.columns:  # ya numeradas
        return notas
    n = notas.sort_values(["desde", "hasta", "id"]).reset_index(drop=True)
    n.insert(0, "numero", range(1, len(n) + 1))
    return n


def periodo(desde, hasta) -> str:
    desde, hasta = pd.Timestamp(desde).date(), pd.Timestamp(hasta).date()
    if desde == hasta:
        return formato.texto_fecha(desde)
    return f"{formato.texto_fecha(desde)} al {formato.texto_fecha(hasta)}"


def etiqueta(nota) -> str:
    texto = nota.texto if len(nota.texto) <= LARGO_ETIQUETA else nota.texto[:LARGO_ETIQUETA - 1].rstrip() + "…"
    return f"{nota.numero}. {texto}"


def texto_nota(nota) -> str:
    """«1. 12/09/2026 al 15/09/2026 — Paro de Gestión de Redes (Ana Atención, 16/09/2026 10:20)»."""
    corregida = ", corregida" if int(nota.version) > 1 else ""
    return (f"{nota.numero}. {periodo(nota.desde, nota.hasta)} — {nota.texto} "
            f"({nota.autor_nombre}, {formato.texto_fecha_hora(pd.Timestamp(nota.creado_en))}{corregida})")


def _posiciones(meses: list[dt.date], nota) -> tuple[float, float] | None:
    """Los índices del primer y del último mes del eje que la nota toca; None si no toca ninguno."""
    desde = pd.Timestamp(nota.desde).date().replace(day=1)
    hasta = pd.Timestamp(nota.hasta).date().replace(day=1)
    dentro = [i for i, m in enumerate(meses) if desde <= m <= hasta]
    return (dentro[0], dentro[-1]) if dentro else None


def en_figura(fig, meses: list[dt.date], notas: pd.DataFrame) -> None:
    """Agrega a la figura de graficos.tendencia_figura (eje de categorías: un índice por mes) una franja y una
    etiqueta por nota. Se asignan las tuplas de una vez: add_shape/add_annotation cuestan decenas de ms cada una."""
    franjas, etiquetas = [], []
    for k, nota in enumerate(notas.itertuples(index=False)):
        lugar = _posiciones(meses, nota)
        if lugar is None:
            continue
        primero, ultimo = lugar
        franjas.append({"type": "rect", "xref": "x", "yref": "paper", "x0": primero - 0.45, "x1": ultimo + 0.45,
                        "y0": 0, "y1": 1, "fillcolor": FONDO_NOTA, "opacity": 0.18, "line": {"width": 0},
                        "layer": "below"})
        # Plotly interpreta algunas etiquetas HTML: una nota no debe poder crear enlaces.
        texto = etiqueta(nota).replace("<", "‹").replace(">", "›")
        etiquetas.append({"xref": "x", "yref": "paper", "x": primero - 0.4, "y": 0.99 - 0.08 * (k % 3),
                          "xanchor": "left", "yanchor": "top", "showarrow": False, "text": texto,
                          "hovertext": texto_nota(nota).replace("<", "‹").replace(">", "›"),
                          "font": {"color": COLOR_NOTA, "size": 11}, "bgcolor": "rgba(255,255,255,0.7)"})
    fig.layout.shapes = tuple(fig.layout.shapes) + tuple(franjas)
    fig.layout.annotations = tuple(fig.layout.annotations) + tuple(etiquetas)


def en_ejes(ax, meses: list[dt.date], notas: pd.DataFrame | None) -> None:
    """Lo mismo en los ejes de matplotlib del PDF (x = índice del mes): franja y número."""
    if notas is None:
        return
    for k, nota in enumerate(notas.itertuples(index=False)):
        lugar = _posiciones(meses, nota)
        if lugar is None:
            continue
        primero, ultimo = lugar
        ax.axvspan(primero - 0.45, ultimo + 0.45, color=FONDO_NOTA, alpha=0.18, linewidth=0, zorder=0)
        ax.annotate(str(nota.numero), xy=(primero - 0.4, 1 - 0.09 * (k % 3)), xycoords=("data", "axes fraction"),
                    va="top", ha="left", fontsize=7, color=COLOR_NOTA, fontweight="bold")
