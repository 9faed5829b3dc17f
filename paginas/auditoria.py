"""Auditoría: quién importó, quién escribió cada seguimiento y quién cambió la configuración."""
import datetime as dt
import re

import streamlit as st

from consultas import consultar
from datos import formato, reloj
from datos.dominio import ETIQUETA_RESULTADO, ETIQUETA_TIPO, accion_en_palabras
from datos.permisos import ROLES
from informes.exportar import csv_seguro, excel_seguro
from paginas import registro
from paginas.bandejas.modelo import nombres_de_usuarios
from paginas.comun import avisos, ingreso, unidad

registro.exigir("auditoria")
avisos.aviso_demo()
st.title("Auditoría")
quien = ingreso.usuario()
con = unidad.cursor()

hoy = reloj.hoy()
c1, c2, c3 = st.columns([2, 1, 1])
persona = c1.text_input("Persona", key="auditoria_persona",
                        help="Parte de su nombre o de su usuario; vacío = todas las personas.")
desde = c2.date_input("Desde", value=hoy - dt.timedelta(days=30), format="DD/MM/YYYY", key="auditoria_desde")
hasta = c3.date_input("Hasta", value=hoy, format="DD/MM/YYYY", key="auditoria_hasta")
if desde > hasta:
    st.error("La fecha «Desde» es posterior a «Hasta».")
    st.stop()

filtro = {"persona": persona.strip(), "desde": desde, "hasta": hasta}
importaciones = consultar(con, "auditoria_importaciones", **filtro)
seguimientos = consultar(con, "auditoria_seguimientos", **filtro)
cambios = consultar(con, "auditoria_cambios", **filtro)
# En palabras: la persona por su nombre (el usuario, sólo en Administración), la acción, el tipo y el resultado.
nombres = nombres_de_usuarios(con)
for df in (importaciones, seguimientos, cambios):
    df["usuario"] = df["usuario"].map(lambda u: nombres.get(u) or ROLES.get(u, u))  # «sistema»: la CLI
seguimientos["rol"] = seguimientos["rol"].map(lambda r: ROLES.get(r, r))
seguimientos["tipo"] = seguimientos["tipo"].map(lambda t: ETIQUETA_TIPO.get(t, t))
seguimientos["resultado"] = seguimientos["resultado"].map(lambda r: ETIQUETA_RESULTADO.get(r, r))
cambios["accion"] = cambios["accion"].map(accion_en_palabras)
# El detalle lo escribe cada cambio con códigos y usuarios sueltos («OT 5207247 · verificacion · registro 2», «ana
# (atencion)»): cada uno, por su palabra o su nombre.
_CODIGOS = {**ETIQUETA_TIPO, **ETIQUETA_RESULTADO, **ROLES, **nombres}
_CODIGO = re.compile(r"(?<![\w.@-])(" + "|".join(map(re.escape, sorted(_CODIGOS, key=len, reverse=True)))
                     + r")(?![\w.@-])")
cambios["detalle"] = cambios["detalle"].map(lambda d: _CODIGO.sub(lambda m: _CODIGOS[m[1]], d)
                                            if isinstance(d, str) else d)

FECHA = st.column_config.DatetimeColumn("Fecha y hora", format="DD/MM/YYYY HH:mm")
DIA = "DD/MM/YYYY"
COLUMNAS = {
    "importaciones": {
        "fecha": FECHA, "usuario": "Persona", "archivo": "Archivo", "familia": "Formato",
        "resultado": "Resultado", "filas_leidas": "Filas leídas", "nuevas": "Nuevas",
        "actualizadas": "Actualizadas", "sin_cambio": "Sin cambio", "duplicados": "Duplicadas",
        "otras_actividades": "Otras actividades", "hash": "Huella (BLAKE3)"},
    "seguimientos": {
        "fecha": FECHA, "usuario": "Autor", "rol": "Rol",
        "suplente": st.column_config.CheckboxColumn("Como suplente"), "ot": st.column_config.NumberColumn("OT", format="%d"),
        "tipo": "Tipo", "texto": "Texto", "fecha_contacto": st.column_config.DateColumn("Contacto el", format=DIA),
        "contacto": "Contacto", "fecha_acordada": st.column_config.DateColumn("Fecha acordada", format=DIA),
        "resultado": "Resultado", "corrige_a": "Corrige a", "id": "N°"},
    "cambios": {"fecha": FECHA, "usuario": "Persona", "accion": "Acción", "detalle": "Detalle"},
}


def con_titulos(nombre: str, df):
    """Las descargas llevan los mismos títulos de columna que la pantalla."""
    return df.rename(columns={c: t if isinstance(t, str) else t.get("label", c) for c, t in COLUMNAS[nombre].items()})


st.download_button(
    "Descargar todo en Excel",
    excel_seguro({"Importaciones": con_titulos("importaciones", importaciones),
                  "Seguimiento": con_titulos("seguimientos", seguimientos),
                  "Cambios": con_titulos("cambios", cambios)}),
    file_name=f"auditoria_{desde:%Y%m%d}_{hasta:%Y%m%d}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="excel_auditoria")

cuantas = formato.texto_entero
pestanas = st.tabs([f"Importaciones ({cuantas(len(importaciones))})", f"Seguimiento ({cuantas(len(seguimientos))})",
                    f"Cambios administrativos e ingresos ({cuantas(len(cambios))})"])
for pestana, (nombre, df) in zip(pestanas, [("importaciones", importaciones), ("seguimientos", seguimientos),
                                             ("cambios", cambios)]):
    with pestana:
        if df.empty:
            st.info("Nada registrado con estos filtros.")
            continue
        # st.dataframe muestra el texto tal cual: una nota con «<script>» no se interpreta como HTML.
        st.dataframe(df, hide_index=True, width="stretch", column_config=COLUMNAS[nombre], placeholder="")
        st.download_button(f"Descargar CSV ({cuantas(len(df))} filas)", csv_seguro(con_titulos(nombre, df)),
                           file_name=f"auditoria_{nombre}.csv", mime="text/csv", key=f"csv_{nombre}")
