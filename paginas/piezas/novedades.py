"""En el Semáforo (issue 25): lo que falta para APROBADO junto al veredicto, lo que trajo la última importación (o
una elegida del historial) y las notas sobre la tendencia, dibujadas en el gráfico y listadas debajo."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from consultas import cambios, consultar
from consultas.para_aprobado import de_fila
from datos import anotaciones, formato, reloj
from datos.meses import nombre_mes, ultimo_dia
from datos.permisos import puede
from informes import anotaciones as dibujo
from informes import graficos, novedades
from paginas.comun import avisos, ingreso, unidad

FILAS_A_LA_VISTA = 200


def para_aprobado(fila) -> None:
    """Junto al veredicto de un mes abierto (el en curso, o uno con pendientes): cuántos pendientes faltan atender."""
    hoy = reloj.hoy()
    en_curso = fila.mes == hoy.replace(day=1)
    meta = de_fila(fila)
    if meta is None or not (fila.preliminar or en_curso):
        return
    texto = f"**Para APROBADO** — {meta.texto()}"
    if meta.aprobado:
        st.success(texto, icon="🎯")
    elif meta.alcanza:
        st.info(texto, icon="🎯")
    else:
        st.warning(texto, icon="🎯")
    if en_curso:
        st.caption("Con los trámites registrados hasta hoy: uno nuevo del mes suma al total.")


def desde_la_ultima_importacion() -> None:
    """Qué cambió con la última importación de órdenes, o con otra elegida del historial; cada línea abre sus OT."""
    con = unidad.cursor()
    historial = cambios.importaciones_de_ordenes(con)
    if historial.empty:
        return
    st.subheader("Desde la última importación")
    por_id = {int(f.id): f for f in historial.itertuples(index=False)}
    ultima = next(iter(por_id))
    elegida = st.selectbox(
        "Importación", list(por_id), key="importacion_elegida",
        format_func=lambda i: ("Última: " if i == ultima else "") + f"{formato.texto_fecha_hora(por_id[i].fecha)} · "
                              f"{por_id[i].archivo} ({por_id[i].importado_por})")
    c = cambios.cambios(con, elegida)
    st.caption(formato.texto_llano(f"Lo que trajo {novedades.texto_importacion(c)}, frente a lo que había antes."))
    if c.efecto:
        st.markdown("**Efecto en el KPI** (todas las órdenes, sin los filtros)\n"
                    + "\n".join(f"- {novedades.texto_efecto(e)}" for e in c.efecto))
    lineas = novedades.lineas(c)
    if not lineas:
        st.caption("Ningún cambio en las órdenes de movimiento de poste.")
    for linea in lineas:
        with st.expander(formato.texto_llano(linea.texto), icon=novedades.ICONOS[linea.clave],
                         key=f"cambio_{linea.clave}"):
            st.dataframe(novedades.tabla_ordenes(linea.ordenes.head(FILAS_A_LA_VISTA)), hide_index=True)
            if c.cuantas(linea.clave) > FILAS_A_LA_VISTA:
                st.caption(f"Se muestran las primeras {FILAS_A_LA_VISTA}.")


def tendencia_con_notas(tabla: pd.DataFrame, mes: dt.date) -> None:
    """El gráfico de la tendencia con las notas de su periodo, la lista numerada debajo y, para quien puede, los
    formularios para agregar, corregir o retirar una nota."""
    con = unidad.cursor()
    meses = list(tabla.mes)
    notas = dibujo.numeradas(consultar(con, "anotaciones", desde=meses[0], hasta=ultimo_dia(meses[-1])))
    figura = graficos.tendencia_figura(tabla, mes)
    dibujo.en_figura(figura, meses, notas)
    st.plotly_chart(figura, config={"displayModeBar": False})
    if not notas.empty:
        st.markdown("**Notas sobre la tendencia**\n" + "\n".join(
            f"- {formato.texto_llano(dibujo.texto_nota(n))}" for n in notas.itertuples(index=False)))
    usuario = ingreso.usuario()
    if puede(usuario, "anotar"):
        avisos.mostrar_aviso()
        _agregar_nota(con, usuario, mes)
        _cambiar_nota(con, usuario, notas)


def _agregar_nota(con, usuario, mes: dt.date) -> None:
    # El formulario se dibuja sólo con el desplegable abierto: la página se mantiene liviana.
    abierto = st.expander("Agregar una nota a la tendencia", icon="📝", key="nota_abierta", on_change="rerun")
    if not abierto.open:
        return
    with abierto:
        with st.form("nota"):
            st.caption("Una nota corta que explique el mes o unos días: «Paro de Gestión de Redes», «Lluvias: acceso "
                       "cerrado en Sacaba». Queda con su nombre y la hora; se ve en el gráfico y en el informe.")
            cuando = st.radio("La nota es de", ["mes", "fechas"], horizontal=True, key="nota_cuando",
                              format_func={"mes": f"todo {nombre_mes(mes)}", "fechas": "unas fechas"}.get)
            izquierda, derecha = st.columns(2)
            hoy = reloj.hoy()
            desde = izquierda.date_input("Desde", value=hoy, format="DD/MM/YYYY", key="nota_desde")
            hasta = derecha.date_input("Hasta", value=hoy, format="DD/MM/YYYY", key="nota_hasta")
            texto = st.text_input("Nota", max_chars=anotaciones.LARGO_MAXIMO, key="nota_texto",
                                  placeholder="Paro de Gestión de Redes")
            if st.form_submit_button("Guardar nota"):
                if cuando == "mes":
                    desde, hasta = mes, ultimo_dia(mes)
                avisos.hacer(lambda: anotaciones.agregar(con, usuario, desde, hasta, texto),
                            f"Nota guardada: {dibujo.periodo(desde, hasta)} — "
                            f"{formato.texto_llano(' '.join(texto.split()))}",
                            limpiar="nota_")


def _cambiar_nota(con, usuario, notas: pd.DataFrame) -> None:
    """Corregir (otra versión con el texto nuevo y las mismas fechas) o retirar una nota; la anterior queda."""
    if notas.empty:
        return
    por_id = {int(n.id): n for n in notas.itertuples(index=False)}
    abierto = st.expander("Corregir o retirar una nota", icon="✏️", key="nota_cambio_abierta", on_change="rerun")
    if not abierto.open:
        return
    with abierto:
        with st.form("nota_cambio"):
            elegida = st.selectbox("Nota", list(por_id), key="nota_cambio_id",
                                   format_func=lambda i: dibujo.etiqueta(por_id[i]))
            accion = st.radio("Qué hacer", ["corregir", "retirar"], horizontal=True, key="nota_cambio_accion",
                              format_func={"corregir": "Corregir el texto", "retirar": "Retirarla"}.get)
            texto = st.text_input("Texto corregido", max_chars=anotaciones.LARGO_MAXIMO, key="nota_cambio_texto")
            st.caption("La versión anterior queda guardada (y en la auditoría). Para cambiar las fechas, retírela y "
                       "agregue otra.")
            if st.form_submit_button("Guardar el cambio"):
                nota = por_id[elegida]
                if accion == "corregir":
                    avisos.hacer(lambda: anotaciones.corregir(con, usuario, elegida, pd.Timestamp(nota.desde).date(),
                                                             pd.Timestamp(nota.hasta).date(), texto),
                                "Nota corregida.", limpiar="nota_cambio_")
                else:
                    avisos.hacer(lambda: anotaciones.retirar(con, usuario, elegida), "Nota retirada.",
                                limpiar="nota_cambio_")
