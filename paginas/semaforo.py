"""Semáforo (inicio): el KPI del mes elegido, su tendencia y el camino a sus órdenes."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from datos import formato
from consultas import kpi
from datos.meses import leer_mes, mes_anterior, mes_como_texto, meses_entre, nombre_mes, nombre_mes_corto
from datos.dominio import ETIQUETA_VEREDICTO
from paginas import registro
from paginas.piezas import novedades
from paginas.bandejas import modelo, vista
from paginas.comun import avisos, estilo, ingreso, unidad

MESES_TENDENCIA = 24
BANDEJAS = {"REGISTRADO": "registrados", "ANULADO": "anulados", "ATENDIDO": "atendidos"}  # estado → página


def texto_diferencia(centesimas: int) -> str:
    """Diferencia en puntos porcentuales, truncada como el KPI: -5 → «-0,05 pp»."""
    return formato.texto_puntos(centesimas)


def filtros(op: dict) -> tuple[list, list, list, list]:
    """Periodo, actividades, zonas y unidades elegidos; sus valores viajan en la URL."""
    todos = [mes_como_texto(m) for m in meses_entre(op["primer_mes"], op["ultimo_mes"])]
    with st.expander("Filtros: periodo, actividades, zona, unidad operativa"):
        if len(todos) > 1:
            desde, hasta = st.select_slider(
                "Periodo", todos, value=(todos[max(0, len(todos) - MESES_TENDENCIA)], todos[-1]),
                format_func=lambda m: nombre_mes_corto(leer_mes(m)), key="periodo", bind="query-params")
        else:
            desde = hasta = todos[0]
        # select_all=False: sin «Select all» (en inglés, y elegir todas es lo mismo que no elegir ninguna).
        actividades = st.multiselect(
            "Actividades", list(op["actividades"]), key="actividades", bind="query-params", select_all=False,
            format_func=lambda c: f"{c} – {op['actividades'][c]}", placeholder="Todas las de movimiento de poste")
        columnas = st.columns(2)
        # Sólo las zonas que el periodo trae: una zona de otros meses dejaría fuera todas las órdenes.
        periodo = set(meses_entre(leer_mes(desde), leer_mes(hasta)))
        del_periodo = sorted({z for m, z in op["zonas_por_mes"] if m in periodo})
        if del_periodo:
            zonas = columnas[0].multiselect("Zona", del_periodo, key="zonas", bind="query-params",
                                            placeholder="Todas", select_all=False)
        else:
            st.session_state.pop("zonas", None)
            zonas = []
            columnas[0].multiselect("Zona", [], key="zonas_vacias", disabled=True,
                                    placeholder="Las exportaciones de este periodo no traen zona")
            columnas[0].caption("Las exportaciones de este periodo no traen zona.")
        # Una opción por unidad (su código, o su nombre normalizado): sin repetir ortografías de un mismo nombre.
        unidades = columnas[1].multiselect("Unidad operativa", list(op["unidades_por_clave"]), key="unidades",
                                           format_func=op["unidades_por_clave"].get, bind="query-params",
                                           placeholder="Todas", select_all=False)
    activos = texto_filtros(op, actividades, zonas, unidades)
    if activos:  # a la vista aunque el desplegable esté cerrado
        st.caption(f"🔎 Filtros activos: {formato.texto_llano(activos)}")
        st.caption("Los filtros eligen trámites por sus OT: cuenta el trámite con alguna OT que los pasa.")
    return meses_entre(leer_mes(desde), leer_mes(hasta)), actividades, zonas, unidades


def texto_filtros(op: dict, actividades, zonas, unidades) -> str:
    partes = []
    if actividades:
        partes.append("Actividades: " + ", ".join(str(a) for a in actividades))
    if zonas:
        partes.append("Zona: " + ", ".join(zonas))
    if unidades:
        partes.append("Unidad operativa: " + ", ".join(op["unidades_por_clave"].get(u, u) for u in unidades))
    return " · ".join(partes)


def fuera_del_filtro(fila, sin_filtros, filtros: str) -> int:
    """Cuántas órdenes del mes deja afuera el filtro; lo dice, para que «Sin trámites» no parezca un mes vacío."""
    fuera = int(sin_filtros.total) - int(fila.total)
    vista.aviso_fuera_del_filtro(fuera, int(sin_filtros.total), f"órdenes de {nombre_mes(fila.mes)}", filtros)
    return fuera


def semaforo(fila, anterior, fuera: int = 0) -> None:
    """La luz grande del mes: veredicto, porcentaje truncado, cambio y conteos."""
    estado = fila.estado
    cambio = None
    if estado != "SIN_TRAMITES" and anterior is not None and anterior.estado != "SIN_TRAMITES":
        cambio = texto_diferencia(int(fila.centesimas) - int(anterior.centesimas))
    if estado == "SIN_TRAMITES" and fuera:
        nota = "Ningún trámite del mes pasa los filtros: no hay KPI que calcular con ellos."
    elif estado == "SIN_TRAMITES":
        nota = "No hay trámites de movimiento de poste registrados este mes: no hay KPI que calcular."
    else:
        signo = "≥" if estado == "APROBADO" else "<"
        nota = (f"APROBADO si atendidos × 100 ≥ {fila.umbral} × total: "
                f"{formato.texto_entero(fila.atendidos * 100)} {signo} "
                f"{formato.texto_entero(fila.umbral * fila.total)}. El porcentaje se trunca, nunca se redondea.")
    estilo.veredicto(
        estado, titulo=f"KPI de {nombre_mes(fila.mes)}",
        porcentaje=formato.texto_porcentaje(None if estado == "SIN_TRAMITES" else int(fila.centesimas)),
        conteos={"Total trámites": fila.total, "Atendidos": fila.atendidos, "Registrados": fila.registrados,
                 "Anulados": fila.anulados},
        preliminar=fila.preliminar, nota=f"{formato.texto_detras(fila)}. {nota}", cambio=cambio,
        comparado_con=f"vs. {nombre_mes(anterior.mes)}" if anterior is not None else None)


def tabla_mensual(tabla: pd.DataFrame) -> pd.DataFrame:
    # El KPI y el veredicto junto al mes: en un teléfono (390 px) se ven sin desplazar la tabla.
    return pd.DataFrame({
        "Mes": [nombre_mes(m) for m in tabla.mes],
        "KPI": [formato.texto_porcentaje(None if pd.isna(c) else int(c)) for c in tabla.centesimas],
        "Resultado": [f"{estilo.LUZ_VEREDICTO[e]} {ETIQUETA_VEREDICTO[e]}" for e in tabla.estado],
        "Total": [formato.texto_entero(v) for v in tabla.total],
        "OT": [formato.texto_entero(v) for v in tabla.ot_total],  # las OT detrás de esos trámites
        "Atendidos": [formato.texto_entero(v) for v in tabla.atendidos],
        "Registrados": [formato.texto_entero(v) for v in tabla.registrados],
        "Anulados": [formato.texto_entero(v) for v in tabla.anulados],
        "Preliminar": ["Sí" if p else "" for p in tabla.preliminar],
    }).iloc[::-1]  # el mes más reciente arriba


def abrir_bandeja(clave: str, llevados: modelo.Filtros) -> None:
    """Abre una bandeja con los filtros de aquí: cuenta lo mismo que el botón que la abrió."""
    vista.llevar_filtros(clave, llevados)
    registro.ir_a(clave)


def causal_fallo(fila, actividades, zonas, unidades, llevados: modelo.Filtros) -> None:
    """Junto al KPI: cuántas atendidas del mes se legalizaron con causal de fallo (sólo si hay alguna).
    El KPI no cambia (atendidos ÷ total, como dice el procedimiento); esto dice qué verificar."""
    if not fila.atendidos:
        return
    n = kpi.legalizadas_con_causal_fallo(unidad.cursor(), fila.mes, actividades, zonas, unidades)
    if n == 0:
        return
    uno = n == 1
    texto = f"{formato.texto_entero(n)} legalizada{'' if uno else 's'} con causal de fallo"
    motivo = ("Smartflex la cerró sin el trabajo hecho; cuenta como atendida en el KPI." if uno else
              "Smartflex las cerró sin el trabajo hecho; cuentan como atendidas en el KPI.")
    if registro.puede_abrir(ingreso.usuario(), "atendidos"):  # un clic lleva a la bandeja, como los de abajo
        if st.button(texto, icon="⚠️", key="ir_causal_fallo",
                     help=f"{motivo} En Atendidos, las que falta verificar van primero."):
            abrir_bandeja("atendidos", llevados)
    else:
        st.warning(f"**{texto}**. {motivo}", icon="⚠️")


def ordenes_del_mes(fila, actividades, zonas, unidades, llevados: modelo.Filtros) -> None:
    """Un clic lleva a las órdenes del mes: las bandejas de seguimiento o, si no, la lista de aquí."""
    st.subheader(f"Órdenes de {nombre_mes(fila.mes)}")
    if registro.puede_abrir(ingreso.usuario(), "anulados"):
        conteo = {"REGISTRADO": fila.registrados, "ANULADO": fila.anulados, "ATENDIDO": fila.atendidos}
        botones = st.columns(len(BANDEJAS))
        for boton, (estado, clave) in zip(botones, BANDEJAS.items()):
            titulo, icono = registro.POR_CLAVE[clave].titulo, registro.POR_CLAVE[clave].icono
            if boton.button(f"{titulo} ({formato.texto_entero(conteo[estado])})", icon=icono,
                            key=f"ir_{estado}", width="stretch"):
                abrir_bandeja(clave, llevados)
    limite = 50
    # La lista se consulta sólo con el desplegable abierto: la página se mantiene rápida.
    lista = st.expander(f"Lista de las órdenes del mes (hasta {limite}, pendientes primero)",
                        key="lista_ordenes", on_change="rerun")
    if not lista.open:
        return
    ordenes = kpi.ordenes_del_mes(unidad.cursor(), fila.mes, actividades, zonas, unidades, limite=limite + 1)
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


avisos.aviso_demo()
con = unidad.cursor()
st.title("Semáforo del KPI")
st.caption("Movimiento de poste (OPE-SUM-GES-P08): trámites ATENDIDOS ÷ total de trámites, por el mes de registro de "
           "su primera OT. Un trámite es una solicitud: ATENDIDO si alguna de sus OT lo está (una OT anulada y "
           "emitida de nuevo no lo castiga); la columna OT dice cuántas OT hay detrás.")

op = kpi.opciones(con)
if op["primer_mes"] is None:
    st.info("Todavía no hay órdenes de movimiento de poste. Importe una exportación de Smartflex en «Importar».")
    st.stop()

vista.olvidar_filtros()  # los de un botón anterior: desde aquí las bandejas muestran todo hasta el próximo
meses, actividades, zonas, unidades = filtros(op)
texto = texto_filtros(op, actividades, zonas, unidades)
llevados = modelo.Filtros(tuple(actividades), tuple(zonas), tuple(unidades), texto)
# El mes elegido aquí o en otra página se conserva mientras esté dentro del periodo.
if st.session_state.get("mes") not in meses:
    preferido = st.session_state.get("mes_seleccionado")
    st.session_state["mes"] = preferido if preferido in meses else meses[-1]
mes = st.selectbox("Mes", meses[::-1], format_func=nombre_mes, key="mes")
# Las bandejas de seguimiento toman este mes como periodo por defecto.
st.session_state["mes_seleccionado"] = mes

# Un mes antes del periodo, para el cambio respecto del mes anterior al primero.
tabla = kpi.kpi_mensual(con, mes_anterior(meses[0]), meses[-1], actividades, zonas, unidades)
por_mes = {f.mes: f for f in tabla.itertuples(index=False)}
tabla = tabla.iloc[1:]

fuera = 0
if texto:
    (sin_filtros,) = kpi.kpi_mensual(con, mes, mes).itertuples(index=False)
    fuera = fuera_del_filtro(por_mes[mes], sin_filtros, texto)
semaforo(por_mes[mes], por_mes.get(mes_anterior(mes)), fuera)
novedades.para_aprobado(por_mes[mes])
causal_fallo(por_mes[mes], actividades, zonas, unidades, llevados)
ordenes_del_mes(por_mes[mes], actividades, zonas, unidades, llevados)
novedades.desde_la_ultima_importacion()

st.subheader("Tendencia")
novedades.tendencia_con_notas(tabla.tail(MESES_TENDENCIA), mes)
st.subheader("Resumen mensual")
st.dataframe(tabla_mensual(tabla), hide_index=True)
