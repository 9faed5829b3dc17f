"""La ficha de una orden, al pie de cada bandeja: sus datos, sus estados importación por importación, todos sus
registros de seguimiento y los formularios para agregar o corregir.

Los textos de seguimiento los escriben usuarios: se muestran en tablas o con st.text, nunca como HTML ni como Markdown.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from consultas import consultar
from datos import dominio, formato, seguimiento
from datos.dominio import ETIQUETA_TIPO, PERSONALES
from datos.permisos import puede
from paginas import registro
from paginas.bandejas.modelo import CAMPOS_ORDEN, COLUMNAS_ESTADOS, COLUMNAS_REGISTROS, Columna
from paginas.bandejas.vista import elegir_orden, tabla
from paginas.comun import avisos


def _texto_valor(valor) -> str:
    if valor is None or (not isinstance(valor, str) and pd.isna(valor)):
        return ""
    if isinstance(valor, (pd.Timestamp, dt.datetime)):
        return formato.texto_fecha_hora(valor)
    return str(valor)


def ficha_orden(con, usuario, ot: int, hoy: dt.date, bandeja: str = "seguimiento") -> None:
    """Todo lo de una orden: sus datos, las otras OT de su trámite, sus estados importación por importación, todos
    sus registros de seguimiento (también las versiones corregidas) y el formulario para agregar o corregir.
    `bandeja`: la página que la muestra (ahí se abren las OT que no son de poste)."""
    personales = puede(usuario, "ver_personales")
    detalle = consultar(con, "orden_detalle", ot=ot, personales=personales)
    if detalle.empty:
        st.warning(f"La OT {ot} no está en la base.")
        return
    orden = detalle.iloc[0]
    st.subheader(f"OT {ot} · {orden.estado}")
    if orden.causal_fallo:
        st.warning("Legalizada con causal de fallo: Smartflex la cerró sin el trabajo hecho. Cuenta como "
                   "atendida en el KPI; verifique con Gestión de Redes si se atendió.", icon="⚠️")
    if isinstance(orden.reemplazo, str):
        st.info(f"OT {orden.reemplazo}: su trámite ya está atendido, no pide "
                f"{'medida correctiva' if orden.estado == 'ANULADO' else 'coordinación'}.", icon="🔁")
    campos = [(titulo, _texto_valor(orden[c])) for c, titulo in CAMPOS_ORDEN
              if personales or c not in PERSONALES]
    st.dataframe(pd.DataFrame([(t, v) for t, v in campos if v], columns=["Dato", "Valor"]), hide_index=True,
                 placeholder="")
    otras_del_tramite(con, usuario, ot, bandeja)
    _seccion("**Estados por importación**", consultar(con, "orden_estados", ot=ot), COLUMNAS_ESTADOS,
             "Sin historial de importaciones para esta orden.")
    registros = consultar(con, "orden_seguimientos", ot=ot)
    _seccion("**Seguimiento** (todas las versiones; una corrección no borra la anterior)", registros,
             COLUMNAS_REGISTROS, "Todavía nadie registró seguimiento en esta orden.")
    textos_completos(registros)
    if not puede(usuario, "seguimiento"):
        st.caption("Su rol puede consultar el seguimiento, no registrarlo.")
        return
    formulario_nuevo(con, usuario, ot, orden.estado, hoy)
    vigentes = registros[registros.vigente] if not registros.empty else registros
    if not vigentes.empty:
        formulario_correccion(con, usuario, ot, vigentes, hoy)


def textos_completos(registros: pd.DataFrame) -> None:
    """Lo escrito en cada registro vigente, entero (en las grillas el texto se corta). Con st.text: lo escriben
    usuarios, nunca se muestra como Markdown."""
    if registros.empty:
        return
    con_texto = registros[registros.vigente & registros.texto.fillna("").str.strip().ne("")]
    for f in con_texto.iloc[::-1].itertuples(index=False):  # el más reciente primero
        with st.container(border=True):
            st.text(f"N° {f.id} · {ETIQUETA_TIPO.get(f.tipo, f.tipo)} · {formato.texto_fecha_hora(f.creado_en)} · "
                    f"{f.autor_nombre}{' (en suplencia)' if f.suplente else ''}")
            st.text(f.texto)


def _seccion(titulo: str, df: pd.DataFrame, columnas: dict[str, Columna], vacio: str) -> None:
    st.markdown(titulo)
    if df.empty:
        st.caption(vacio)
    else:
        tabla(df, columnas, False)


# La bandeja donde se abre una OT del trámite, por su estado (las que no son de poste, en la misma página).
BANDEJA_POR_ESTADO = {"ANULADO": "anulados", "REGISTRADO": "registrados", "ATENDIDO": "atendidos"}


def otras_del_tramite(con, usuario, ot: int, bandeja: str) -> None:
    """Las otras OT del trámite (la misma solicitud), cada una un enlace que la abre en su bandeja (?ot=N); sin
    enlace si el rol no abre esa bandeja (el administrador, desde Conciliación): un enlace llevaría a «Página no
    disponible»."""
    otras = consultar(con, "orden_tramite", ot=ot)
    if otras.empty:
        return
    st.markdown("**Otras OT del mismo trámite**")
    for f in otras.itertuples(index=False):
        fechas = [f"registro {formato.texto_fecha(f.fecha_registro)}"]
        fechas += [f"{que} {formato.texto_fecha(v)}" for que, v in (("atención", f.fecha_atencion),
                                                                   ("anulación", f.fecha_anulacion)) if pd.notna(v)]
        que = f"OT {f.ot} · {f.estado} · {', '.join(fechas)}"
        que += "" if f.poste else " · no es de movimiento de poste (no cuenta en el trámite)"
        if isinstance(f.reemplazo, str):
            que += f" · {f.reemplazo}"
        destino = BANDEJA_POR_ESTADO.get(f.estado, bandeja) if f.poste else bandeja
        if registro.puede_abrir(usuario, destino):
            st.page_link(registro.POR_CLAVE[destino].archivo, label=que, icon="🔗", query_params={"ot": str(f.ot)})
        else:
            st.markdown(f"- {formato.texto_llano(que)}")


def nota_reemplazadas(cuantas: int, mostradas: bool, que: str, por_que: str) -> None:
    """Bajo las cifras de Anulados y Registrados: cuántas OT reemplazadas (su trámite lo atendió otra OT) quedan
    fuera, o que están en la lista con su marca."""
    if not cuantas:
        return
    n = formato.texto_entero(cuantas)
    if mostradas:
        st.caption(f"🔁 Incluye {n} {que} reemplazada(s) por otra OT del trámite ya atendida (marcadas en la lista).")
    else:
        st.caption(f"🔁 {n} {que} reemplazada(s) por otra OT del trámite ya atendida no se cuentan: {por_que}. "
                   "Márquelas con «Mostrar las reemplazadas».")


def abrir_orden(con, usuario, ots, clave: str, hoy: dt.date) -> None:
    """Al pie de cada bandeja: elegir una OT y ver su ficha. Un enlace de otra ficha llega con ?ot=N: esa OT
    queda abierta (y el parámetro se quita, para que elegir otra no vuelva a ella)."""
    st.divider()
    pedida = st.query_params.get("ot")
    if pedida is not None:
        del st.query_params["ot"]
        if pedida.strip().isdigit():
            st.session_state[f"{clave}_orden"] = int(pedida)
    ot = elegir_orden(ots, clave)
    if ot is not None:
        ficha_orden(con, usuario, ot, hoy, clave)


def _campos(tipo: str, clave: str, hoy: dt.date, previo=None) -> dict:
    """Los campos del formulario según el tipo de registro; con `previo`, precargados para corregir."""
    texto_previo = "" if previo is None else (previo.texto or "")
    if tipo == "medida_correctiva":
        return {"texto": st.text_area("Medida correctiva", value=texto_previo, key=f"{clave}_texto",
                                      max_chars=seguimiento.LARGO_MAXIMO)}
    if tipo == "coordinacion":
        uno, dos = st.columns(2)
        fecha_contacto = uno.date_input(
            "Fecha de contacto con Gestión de Redes", format="DD/MM/YYYY", max_value=hoy, key=f"{clave}_contacto_el",
            value=hoy if previo is None or pd.isna(previo.fecha_contacto) else pd.Timestamp(previo.fecha_contacto).date())
        fecha_acordada = dos.date_input(
            "Fecha acordada de atención", format="DD/MM/YYYY", key=f"{clave}_acordada",
            value=None if previo is None or pd.isna(previo.fecha_acordada) else pd.Timestamp(previo.fecha_acordada).date())
        contacto = st.text_input("Contacto (con quién se habló)", key=f"{clave}_contacto",
                                 value="" if previo is None else (previo.contacto or ""))
        texto = st.text_area("Qué se coordinó", value=texto_previo, key=f"{clave}_texto",
                             max_chars=seguimiento.LARGO_MAXIMO)
        return {"texto": texto, "fecha_contacto": fecha_contacto, "contacto": contacto,
                "fecha_acordada": fecha_acordada}
    opciones = list(dominio.RESULTADOS)
    resultado = st.radio("Resultado de la verificación", opciones, format_func=dominio.RESULTADOS.get,
                         horizontal=True, key=f"{clave}_resultado",
                         index=opciones.index(previo.resultado) if previo is not None and previo.resultado in opciones
                         else None)  # nuevo: sin elegir, así un clic sobre el formulario vacío no guarda «conforme»
    texto = st.text_area("Observación (obligatoria si hay observación)", value=texto_previo, key=f"{clave}_texto",
                         max_chars=seguimiento.LARGO_MAXIMO)
    return {"texto": texto, "resultado": resultado}


def _nota_suplencia(con, usuario, hoy: dt.date) -> None:
    if seguimiento.es_suplente(con, usuario, hoy):
        st.caption("La Resp. de Atención está ausente: este registro quedará marcado como hecho en suplencia.")


def formulario_nuevo(con, usuario, ot: int, estado: str, hoy: dt.date) -> None:
    tipo = dominio.TIPO_POR_ESTADO[estado]
    clave = avisos.formulario(f"nuevo_{ot}")
    with st.form(clave):
        st.markdown(f"**Agregar {dominio.NOMBRE_TIPO[tipo]}**")
        _nota_suplencia(con, usuario, hoy)
        valores = _campos(tipo, clave, hoy)
        if st.form_submit_button("Guardar registro", type="primary"):
            avisos.hacer(lambda: seguimiento.agregar(con, usuario, ot, tipo, hoy=hoy, **valores),
                         _guardado(tipo, ot, valores), envio=f"nuevo_{ot}")


def _guardado(tipo: str, ot: int, valores: dict) -> str:
    """La confirmación dice qué se guardó (sin repetir lo escrito: el aviso se muestra como Markdown)."""
    que = f"Registro de {dominio.NOMBRE_TIPO[tipo]} guardado en la OT {ot}"
    if tipo == "verificacion":
        que += f" ({dominio.RESULTADOS.get(valores['resultado'], '').lower()})"
    elif tipo == "coordinacion" and valores.get("fecha_acordada"):
        que += f", con atención acordada para el {formato.texto_fecha(valores['fecha_acordada'])}"
    return que + ". El formulario quedó vacío para el próximo."


def formulario_correccion(con, usuario, ot: int, vigentes: pd.DataFrame, hoy: dt.date) -> None:
    with st.expander("Corregir un registro (se guarda como nueva versión; la anterior se conserva)"):
        ids = [int(i) for i in vigentes.id]
        por_id = {int(f.id): f for f in vigentes.itertuples(index=False)}
        elegido = st.selectbox(
            "Registro a corregir", ids, key=f"corregir_{ot}_id",
            format_func=lambda i: f"N° {i} · {ETIQUETA_TIPO[por_id[i].tipo]} · "
                                  f"{formato.texto_fecha_hora(por_id[i].creado_en)} · {por_id[i].autor_nombre}")
        previo = por_id[elegido]
        clave = avisos.formulario(f"corregir_{ot}_{elegido}")
        with st.form(clave):
            valores = _campos(previo.tipo, clave, hoy, previo)
            if st.form_submit_button("Guardar corrección"):
                avisos.hacer(lambda: seguimiento.corregir(con, usuario, elegido, hoy=hoy, **valores),
                             f"Corrección guardada en la OT {ot}: el registro N° {elegido} queda como versión "
                             "anterior.", envio=f"corregir_{ot}_{elegido}")
