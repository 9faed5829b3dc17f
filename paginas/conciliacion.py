"""Conciliación CxC (paso 15 del procedimiento): cada trámite de movimiento de poste del mes frente a sus facturas
(DISENO §8). La Encargada de Facturación explica las excepciones y firma «Elaborado por»; la jefatura firma
«Revisado por»; el administrador fija la tarifa y las equivalencias. Los textos de las explicaciones los escriben
usuarios: se muestran en tablas, nunca como Markdown ni HTML."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from consultas import consultar
from datos import formato
from datos.meses import nombre_mes
from datos import administracion, facturacion, reloj
from datos.facturacion import CATEGORIAS, EXCEPCIONES
from datos.permisos import ROLES, puede
from informes import conciliacion as informe
from paginas import registro
from paginas.bandejas import ficha
from paginas.bandejas.modelo import nombres_de_usuarios
from paginas.comun import avisos, ingreso, unidad

registro.exigir("conciliacion")
avisos.aviso_demo()
con, usuario, hoy = unidad.cursor(), ingreso.usuario(), reloj.hoy()
st.title("Conciliación CxC")
st.caption("Cada trámite de movimiento de poste cuya OT se registró en el mes, frente a sus facturas CxC (la tarifa se "
           "paga antes de que exista la OT). Factura válida = no anulada y neta de notas de crédito. Cada trámite cae "
           "en una sola categoría, en el orden de las métricas.")
avisos.mostrar_aviso()


def _administrar() -> None:
    """Tarifa, estados de factura y conceptos de poste: sólo el administrador (queda en la auditoría)."""
    with st.expander("Tarifa, estados de factura y conceptos (administrador)"):
        tarifas = consultar(con, "conciliacion_tarifas")
        st.markdown("**Tarifa de la CxC** (rige la del día de la factura)")
        st.dataframe(pd.DataFrame({"Desde": tarifas.desde.map(formato.texto_fecha),
                                   "Importe": tarifas.importe.map(formato.texto_bs)}), hide_index=True)
        clave = avisos.formulario("tarifa")
        with st.form(clave):
            uno, dos = st.columns(2)
            desde = uno.date_input("Desde", value=None, format="DD/MM/YYYY", key=f"{clave}_desde")
            importe = dos.text_input("Importe (Bs.)", key=f"{clave}_importe", placeholder="1.000,00")
            if st.form_submit_button("Guardar tarifa"):
                avisos.hacer(lambda: facturacion.cambiar_tarifa(con, usuario, desde, importe),
                             "Tarifa guardada.", envio="tarifa")
        st.markdown("**Estados de factura** (el valor de la exportación → VIGENTE o ANULADA)")
        st.dataframe(consultar(con, "conciliacion_estados_factura").rename(
            columns={"valor": "Valor (clave)", "estado": "Estado"}), hide_index=True)
        clave = avisos.formulario("estado_factura")
        with st.form(clave):
            uno, dos = st.columns(2)
            valor = uno.text_input("Valor tal como viene", key=f"{clave}_valor")
            estado = dos.radio("Estado", ["VIGENTE", "ANULADA"], horizontal=True, key=f"{clave}_estado")
            if st.form_submit_button("Guardar equivalencia"):
                avisos.hacer(lambda: facturacion.guardar_estado_factura(con, usuario, valor, estado),
                             "Equivalencia guardada.", envio="estado_factura")
        st.markdown("**Conceptos de movimiento de poste** (un cargo de otro concepto no se concilia)")
        st.dataframe(consultar(con, "conciliacion_conceptos").rename(
            columns={"clave": "Clave", "descripcion": "Descripción"}), hide_index=True)
        clave = avisos.formulario("concepto")
        with st.form(clave):
            concepto = st.text_input("Concepto (código o descripción)", key=f"{clave}_texto")
            if st.form_submit_button("Agregar concepto"):
                avisos.hacer(lambda: facturacion.guardar_concepto(con, usuario, concepto), "Concepto agregado.",
                             envio="concepto")


if puede(usuario, "administrar"):
    _administrar()

meses = [m.date() if hasattr(m, "date") else m for m in consultar(con, "conciliacion_meses").mes]
if not meses:
    st.info("Todavía no hay órdenes de movimiento de poste ni facturas. Importe las exportaciones en «Importar».")
    st.stop()
mes = st.selectbox("Mes (de registro de la OT; de emisión, para las facturas sin trámite)", meses,
                   format_func=nombre_mes, key="conciliacion_mes")
personales = puede(usuario, "ver_personales")
lista = consultar(con, "conciliacion", mes=mes, personales=personales)
resumen = informe.resumen(con, mes, lista)

# — tarifa y firmas —
tarifa = formato.texto_bs(resumen.tarifa) if resumen.tarifa is not None else "—"
cambios = "".join(f"; desde el {formato.texto_fecha(d)}, {formato.texto_bs(i)}" for d, i in resumen.cambios_tarifa)
st.caption(f"Tarifa de {nombre_mes(mes)}: {tarifa}{cambios}.")


def _firma(titulo: str, firma) -> str:
    if firma is None:
        return f"{titulo}: sin firmar"
    return f"{titulo}: {firma[4]} ({ROLES.get(firma[5], firma[5])}), {formato.texto_fecha_hora(firma[6])}"


st.markdown(f"**{_firma('Elaborado por', resumen.elaborado)}** · **{_firma('Revisado por', resumen.revisado)}**")
nada_cambio = False  # firmado y nada cambió desde entonces: otra firma se rechaza, sin pedir confirmación
if resumen.firmado:
    cambios = consultar(con, "conciliacion_cambios", mes=mes)
    nada_cambio = cambios.empty
    if cambios.empty:
        st.success("Nada cambió desde la firma «Elaborado por»: el resultado guardado es el de hoy.", icon="🔏")
    else:
        st.warning(f"Desde la firma del {formato.texto_fecha_hora(resumen.elaborado[6])} cambiaron "
                   f"{formato.texto_entero(len(cambios))} trámite(s) por importaciones posteriores. La firma guarda el "
                   "resultado de ese momento; abajo se ve el de hoy.", icon="🔄")

        def rotulo(c):
            return CATEGORIAS[c][0] if isinstance(c, str) else "(no estaba / ya no está)"

        def legibles(huella):
            """«41111 VIGENTE 1000.00; …» (la huella guardada) → «N° 41111 VIGENTE Bs. 1.000,00», una por línea."""
            if not isinstance(huella, str) or not huella:
                return ""
            lineas = []
            for factura in huella.split("; "):
                texto, importe = factura.rsplit(" ", 1)
                lineas.append(f"N° {texto} {'crédito ' if importe.startswith('-') else ''}"
                              f"{formato.texto_bs(abs(float(importe)))}")
            return "\n".join(lineas)
        st.dataframe(pd.DataFrame({
            "Trámite": cambios.solicitud.fillna(cambios.clave), "OT": cambios.ot.astype("Int64").astype(str).replace(
                "<NA>", ""),
            "Al firmar": cambios.categoria_firmada.map(rotulo), "Hoy": cambios.categoria_actual.map(rotulo),
            "Importe al firmar": cambios.importe_firmado.map(lambda v: "" if pd.isna(v) else formato.texto_bs(v)),
            "Importe hoy": cambios.importe_actual.map(lambda v: "" if pd.isna(v) else formato.texto_bs(v)),
            "Facturas al firmar": cambios.facturas_firmadas.map(legibles),
            "Facturas hoy": cambios.facturas_actuales.map(legibles),
        }), hide_index=True, key="conciliacion_cambios")

# — una métrica por categoría, con el importe en juego —
filas_metricas = (list(CATEGORIAS)[:4], list(CATEGORIAS)[4:])
for categorias in filas_metricas:
    for columna, c in zip(st.columns(4), categorias):
        rotulo, que_es, en_juego = CATEGORIAS[c]
        columna.metric(rotulo, formato.texto_entero(resumen.conteos[c]), delta=formato.texto_bs(resumen.importes[c]),
                       delta_color="off", delta_arrow="off", delta_description=en_juego, help=que_es, border=True,
                       height="stretch")  # un rótulo en dos líneas no deja la fila con recuadros de alturas distintas
st.metric("Explicadas", f"{resumen.explicadas} de {resumen.excepciones}",
          help="Excepciones (todo lo que no está conciliado) marcadas como explicadas, con su texto.")

# — las listas —


def _vista(filas: pd.DataFrame) -> pd.DataFrame:
    nombres = nombres_de_usuarios(con)  # «Explicada por Fabiola Facturación», no por su usuario
    vista = pd.DataFrame({
        "Solicitud": filas.solicitud.fillna(""),
        "OT": filas.ot.astype("Int64").astype(str).replace("<NA>", ""),
        "Estado de la OT": filas.estado_orden.fillna(""),
        "Facturas": filas.facturas_texto,
        "En juego": filas.importe.map(formato.texto_bs),
    })
    if personales:
        vista["Cliente"] = filas.cliente.fillna("")
        vista["CI/NIT"] = filas.ci_nit.fillna("")
    vista["Marcas"] = [" · ".join(m for m, si in (("CI/NIT distinto", c), ("factura de otro mes", o)) if si)
                       for c, o in zip(filas.ci_distinto, filas.otro_mes)]
    vista["Explicada"] = [f"{t} ({nombres.get(p, p)}, {formato.texto_fecha_hora(e)})" if x else ""
                          for x, t, p, e in zip(filas.explicada, filas.explicacion, filas.explicada_por,
                                                filas.explicada_en)]
    return vista


def _etiqueta(f) -> str:
    quien = f"Solicitud {f.solicitud}" if f.solicitud else ""
    if f.categoria == "factura_sin_tramite":
        quien = f"Factura {f.primera_factura}" + (f" (solicitud {f.solicitud})" if f.solicitud else "")
    elif not f.solicitud:
        quien = f"OT {f.ot} (sin N° de solicitud)"
    return f"{quien} · {CATEGORIAS[f.categoria][0]} · {formato.texto_bs(f.importe)}"


_CONFIRMAR = "_firmar_con_excepciones"  # el mes cuya firma espera confirmación


def _firmar_elaborado() -> None:
    """Con excepciones sin explicar, la firma no sale de un clic: se listan y se pide confirmar (o, si el
    administrador exige una explicación por excepción, se dice que faltan; datos.facturacion también lo rechaza)."""
    firmar = lambda: facturacion.firmar(con, usuario, mes, "elaborado", hoy=hoy)  # noqa: E731
    hecho = f"Conciliación de {nombre_mes(mes)} firmada («Elaborado por»)."
    sin_explicar = lista[lista.categoria.isin(EXCEPCIONES) & ~lista.explicada.astype(bool)]
    if st.button("Firmar «Elaborado por»", type="primary", key="firmar_elaborado"):
        if sin_explicar.empty or nada_cambio:
            avisos.hacer(firmar, hecho, prefijo="No se firmó: ")
            return
        st.session_state[_CONFIRMAR] = mes
    if st.session_state.get(_CONFIRMAR) != mes or sin_explicar.empty:
        return
    n = formato.texto_entero(len(sin_explicar))
    if administracion.valor_ajuste(con, "explicar_toda_excepcion"):
        st.error(f"No se puede firmar todavía: quedan {n} excepción(es) sin explicar y el administrador pidió que "
                 "cada una tenga su explicación. Ábralas abajo, en «Abrir un trámite».", icon="✋")
    else:
        st.warning(f"Quedan **{n} excepción(es) sin explicar**. La firma guarda el mes así; ¿firma igual?", icon="✋")
    st.dataframe(pd.DataFrame({"Sin explicar": [_etiqueta(f) for f in sin_explicar.itertuples(index=False)]}),
                 hide_index=True, key="firmar_sin_explicar")
    si, no = st.columns(2)
    if not administracion.valor_ajuste(con, "explicar_toda_excepcion") and si.button(
            "Firmar igual, con las excepciones sin explicar", key="firmar_igual"):
        st.session_state.pop(_CONFIRMAR, None)
        avisos.hacer(firmar, hecho, prefijo="No se firmó: ")
    if no.button("Volver sin firmar", key="firmar_cancelar"):
        st.session_state.pop(_CONFIRMAR, None)
        st.rerun()


if lista.empty:
    st.info(f"No hay trámites de poste ni facturas en {nombre_mes(mes)}.")
else:
    orden = [c for c in EXCEPCIONES if resumen.conteos[c]] + ["conciliadas"] * bool(resumen.conteos["conciliadas"])
    pestanas = st.tabs([f"{CATEGORIAS[c][0]} ({resumen.conteos[c]})" for c in orden])
    for pestana, c in zip(pestanas, orden):
        with pestana:
            st.caption(CATEGORIAS[c][1])
            st.dataframe(_vista(lista[lista.categoria == c]), hide_index=True, placeholder="", key=f"lista_{c}",
                         column_config={"Facturas": st.column_config.TextColumn(width="large")})

    st.download_button("Descargar Excel de la conciliación", unidad.al_pulsar(lambda cur: informe.excel(cur, mes, personales)),
                       file_name=informe.nombre_excel(mes), icon="📥", on_click="ignore", key="conciliacion_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # — firmar —
    if puede(usuario, "conciliar") or puede(usuario, "revisar_conciliacion"):
        with st.container(border=True):
            st.markdown(f"**Firmar {nombre_mes(mes)}**")
            st.caption("La firma guarda el resultado de este momento (no cambia aunque después entre otra "
                       "exportación). Primero «Elaborado por» (Encargada de Facturación), después «Revisado por» (jefatura).")
            if puede(usuario, "conciliar"):
                _firmar_elaborado()
            if puede(usuario, "revisar_conciliacion") and st.button("Firmar «Revisado por»", type="primary",
                                                                    key="firmar_revisado"):
                avisos.hacer(lambda: facturacion.firmar(con, usuario, mes, "revisado", hoy=hoy),
                            f"Conciliación de {nombre_mes(mes)} firmada («Revisado por»).", prefijo="No se firmó: ")

    # — un trámite: facturas, historial, explicación y la ficha de su orden —
    st.divider()
    # Las excepciones primero (las sin explicar antes), en el orden de las métricas; las conciliadas al final.
    rango = {c: i for i, c in enumerate([*EXCEPCIONES, "conciliadas"])}
    ordenadas = sorted(lista.itertuples(index=False), key=lambda f: (rango[f.categoria], bool(f.explicada)))
    etiquetas = {f.clave: _etiqueta(f) for f in ordenadas}
    clave = st.selectbox("Abrir un trámite", list(etiquetas), index=None, format_func=etiquetas.get,
                         key="conciliacion_tramite", placeholder="Elija de la lista (las excepciones primero)")
    if clave is not None:
        fila = lista[lista.clave == clave].iloc[0]
        st.subheader(etiquetas[clave])
        tramite = consultar(con, "conciliacion_tramite", mes=mes, clave=clave, personales=personales)
        facturas = pd.DataFrame(list(tramite.facturas[0]) if len(tramite) else [])
        if facturas.empty:
            st.caption("Sin facturas de movimiento de poste para este trámite.")
        else:
            vista = pd.DataFrame({
                "N° factura": facturas.factura, "Emitida": facturas.fecha_emision.map(formato.texto_fecha_hora),
                "Débito": facturas.debito.map(formato.texto_bs), "Crédito": facturas.credito.map(formato.texto_bs),
                "Neto válido": facturas.neto.map(formato.texto_bs), "Situación": facturas.situacion})
            if personales:
                vista["Nombre"], vista["CI/NIT"] = facturas.cliente, facturas.ci_nit
            st.dataframe(vista, hide_index=True, key="tramite_facturas")
            historial = consultar(con, "conciliacion_historial_facturas", facturas=list(facturas.factura))
            if not historial.empty:
                st.markdown("**Estados de las facturas por importación**")
                st.dataframe(pd.DataFrame({
                    "Factura": historial.factura, "Importado el": historial.fecha.map(formato.texto_fecha_hora),
                    "Estado anterior": historial.estado_anterior.fillna(""), "Estado": historial.estado,
                    "Valor en la exportación": historial.estado_origen, "Archivo": historial.archivo}),
                    hide_index=True, key="tramite_historial")
        explicaciones = consultar(con, "conciliacion_explicaciones", clave=clave)
        if not explicaciones.empty:
            st.markdown("**Explicaciones** (todas las versiones; una nueva no borra la anterior)")
            st.dataframe(pd.DataFrame({
                "N°": explicaciones.id, "Fecha y hora": explicaciones.creado_en.map(formato.texto_fecha_hora),
                "Categoría": explicaciones.categoria.map(lambda c: CATEGORIAS.get(c, (c,))[0]),
                "Texto": explicaciones.texto, "Autor": explicaciones.autor_nombre,
                "Vigente": explicaciones.vigente.map({True: "Sí", False: "No"})}), hide_index=True,
                key="tramite_explicaciones")
        if fila.categoria in EXCEPCIONES and puede(usuario, "conciliar"):
            formulario = avisos.formulario(f"explicar_{clave}")
            with st.form(formulario):
                texto = st.text_area("Explicación de la excepción", key=f"{formulario}_texto",
                                     max_chars=facturacion.LARGO_MAXIMO)
                if st.form_submit_button("Guardar explicación", type="primary"):
                    avisos.hacer(lambda: facturacion.explicar(con, usuario, mes, clave, texto),
                                 f"Explicación guardada. Trámite: {etiquetas[clave]}; el formulario quedó vacío.",
                                 envio=f"explicar_{clave}")
        elif fila.categoria in EXCEPCIONES:
            st.caption("Su rol puede consultar las explicaciones, no escribirlas.")
        if not pd.isna(fila.ot):
            st.divider()
            ficha.ficha_orden(con, usuario, int(fila.ot), hoy)
