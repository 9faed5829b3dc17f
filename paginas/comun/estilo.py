"""Cómo se ve: los textos de Streamlit que no tienen opción, en español u ocultos, y el veredicto del mes (el mismo
recuadro en el Semáforo y en el Informe)."""
from __future__ import annotations

import streamlit as st

from datos import formato
from datos.dominio import ETIQUETA_VEREDICTO

COLOR_VEREDICTO = {"APROBADO": "green", "OBSERVADO": "red", "SIN_TRAMITES": "gray"}
LUZ_VEREDICTO = {"APROBADO": "🟢", "OBSERVADO": "🔴", "SIN_TRAMITES": "⚪"}


def veredicto(estado: str, *, titulo: str, porcentaje: str, conteos: dict[str, int], preliminar: bool,
              nota: str, cambio: str | None = None, comparado_con: str | None = None) -> None:
    """El resultado del mes, igual en el Semáforo y en el Informe: luz y APROBADO/OBSERVADO con fondo de
    color, el KPI (con su cambio), «Preliminar» si quedan pendientes, los conteos y una nota."""
    with st.container(border=True):
        luz, cifras = st.columns([2, 3], vertical_alignment="center")
        with luz:
            color = COLOR_VEREDICTO[estado]
            st.markdown(f"## {LUZ_VEREDICTO[estado]} :{color}-background[:{color}[{ETIQUETA_VEREDICTO[estado]}]]")
            st.metric(titulo, porcentaje, delta=cambio, delta_description=comparado_con)
            if preliminar:
                st.badge("Preliminar", icon="⏳", color="orange",
                         help="Quedan órdenes REGISTRADAS: el KPI puede cambiar con la próxima importación.")
        with cifras:
            # De dos en dos: en una pantalla angosta Streamlit apila las columnas, y cuatro en fila serían cuatro filas.
            pares = list(conteos.items())
            for inicio in range(0, len(pares), 2):
                for columna, (rotulo, valor) in zip(st.columns(2), pares[inicio:inicio + 2]):
                    columna.metric(rotulo, formato.texto_entero(valor))
            st.caption(nota)



# ---------------------------------------------------------------- textos de Streamlit que no se configuran

# Lo que Streamlit 1.67 deja configurar ya está en español por su parámetro o en .streamlit/config.toml
# (client.disableDataExport: sin «Download as CSV» en las grillas; client.toolbarMode = "minimal": sin el menú de la
# app; multiselect(select_all=False): sin «Select all»; date_input(format="DD/MM/YYYY")). Lo que no tiene opción se
# traduce o se oculta aquí, en un solo lugar, con selectores data-testid (los estables de Streamlit). 14px es el
# tamaño de esos textos en el tema (0.875rem); font-size: 0 oculta el original y ::after escribe el español.
_ESTILO_ES = """<style>
/* Selector de archivos: «Upload» / «Add files» → «Elegir archivos»; «200MB per file» → «o arrástrelos aquí»
   (el límite, en la ayuda del selector, sale de server.maxUploadSize). */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
    content: "Elegir archivos"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "o arrástrelos aquí"; font-size: 0.875rem; }
/* El tamaño de cada archivo elegido («95.9KB», con punto y sin espacio): la página lo escribe debajo, «95,9 KB». */
[data-testid="stFileChipName"] + div { display: none; }
/* Fecha vacía: «dd / mm / aaaa», no «yyyy». */
[data-testid="stDateInput"] [data-type="year"][data-placeholder="true"] { font-size: 0; }
[data-testid="stDateInput"] [data-type="year"][data-placeholder="true"]::after { content: "aaaa"; font-size: 0.875rem; }
/* Barra de las grillas y gráficos: «Search», «Fullscreen», «Show/hide columns» sólo en inglés. Cada bandeja tiene
   su Excel y su CSV con nombre, y la búsqueda de la grilla vería sólo la página a la vista. */
[data-testid="stElementToolbar"] { display: none; }
/* El ícono de enlace junto a cada título (Streamlit lo muestra al pasar el puntero, y en el teléfono queda a la
   vista junto a «OBSERVADO»): ninguna página se comparte por ancla. */
[data-testid="stHeaderActionElements"] { display: none; }
/* Rótulos de las métricas y su descripción: en varias líneas, no cortados con «…» (Conciliación a 1366 px:
   «Cobrada con orden anula…», «diferencia con l…»). */
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] .stMarkdownEllipsis p,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] .stMarkdownEllipsis,
[data-testid="stMetricDeltaDescription"] .stMarkdownEllipsis p {
    white-space: normal; overflow: visible; text-overflow: clip; }
/* El guion que guarda la cookie de sesión al ingresar (comun/ingreso.py): no ocupa lugar. */
.st-key-sesion_navegador { display: none; }
/* El gráfico que precarga Plotly en el ingreso (comun/ingreso.py): se dibuja fuera de la vista y no ocupa lugar. */
.st-key-precarga_graficos { position: absolute; left: -10000px; width: 320px; height: 1px; overflow: hidden;
    visibility: hidden; }
</style>"""


def estilo() -> None:
    """Los textos en inglés de Streamlit que no tienen opción: traducidos u ocultos (una vez por corrida, desde
    app.py). st.html con sólo <style> no ocupa lugar en la página."""
    st.html(_ESTILO_ES)


_PAGINA_ANTERIOR = "_pagina_anterior"
_NAVEGACIONES = "_navegaciones"
# En una pantalla angosta el menú lateral tapa la página. Streamlit lo cierra tras elegir una página sólo si el
# navegador se anuncia como teléfono (userAgent); en una ventana angosta (o un teléfono que no lo dice) quedaba
# abierto encima. El número del comentario cambia en cada navegación: así el guion se vuelve a ejecutar.
_CERRAR_MENU = """<script>/* navegación %d */
if (window.matchMedia("(max-width: 768px)").matches) {
  const boton = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (boton) boton.click();
}
</script>"""


def cerrar_menu_al_navegar(pagina: str) -> None:
    """Después de elegir otra página en el menú (app.py, en cada corrida), en una pantalla angosta el menú se cierra.
    Un guion fijo, sin datos del usuario."""
    anterior = st.session_state.get(_PAGINA_ANTERIOR)
    st.session_state[_PAGINA_ANTERIOR] = pagina
    if anterior is None or anterior == pagina:
        return
    n = st.session_state[_NAVEGACIONES] = st.session_state.get(_NAVEGACIONES, 0) + 1
    st.html(_CERRAR_MENU % n, unsafe_allow_javascript=True)
