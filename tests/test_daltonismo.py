"""Issue 24, punto 7: los colores del veredicto (APROBADO / OBSERVADO / Sin trámites) se distinguen también con
daltonismo. Se simula la visión de cada tipo de dicromacia con las matrices de Machado, Oliveira y Fernandes (2009,
«A Physiologically-based Model for Simulation of Color Vision Deficiency», severidad 1,0, aplicadas en RGB lineal) y se
mide la diferencia entre cada par con CIEDE2000 (Sharma, Wu y Dalal 2005), sin bibliotecas nuevas: el cálculo entero
está aquí y se comprueba con los pares de prueba publicados por Sharma.

Umbral: ΔE00 ≥ 15. Una diferencia de ~1–2,3 es apenas perceptible para dos parches grandes lado a lado; los puntos del
gráfico son marcas de 6–8 px, separadas, y para marcas de ese tamaño la diferencia necesaria crece varias veces (Stone,
Szafir y Setlur 2014, «An Engineering Model for Color Difference as a Function of Size»: ~5× para 0,5°). 15 deja
margen sobre eso. Las formas distintas de cada veredicto (graficos.SIMBOLOS) siguen: el color no es la única pista.

Los colores de Streamlit (:green[…] del recuadro de la página) no se eligen aquí: ese recuadro lleva la palabra."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from informes import graficos, pdf

MACHADO = {
    "protanopía": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopía": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopía": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
UMBRAL = 15.0


def _lineal(rgb) -> np.ndarray:
    c = np.asarray(rgb, dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(lineal) -> tuple[float, float, float]:
    """RGB lineal (sRGB, D65) → CIELAB."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lineal
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(lab1, lab2) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_media = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_media ** 7 / (c_media ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_m, c_m = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_m = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_m = (h1 + h2) / 2
    else:
        h_m = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_m - 30)) + 0.24 * math.cos(math.radians(2 * h_m))
         + 0.32 * math.cos(math.radians(3 * h_m + 6)) - 0.20 * math.cos(math.radians(4 * h_m - 63)))
    s_l = 1 + 0.015 * (l_m - 50) ** 2 / math.sqrt(20 + (l_m - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_m, 1 + 0.015 * c_m * t
    r_t = (-2 * math.sqrt(c_m ** 7 / (c_m ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((h_m - 275) / 25) ** 2)))))
    dl, dc, dhh = (l2 - l1) / s_l, (c2 - c1) / s_c, d_h / s_h
    return math.sqrt(dl ** 2 + dc ** 2 + dhh ** 2 + r_t * dc * dhh)


def visto(rgb, vision: str | None) -> tuple[float, float, float]:
    """El color `rgb` (0–255) como lo ve quien tiene la dicromacia `vision` (None: visión típica), en CIELAB."""
    lineal = _lineal(rgb)
    if vision:
        lineal = np.clip(np.array(MACHADO[vision]) @ lineal, 0, 1)
    return _lab(lineal)


def _rgb(hexa: str) -> tuple[int, int, int]:
    return tuple(int(hexa[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("lab1,lab2,esperado", [  # Sharma, Wu y Dalal (2005), tabla 1: pares 1, 7, 17 y 25
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425), ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, 2.5, 0), (73, 25, -18), 27.1492), ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644)])
def test_ciede2000_da_los_valores_publicados(lab1, lab2, esperado):
    assert ciede2000(lab1, lab2) == pytest.approx(esperado, abs=1e-4)


def test_la_simulación_confunde_lo_que_debe_confundir():
    """El control: con deuteranopía, el verde y el rojo puros de antes (#1e8e3e / #d93025) quedan por debajo del
    umbral; con visión típica, no. Si la simulación no hiciera nada, la prueba de abajo no probaría nada."""
    verde, rojo = _rgb("#1e8e3e"), _rgb("#d93025")
    assert ciede2000(visto(verde, None), visto(rojo, None)) > 60
    assert ciede2000(visto(verde, "deuteranopía"), visto(rojo, "deuteranopía")) < UMBRAL


PALETAS = {
    "gráfico de tendencia (página y PDF)": {e: _rgb(c) for e, c in graficos.COLORES.items()},
    "recuadro del veredicto en el PDF": pdf.COLOR_VEREDICTO,
}


@pytest.mark.parametrize("paleta", PALETAS)
@pytest.mark.parametrize("vision", [None, *MACHADO])
def test_los_veredictos_se_distinguen_con_daltonismo(paleta, vision):
    colores = PALETAS[paleta]
    for (e1, c1), (e2, c2) in itertools.combinations(colores.items(), 2):
        distancia = ciede2000(visto(c1, vision), visto(c2, vision))
        assert distancia >= UMBRAL, f"{paleta}, {vision or 'visión típica'}: {e1} y {e2} a ΔE00 {distancia:.1f}"


def test_las_formas_siguen_distintas():
    assert len({plotly for plotly, _ in graficos.SIMBOLOS.values()}) == len(graficos.COLORES)


def _luminancia(rgb) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ _lineal(rgb))


@pytest.mark.parametrize("estado", list(pdf.COLOR_VEREDICTO))
def test_la_palabra_del_recuadro_del_pdf_se_lee(estado):
    """Contraste de la letra sobre el fondo del recuadro ≥ 4,5:1 (WCAG 2.1 AA, texto normal)."""
    claro, oscuro = sorted((_luminancia(pdf.COLOR_VEREDICTO[estado]), _luminancia(pdf.LETRA_VEREDICTO[estado])))
    assert (oscuro + 0.05) / (claro + 0.05) >= 4.5
