"""Atendidos: tiempo de atención (registro → atención) y verificación de cada orden atendida
(paso 13 del procedimiento)."""
from __future__ import annotations

import streamlit as st

from consultas import consultar
from datos import formato
from informes import graficos
from datos.dominio import ETIQUETA_RESULTADO
from paginas.bandejas import ficha, vista
from paginas.bandejas.modelo import COLUMNAS_ATENDIDOS

TODAS = "(todas)"


ctx = vista.encabezado(
    "Atendidos", "Verificar que cada orden fue atendida correctamente (paso 13 del procedimiento).", "atendidos",
    ahora=True)
con, periodo, personales, hoy = ctx.con, ctx.periodo, ctx.personales, ctx.hoy
base = {"desde": periodo.desde, "hasta": periodo.hasta, "personales": personales, **ctx.filtros.parametros()}


def tiempos(resumen) -> None:
    """El histograma del tiempo de atención del periodo."""
    histograma = consultar(con, "bandeja_atendidos_histograma", **base)
    if not histograma.empty:
        st.plotly_chart(graficos.histograma_atencion(histograma), config={"displayModeBar": False})
    if resumen.con_fecha_atencion < resumen.total:
        st.caption(f"{formato.texto_entero(resumen.total - resumen.con_fecha_atencion)} atendidas sin fecha de "
                   "atención en la exportación: no entran en los tiempos.")


resumen = consultar(con, "bandeja_atendidos_resumen", **base).iloc[0]
vista.fuera_del_filtro(ctx, int(resumen.total), "bandeja_atendidos_resumen", base,
                          lambda df: int(df.total.iloc[0]), "atendidas")
ots = []
if resumen.total == 0:
    st.info(f"No hay órdenes atendidas de movimiento de poste en {periodo.etiqueta}.")
else:
    cifras = st.columns(5)
    cifras[0].metric("Atendidas", formato.texto_entero(resumen.total))
    cifras[1].metric("Mediana de atención", formato.texto_dias(resumen.mediana_dias))
    cifras[2].metric("Percentil 90", formato.texto_dias(resumen.p90_dias),
                     help="El 90 % de las órdenes se atendió en este tiempo o menos.")
    cifras[3].metric("Sin verificar", formato.texto_entero(resumen.sin_verificar))
    cifras[4].metric("Con observación", formato.texto_entero(resumen.con_observacion))
    if resumen.causal_fallo:
        # Cuentan como atendidas en el KPI (el procedimiento no distingue), pero el trabajo puede no estar hecho.
        n, pendientes = int(resumen.causal_fallo), int(resumen.causal_fallo_sin_verificar)
        if n == 1:
            aviso = (f"**1 legalizada con causal de fallo** en {periodo.etiqueta}: "
                     "Smartflex la cerró sin el trabajo hecho")
        else:
            aviso = (f"**{formato.texto_entero(n)} legalizadas con causal de fallo** en {periodo.etiqueta}: "
                     "Smartflex las cerró sin el trabajo hecho")
        if pendientes:
            aviso += (f"; {formato.texto_entero(pendientes)} sin verificar, "
                      + ("primera en la lista." if pendientes == 1 else "primeras en la lista."))
        else:
            aviso += "; ya verificada." if n == 1 else "; ya verificadas."
        st.warning(aviso, icon="⚠️")

    # Lo de ahora primero, en la primera pantalla; los tiempos del periodo, sobre la lista entera o al pie de la página.
    ahora = vista.lo_de_ahora(ctx, "atendido_sin_verificar", "atendidos", int(resumen.total))
    filtros = {**base, "verificacion": None, **ahora.parametros}
    total = ahora.total
    if ahora.todo:
        tiempos(resumen)
        verificacion = st.selectbox("Verificación", [TODAS, *ETIQUETA_RESULTADO], key="atendidos_verificacion",
                                    format_func=lambda v: ETIQUETA_RESULTADO.get(v, v))
        filtros["verificacion"] = None if verificacion == TODAS else verificacion
        total = int(resumen.total if verificacion == TODAS else resumen[verificacion])
    if total == 0:
        st.caption("Ninguna orden cumple el filtro." if ahora.todo else "Ninguna atendida espera verificación ahora.")
    else:
        limite, desplazamiento = vista.paginacion(total, "atendidos")
        lista = consultar(con, "bandeja_atendidos", **filtros, limite=limite, desplazamiento=desplazamiento)
        vista.tabla(lista, COLUMNAS_ATENDIDOS, personales)
        ots = list(lista.ot)
        vista.descargas(con, f"atendidos_{hoy:%Y-%m-%d}", "Atendidos", "bandeja_atendidos", filtros,
                        COLUMNAS_ATENDIDOS, personales, "atendidos", total, ahora.contenido)

ficha.abrir_orden(con, ctx.usuario, ots, "atendidos", hoy)
if resumen.total and not ahora.todo:
    tiempos(resumen)
