"""Semáforo (inicio): el KPI del mes elegido, su tendencia y el camino a sus órdenes."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from consultas import formato, kpi
from datos.permisos import puede
from paginas import comun

COLOR_GRAFICO = {"APROBADO": "#1e8e3e", "OBSERVADO": "#d93025", "SIN_TRAMITES": "#9aa0a6"}
MESES_TENDENCIA = 24
BANDEJAS = (  # estado, página de la bandeja, título, icono
    ("REGISTRADO", "paginas/registrados.py", "Registrados", "⏳"),
    ("ANULADO", "paginas/anulados.py", "Anulados", "⛔"),
    ("ATENDIDO", "paginas/atendidos.py", "Atendidos", "✅"),
)


def texto_diferencia(centesimas: int) -> str:
    """Diferencia en puntos porcentuales, truncada como el KPI: -5 → «-0,05 pp»."""
    signo = "-" if centesimas < 0 else "+"
    return f"{signo}{formato.texto_porcentaje(abs(centesimas)).removesuffix(' %')} pp"


def filtros(op: dict) -> tuple[list, list, list, list]:
    """Periodo, actividades, zonas y unidades elegidos; sus valores viajan en la URL."""
    todos = [kpi.mes_como_texto(m) for m in kpi.meses_entre(op["primer_mes"], op["ultimo_mes"])]
    with st.expander("Filtros: periodo, actividades, zona, unidad operativa"):
        if len(todos) > 1:
            desde, hasta = st.select_slider(
                "Periodo", todos, value=(todos[max(0, len(todos) - MESES_TENDENCIA)], todos[-1]),
                format_func=lambda m: kpi.nombre_mes_corto(kpi.leer_mes(m)), key="periodo", bind="query-params")
        else:
            desde = hasta = todos[0]
        actividades = st.multiselect(
            "Actividades", list(op["actividades"]), key="actividades", bind="query-params",
            format_func=lambda c: f"{c} – {op['actividades'][c]}", placeholder="Todas las de movimiento de poste")
        columnas = st.columns(2)
        zonas = columnas[0].multiselect("Zona", op["zonas"], key="zonas", bind="query-params", placeholder="Todas")
        # Una opción por unidad (su código, o su nombre normalizado): sin repetir ortografías de un mismo nombre.
        unidades = columnas[1].multiselect("Unidad operativa", list(op["unidades_por_clave"]), key="unidades",
                                           format_func=op["unidades_por_clave"].get, bind="query-params",
                                           placeholder="Todas")
    return kpi.meses_entre(kpi.leer_mes(desde), kpi.leer_mes(hasta)), actividades, zonas, unidades


def semaforo(fila, anterior) -> None:
    """La luz grande del mes: veredicto, porcentaje truncado, cambio y conteos."""
    estado = fila.estado
    cambio = None
    if estado != "SIN_TRAMITES" and anterior is not None and anterior.estado != "SIN_TRAMITES":
        cambio = texto_diferencia(int(fila.centesimas) - int(anterior.centesimas))
    if estado == "SIN_TRAMITES":
        nota = "No hay trámites de movimiento de poste registrados este mes: no hay KPI que calcular."
    else:
        signo = "≥" if estado == "APROBADO" else "<"
        nota = (f"APROBADO si atendidos × 100 ≥ {fila.umbral} × total: "
                f"{formato.texto_entero(fila.atendidos * 100)} {signo} "
                f"{formato.texto_entero(fila.umbral * fila.total)}. El porcentaje se trunca, nunca se redondea.")
    comun.veredicto(
        estado, titulo=f"KPI de {kpi.nombre_mes(fila.mes)}",
        porcentaje=formato.texto_porcentaje(None if estado == "SIN_TRAMITES" else int(fila.centesimas)),
        conteos={"Total trámites": fila.total, "Atendidos": fila.atendidos, "Registrados": fila.registrados,
                 "Anulados": fila.anulados},
        preliminar=fila.preliminar, nota=nota, cambio=cambio,
        comparado_con=f"vs. {kpi.nombre_mes(anterior.mes)}" if anterior is not None else None)


def grafico_tendencia(tabla: pd.DataFrame, mes) -> go.Figure:
    """KPI de los últimos meses con la línea de la meta; cada punto con el color de su veredicto.

    La figura se arma de una vez (sin add_hline/add_vline, que cuestan decenas de ms por corrida).
    """
    umbral = int(tabla.umbral.iloc[0])
    x = [kpi.nombre_mes_corto(m) for m in tabla.mes]
    centesimas = [None if pd.isna(c) else int(c) for c in tabla.centesimas]
    y = [None if c is None else c / 100 for c in centesimas]
    piso = min([umbral - 2, *(v for v in y if v is not None)]) - 1
    trazas = [{"type": "scatter", "x": x, "y": y, "mode": "lines", "line": {"color": "#bdc1c6"},
               "hoverinfo": "skip", "showlegend": False}]
    for estado, color in COLOR_GRAFICO.items():
        filas = [i for i, e in enumerate(tabla.estado) if e == estado]
        trazas.append({
            "type": "scatter", "mode": "markers", "name": kpi.ETIQUETA_ESTADO[estado],
            "x": [x[i] for i in filas],
            # Sin trámites no es 0 %: se marca abajo, hueco, sin valor.
            "y": [piso if estado == "SIN_TRAMITES" else y[i] for i in filas],
            "marker": {"color": color, "size": 11, "symbol": "circle-open" if estado == "SIN_TRAMITES" else "circle"},
            "customdata": [[formato.texto_porcentaje(centesimas[i]), int(tabla.atendidos.iloc[i]),
                            int(tabla.total.iloc[i])] for i in filas],
            "hovertemplate": "%{x}: %{customdata[0]} (%{customdata[1]} de %{customdata[2]})<extra></extra>"})
    lineas = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": umbral, "y1": umbral,
               "line": {"color": "#1e8e3e", "dash": "dash"}}]
    if mes in list(tabla.mes):
        elegido = x[list(tabla.mes).index(mes)]
        lineas.append({"type": "line", "yref": "paper", "x0": elegido, "x1": elegido, "y0": 0, "y1": 1,
                       "line": {"color": "#5f6368", "dash": "dot", "width": 1}})
    return go.Figure(data=trazas, layout={
        "separators": ",.", "height": 340, "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "legend": {"orientation": "h", "y": 1.12}, "shapes": lineas,
        "annotations": [{"xref": "paper", "x": 0, "y": umbral, "text": f"Meta {umbral} %", "showarrow": False,
                         "xanchor": "left", "yanchor": "bottom", "font": {"color": "#1e8e3e"}}],
        "yaxis": {"title": {"text": "KPI (%)"}, "range": [piso - 1, 100.5]}, "xaxis": {"type": "category"}})


def tabla_mensual(tabla: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Mes": [kpi.nombre_mes(m) for m in tabla.mes],
        "Total": [formato.texto_entero(v) for v in tabla.total],
        "Atendidos": [formato.texto_entero(v) for v in tabla.atendidos],
        "Registrados": [formato.texto_entero(v) for v in tabla.registrados],
        "Anulados": [formato.texto_entero(v) for v in tabla.anulados],
        "KPI": [formato.texto_porcentaje(None if pd.isna(c) else int(c)) for c in tabla.centesimas],
        "Resultado": [f"{comun.LUZ_VEREDICTO[e]} {kpi.ETIQUETA_ESTADO[e]}" for e in tabla.estado],
        "Preliminar": ["Sí" if p else "" for p in tabla.preliminar],
    }).iloc[::-1]  # el mes más reciente arriba


def causal_fallo(fila, actividades, zonas, unidades) -> None:
    """Junto al KPI: cuántas atendidas del mes se legalizaron con causal de fallo (sólo si hay alguna).
    El KPI no cambia (atendidos ÷ total, como dice el procedimiento); esto dice qué verificar."""
    if not fila.atendidos:
        return
    n = kpi.legalizadas_con_causal_fallo(comun.cursor(), fila.mes, actividades, zonas, unidades)
    if n == 0:
        return
    uno = n == 1
    texto = f"{formato.texto_entero(n)} legalizada{'' if uno else 's'} con causal de fallo"
    motivo = ("Smartflex la cerró sin el trabajo hecho; cuenta como atendida en el KPI." if uno else
              "Smartflex las cerró sin el trabajo hecho; cuentan como atendidas en el KPI.")
    if puede(comun.usuario(), "seguimiento"):  # un clic lleva a la bandeja, como los botones de abajo
        if st.button(texto, icon="⚠️", key="ir_causal_fallo",
                     help=f"{motivo} En Atendidos, las que falta verificar van primero."):
            st.switch_page("paginas/atendidos.py")
    else:
        st.warning(f"**{texto}**. {motivo}", icon="⚠️")


def ordenes_del_mes(fila, actividades, zonas, unidades) -> None:
    """Un clic lleva a las órdenes del mes: las bandejas de seguimiento o, si no, la lista de aquí."""
    st.subheader(f"Órdenes de {kpi.nombre_mes(fila.mes)}")
    if puede(comun.usuario(), "seguimiento"):
        conteo = {"REGISTRADO": fila.registrados, "ANULADO": fila.anulados, "ATENDIDO": fila.atendidos}
        botones = st.columns(len(BANDEJAS))
        for boton, (estado, pagina, titulo, icono) in zip(botones, BANDEJAS):
            if boton.button(f"{titulo} ({formato.texto_entero(conteo[estado])})", icon=icono,
                            key=f"ir_{estado}", width="stretch"):
                st.switch_page(pagina)
    limite = 50
    # La lista se consulta sólo con el desplegable abierto: la página se mantiene rápida.
    lista = st.expander(f"Lista de las órdenes del mes (hasta {limite}, pendientes primero)",
                        key="lista_ordenes", on_change="rerun")
    if not lista.open:
        return
    ordenes = kpi.ordenes_del_mes(comun.cursor(), fila.mes, actividades, zonas, unidades, limite=limite + 1)
    with lista:
        if ordenes.empty:
            st.caption("Ninguna orden de movimiento de poste en este mes.")
            return
        st.dataframe(pd.DataFrame({
            "OT": ordenes.ot.astype(str),
            "Estado": ordenes.estado,
            "Actividad": ordenes.actividad_codigo.astype(str),
            "Registro": [formato.texto_fecha_hora(v) for v in ordenes.fecha_registro],
            "Atención": [formato.texto_fecha_hora(v) for v in ordenes.fecha_atencion],
            "Anulación": [formato.texto_fecha_hora(v) for v in ordenes.fecha_anulacion],
            "Causal": ordenes.causal.fillna(""),
            "Unidad operativa": ordenes.unidad_operativa.fillna(""),
            "Zona": ordenes.zona.fillna(""),
        }).head(limite), hide_index=True)
        if len(ordenes) > limite:
            st.caption(f"Se muestran las primeras {limite}; la bandeja de cada estado tiene la lista completa.")


comun.aviso_demo()
con = comun.cursor()
st.title("Semáforo del KPI")
st.caption("Movimiento de poste (OPE-SUM-GES-P08): trámites ATENDIDOS ÷ total de trámites, "
           "por mes de registro y con el último estado de cada OT.")

op = kpi.opciones(con)
if op["primer_mes"] is None:
    st.info("Todavía no hay órdenes de movimiento de poste. Importe una exportación de Smartflex en «Importar».")
    st.stop()

meses, actividades, zonas, unidades = filtros(op)
# El mes elegido aquí o en otra página se conserva mientras esté dentro del periodo.
if st.session_state.get("mes") not in meses:
    preferido = st.session_state.get("mes_seleccionado")
    st.session_state["mes"] = preferido if preferido in meses else meses[-1]
mes = st.selectbox("Mes", meses[::-1], format_func=kpi.nombre_mes, key="mes")
# Las bandejas de seguimiento toman este mes como periodo por defecto.
st.session_state["mes_seleccionado"] = mes

# Un mes antes del periodo, para el cambio respecto del mes anterior al primero.
tabla = kpi.kpi_mensual(con, kpi.mes_anterior(meses[0]), meses[-1], actividades, zonas, unidades)
por_mes = {f.mes: f for f in tabla.itertuples(index=False)}
tabla = tabla.iloc[1:]

semaforo(por_mes[mes], por_mes.get(kpi.mes_anterior(mes)))
causal_fallo(por_mes[mes], actividades, zonas, unidades)
ordenes_del_mes(por_mes[mes], actividades, zonas, unidades)

st.subheader("Tendencia")
st.plotly_chart(grafico_tendencia(tabla.tail(MESES_TENDENCIA), mes), config={"displayModeBar": False})
st.subheader("Resumen mensual")
st.dataframe(tabla_mensual(tabla), hide_index=True)
