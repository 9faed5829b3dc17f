"""Informe mensual para la Jefa de División (sólo lectura): lo mismo que el PDF y el Excel que se descargan."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from consultas import consultar, kpi
from datos import formato
from datos.meses import nombre_mes
from datos.permisos import puede
from informes import graficos, mensual, pdf
from paginas.comun import avisos, estilo, ingreso, unidad


def elegir_filtros(op: dict) -> mensual.Filtros:
    with st.expander("Filtros: actividades, zona, unidad operativa"):
        actividades = st.multiselect(
            "Actividades", list(op["actividades"]), key="informe_actividades", select_all=False,
            format_func=lambda c: f"{c} – {op['actividades'][c]}", placeholder="Todas las de movimiento de poste")
        columnas = st.columns(2)
        zonas = columnas[0].multiselect("Zona", op["zonas"], key="informe_zonas", placeholder="Todas",
                                        select_all=False)
        unidades = columnas[1].multiselect("Unidad operativa", op["unidades"], key="informe_unidades",
                                           placeholder="Todas", select_all=False)
    return mensual.Filtros(tuple(actividades), tuple(zonas), tuple(unidades))


def tabla(df: pd.DataFrame, vacio: str) -> None:
    """Una tabla con fechas dd/mm/aaaa; un aviso si no hay filas."""
    if df.empty:
        st.caption(vacio)
        return
    fechas = {c: st.column_config.DateColumn(c, format="DD/MM/YYYY")
              for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])}
    # Decimales con coma (13,3 días), como en el resto del tablero: la grilla sólo sabe escribir punto.
    decimales = {c: df[c].map(formato.texto_decimal) for c in df.columns if pd.api.types.is_float_dtype(df[c])}
    st.dataframe(df.assign(**decimales), hide_index=True, column_config=fechas, placeholder="")  # vacío, no «None»


def descargas(informe: mensual.InformeMensual) -> None:
    """El PDF y el Excel se arman al pulsar el botón, no en cada recarga de la página."""
    personales = puede(ingreso.usuario(), "ver_personales")
    izquierda, derecha = st.columns(2)
    izquierda.download_button(
        "Descargar informe (PDF)", lambda: pdf.generar(informe), file_name=mensual.nombre_pdf(informe.mes),
        mime="application/pdf", icon="📄", on_click="ignore", key="descargar_pdf", type="primary")
    derecha.download_button(
        "Descargar «Reporte de Estados de OTs» (Excel)", lambda: mensual.excel(informe, personales),
        file_name=mensual.nombre_excel(informe.mes), icon="📊", on_click="ignore", key="descargar_excel",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def resultado(informe: mensual.InformeMensual) -> None:
    estilo.veredicto(informe.kpi["estado"], titulo=f"KPI de {informe.titulo_mes}", porcentaje=informe.porcentaje,
                    conteos=informe.conteos(), preliminar=informe.preliminar,
                    nota=f"{informe.detras()}. Meta: ≥ {informe.umbral} % de trámites atendidos. El porcentaje se "
                         "trunca, nunca se redondea.")


def atendidos(informe: mensual.InformeMensual) -> None:
    tiempo = informe.tiempo_atencion()
    columnas = st.columns(5)
    columnas[0].metric("Mediana para atender", formato.texto_dias(tiempo["mediana"]))
    columnas[1].metric("Percentil 90", formato.texto_dias(tiempo["p90"]))
    for columna, (titulo, valor) in zip(columnas[2:], informe.verificacion().items()):
        columna.metric(titulo, formato.texto_entero(valor))
    tabla(informe.tabla_atendidos(), "Ninguna orden atendida en el mes.")


avisos.aviso_demo()
st.title("Informe mensual")
st.caption("Para la Jefa de División Gestión Relación y Experiencia del Cliente: el KPI del mes, su tendencia y "
           "lo que se hizo con cada orden. Las mismas cifras que el Semáforo.")
con = unidad.cursor()

meses = mensual.meses_con_datos(con)
if not meses:
    st.info("Todavía no hay órdenes de movimiento de poste. Importe una exportación de Smartflex en «Importar».")
    st.stop()

preferido = st.session_state.get("mes_seleccionado")
mes = st.selectbox("Mes", meses, format_func=nombre_mes, index=meses.index(preferido) if preferido in meses else 0)
filtros = elegir_filtros(kpi.opciones(con))
try:
    informe = mensual.construir(con, mes, filtros)
except mensual.SinDatos as e:
    st.info(str(e))
    st.stop()

st.caption(f"Filtros: {formato.texto_llano(filtros.texto())} · Generado: {formato.texto_fecha_hora(informe.generado)}")
descargas(informe)
resultado(informe)

st.subheader(f"Tendencia de los últimos {len(informe.tendencia)} meses")
st.plotly_chart(graficos.tendencia_figura(informe.tendencia, informe.mes), config={"displayModeBar": False})

st.subheader(f"Anulados ({formato.texto_entero(informe.conteos()['Anulados'])}): causal y medida correctiva")
tabla(informe.tabla_anulados(), "Ninguna orden anulada en el mes.")

st.subheader(f"Pendientes ({formato.texto_entero(informe.conteos()['Registrados'])}): "
             "antigüedad y última coordinación")
tabla(informe.tabla_registrados(), "Ninguna orden pendiente.")

st.subheader(f"Atendidos ({formato.texto_entero(informe.conteos()['Atendidos'])}): "
             "tiempo de atención y verificación")
atendidos(informe)

st.subheader("Quién hizo el seguimiento")
tabla(informe.tabla_seguimiento(), "No hay registros de seguimiento para las órdenes del mes.")
st.markdown("**Suplencia** (ausencias de la Resp. de Atención; la Resp. de Retención hizo el seguimiento)")
tabla(informe.tabla_ausencias(), "Sin ausencias registradas en el periodo: no hubo suplencia.")


def archivados(con) -> None:
    """Los informes que la tarea del primer día hábil dejó en la carpeta de informes (python -m datos tareas)."""
    st.subheader("Informes archivados")
    lista = consultar(con, "informes_archivados")
    if lista.empty:
        st.caption("Todavía no se archivó ningún informe: se generan solos el primer día hábil de cada mes. Si falta "
                   "el de un mes ya cerrado, avise al administrador.")
        return
    etiquetas = {"informe_pdf": ("Informe (PDF)", "application/pdf"),
                 "reporte_estados": ("Reporte de Estados de OTs (Excel)",
                                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    for mes_archivado, filas in lista.groupby("mes", sort=False):
        columnas = st.columns([2, 3, 3])
        columnas[0].markdown(f"**{nombre_mes(mes_archivado.date())}**  \n"
                             f"{formato.texto_fecha_hora(filas['creado'].iloc[0])}")
        for columna, fila in zip(columnas[1:], filas.itertuples(index=False)):
            titulo, tipo_mime = etiquetas[fila.tipo]
            archivo = Path(fila.archivo)
            if archivo.is_file():
                columna.download_button(titulo, archivo.read_bytes, file_name=archivo.name, mime=tipo_mime,
                                        on_click="ignore", key=f"archivado_{mes_archivado:%Y%m}_{fila.tipo}")
            else:
                columna.caption(f"{titulo}: ya no está en {archivo.parent} (¿se movió la carpeta de informes?)")


archivados(con)
