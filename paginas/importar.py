"""Importar: subir exportaciones de Smartflex, revisar cómo se leyeron y confirmar."""
from pathlib import Path

import pandas as pd
import streamlit as st

from datos import formato
from datos.importar import importar_archivo
from datos.importar.informe import avisos_lectura, tabla_mapeo, tabla_problemas, tabla_transiciones
from datos.errores import ErrorUsuario
from informes.exportar import csv_seguro
from paginas import registro
from paginas.comun import avisos, ingreso, unidad

registro.exigir("importar")
avisos.aviso_demo()
st.title("Importar exportaciones de Smartflex")
usuario = ingreso.usuario()

st.caption("Exportaciones de órdenes o de facturación (CxC): CSV (cualquier separador y codificación), Excel (.xlsx "
           "o .xls 97-2003) o la salida directa de la consulta OSF (SQL Developer, TOAD). "
           "Cada archivo se revisa entero: si tiene algún problema no se escribe nada. "
           "Importar dos veces el mismo archivo no cambia nada.")
# La clave cambia tras cada importación para vaciar el selector de archivos.
subidos = st.file_uploader("Archivos exportados", accept_multiple_files=True,
                           key=f"subidos_{st.session_state.get('ronda', 0)}",
                           help=f"Hasta {st.get_option('server.maxUploadSize')} MB por archivo.")
if subidos:  # el tamaño en castellano («95,9 KB»): el del selector («95.9KB») lo oculta paginas/comun/estilo.py
    st.caption("Elegidos: " + " · ".join(f"{formato.texto_llano(a.name)} ({formato.texto_tamano(a.size)})"
                                           for a in subidos))


def _revisar(archivo) -> object:
    """Validación sin escribir, guardada por archivo subido para no repetirla en cada interacción. Se guarda sólo el
    resumen (Resultado, sin el contenido): el archivo lo tiene el selector hasta que se importa."""
    clave = "revision_" + archivo.file_id
    if clave not in st.session_state:
        barra = st.progress(0.0, text=f"Revisando «{archivo.name}»…")
        st.session_state[clave] = _ejecutar(archivo.getvalue(), archivo.name, confirmar=False,
                                            avance=lambda f, t: barra.progress(f, text=t))
        barra.empty()
    return st.session_state[clave]


def _ejecutar(datos, nombre, **kw):
    try:
        return importar_archivo(unidad.cursor(), datos, nombre, usuario, **kw)
    except ErrorUsuario as e:  # otro error llega al límite de app.py: la importación ya se deshizo entera
        st.error(formato.texto_llano(f"«{nombre}»: {e}"))
    return None


# La vista previa con los títulos de las grillas del tablero (datos.importar la da con los nombres de sus campos).
TITULOS_VISTA = {
    "fila": "Fila del archivo", "ot": "OT", "solicitud": "Solicitud / trámite", "actividad_codigo": "Actividad",
    "actividad": "Descripción de la actividad", "estado_origen": "Valor en Smartflex", "estado": "Estado",
    "fecha_registro": "Registro", "fecha_atencion": "Atención", "causal": "Causal",
    "unidad_operativa": "Unidad operativa", "zona": "Zona", "factura": "N° de factura", "fecha_emision": "Emitida",
    "concepto": "Concepto", "signo": "Débito / crédito", "importe": "Importe (Bs.)"}


def _vista_previa(tabla) -> None:
    """Las primeras filas ya interpretadas: títulos en español, fechas dd/mm/aaaa, números de OT sin separador."""
    df = tabla.to_pandas().rename(columns=TITULOS_VISTA)
    configuracion = {}
    for c in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            configuracion[c] = st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")
        elif pd.api.types.is_integer_dtype(df[c]):
            configuracion[c] = st.column_config.NumberColumn(format="%d")
    st.dataframe(df, hide_index=True, placeholder="", column_config=configuracion)


def _dato(v) -> str:
    """Una celda de la tabla de problemas como texto: vacía si no hay, 2 y no 2.0."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _problemas(res, clave: str) -> pd.DataFrame:
    """Los problemas de un archivo rechazado: la grilla (una fila por problema) y, debajo, el de la fila elegida entero
    (el primero si no se eligió ninguna): en la celda, «Problema» y «Qué hacer» quedan cortados a 1366 px."""
    problemas = tabla_problemas(res)
    elegida = st.dataframe(problemas, hide_index=True, key=clave, placeholder="", on_select="rerun",
                           selection_mode="single-row",
                           column_config={"Problema": st.column_config.TextColumn(width="large"),
                                          "Qué hacer": st.column_config.TextColumn(width="large")})
    filas = elegida.selection.rows
    p = problemas.iloc[filas[0] if filas else 0]
    partes = [f"{c} {_dato(p[c])}" for c in problemas.columns[1:-4] if _dato(p[c])]  # (Hoja,) Línea / Fila / Lugar
    if _dato(p["Columna"]):
        partes.append(f"columna {_dato(p['Columna'])}")
    if _dato(p["Valor"]):
        partes.append(f"valor «{_dato(p['Valor'])}»")
    if len(problemas) > 1 and not filas:
        st.caption("Elija una fila de la tabla para ver aquí su problema entero.")
    with st.container(border=True, key=f"{clave}_entero"):
        st.markdown(f"**{formato.texto_llano(' · '.join(partes))}**  \n"
                    f"**Problema:** {formato.texto_llano(p['Problema'])}  \n"
                    f"**Qué hacer:** {formato.texto_llano(p['Qué hacer'])}")
    return problemas


def _mostrar_resumen(res) -> None:
    if res.ya_importado:
        st.info(f"«{formato.texto_llano(res.archivo)}» ya se importó {res.ya_importado}; no se cambió nada.",
                icon="🔁")
        return
    st.success(f"«{formato.texto_llano(res.archivo)}» importado: {formato.texto_entero(res.filas_leidas)} filas "
               "leídas.", icon="✅")
    facturas = res.tipo == "facturas"
    c = st.columns(5)
    cifras = [("Facturas nuevas" if facturas else "Órdenes nuevas", res.nuevas, None),
              ("Actualizadas", res.actualizadas, None), ("Sin cambios", res.sin_cambio, None),
              ("Duplicadas idénticas", res.duplicados, "Filas repetidas con los mismos datos: se guardan una vez."),
              ("Otros conceptos", res.otras_actividades, "Se guardan, pero no entran en la conciliación CxC.")
              if facturas else
              ("Otras actividades", res.otras_actividades, "Se guardan, pero no cuentan en el indicador.")]
    for columna, (rotulo, valor, ayuda) in zip(c, cifras):
        columna.metric(rotulo, formato.texto_entero(valor), help=ayuda)
    if res.transiciones:
        st.dataframe(tabla_transiciones(res), hide_index=True)
    for aviso in res.advertencias:
        st.warning(formato.texto_llano(aviso))


for res in st.session_state.get("resumenes", []):
    _mostrar_resumen(res)

if not subidos:
    st.stop()

aceptados = []
for archivo in subidos:
    res = _revisar(archivo)
    if res is None:
        continue
    with st.container(border=True):
        st.subheader(formato.texto_llano(archivo.name), anchor=False)  # sin el enlace «#nombre-del-archivo»
        if res.ya_importado:
            st.info(f"Este archivo ya se importó {res.ya_importado}. Importarlo de nuevo no cambia nada.", icon="🔁")
            continue
        if res.lectura:
            st.markdown("**Tipo detectado:** " + formato.texto_llano(
                f"{res.lectura.familia} · {res.lectura.detalle} · encabezados en la {res.lectura.unidad} "
                f"{res.lectura.fila_encabezado}"))
            for aviso in avisos_lectura(res):  # la hoja elegida, los encabezados tomados por parecido
                st.info(formato.texto_llano(aviso[0].upper() + aviso[1:]), icon="🔎")
        if res.problemas:
            st.error(f"Rechazado: {formato.texto_entero(len(res.problemas))} problema(s). No se escribirá nada de "
                     "este archivo; corrija y vuelva a subirlo.", icon="⛔")
            problemas = _problemas(res, f"problemas_{res.hash}")
            # El mismo CSV que las demás descargas (;, BOM, sin fórmulas): un valor del archivo puede empezar con «=».
            st.download_button("Descargar la lista de problemas (CSV)", csv_seguro(problemas),
                               f"problemas_{Path(archivo.name).stem}.csv", "text/csv", key=f"bajar_{res.hash}")
        else:
            aceptados.append((archivo, res))
            st.success(f"Listo para importar: {formato.texto_entero(res.filas_leidas)} filas · "
                       f"{formato.texto_entero(res.nuevas)} nuevas · {formato.texto_entero(res.actualizadas)} "
                       f"actualizadas · {formato.texto_entero(res.sin_cambio)} sin cambios")
            for aviso in res.advertencias:
                st.warning(formato.texto_llano(aviso))
        if res.lectura:
            with st.expander("Columnas reconocidas"):
                st.dataframe(tabla_mapeo(res), hide_index=True, placeholder="")
        if res.vista_previa is not None and len(res.vista_previa):
            with st.expander("Vista previa (primeras filas, ya interpretadas)"):
                _vista_previa(res.vista_previa)

if aceptados and st.button(f"Confirmar e importar {len(aceptados)} archivo(s)", type="primary", key="confirmar"):
    resumenes = []
    for archivo, _ in aceptados:
        barra = st.progress(0.0, text=f"Importando «{archivo.name}»…")
        res = _ejecutar(archivo.getvalue(), archivo.name, avance=lambda f, t: barra.progress(f, text=t))
        barra.empty()
        if res is not None and res.problemas:
            st.error(f"«{formato.texto_llano(archivo.name)}» fue rechazado al importar; no se escribió nada.")
            _problemas(res, f"problemas_confirmados_{res.hash}")
        elif res is not None:
            resumenes.append(res)
    # Lo revisado ya no vale: la base cambió.
    for clave in [k for k in st.session_state if str(k).startswith("revision_")]:
        del st.session_state[clave]
    st.session_state["resumenes"] = resumenes
    st.session_state["ronda"] = st.session_state.get("ronda", 0) + 1
    st.rerun()
