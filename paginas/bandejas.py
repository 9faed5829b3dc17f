"""Piezas comunes de las bandejas (Anulados, Registrados, Atendidos, Seguimiento): periodo, paginación,
tablas, descargas y la ficha de una orden con su historia y el formulario de seguimiento.

Los textos de seguimiento los escriben usuarios: se muestran en tablas o con st.text, nunca como HTML
ni como Markdown.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from consultas import consultar
from datos import formato
from datos.meses import nombre_mes, ultimo_dia
from datos import dominio, reloj, seguimiento
from datos.dominio import ETIQUETA_RESULTADO, ETIQUETA_TIPO, PERSONALES
from datos.permisos import ROLES, puede
from paginas import comun, registro
from informes.exportar import FILAS_MAXIMAS_EXCEL, csv_seguro, excel_seguro

TAMANOS_PAGINA = (50, 100, 500)
LISTA_LARGA = 200_000
MARCA_FALLO = "⚠️ Legalizada con causal de fallo"


@dataclass(frozen=True)
class Columna:
    """Cómo se muestra y se descarga una columna de una consulta. Las columnas van en el orden del diccionario:
    a 1366 px, lo que se viene a ver entra en la grilla sin desplazarla (unos 900 px junto al menú)."""
    titulo: str
    tipo: str = "texto"   # texto | entero | decimal | fecha | fecha_hora | si_no | tipo | resultado | fallo | rol |
    #                       persona (usuario → nombre) | vencida (Sí / No / sin fecha límite)
    ancho: int | None = None   # px en la grilla; None = el de su tipo (ANCHO_POR_TIPO) o el que elija Streamlit
    grilla: bool = True        # False: sólo en la descarga (el texto ancho se lee en la ficha de la orden)


def col(titulo: str, tipo: str = "texto", ancho: int | None = None, *, grilla: bool = True) -> Columna:
    return Columna(titulo, tipo, ancho, grilla)


# Anchos (px) en la grilla: lo justo para «04/10/2026 09:29» o «Ana Atención»; un texto libre se corta en TEXTO (se
# lee entero en la ficha de la orden).
ANCHO_POR_TIPO = {"fecha_hora": 125, "fecha": 95, "persona": 115, "si_no": 90, "entero": 70}
ANCHO_OT, TEXTO = 80, 200


@dataclass(frozen=True)
class Periodo:
    desde: dt.date | None
    hasta: dt.date | None
    etiqueta: str


# ---------------------------------------------------------------- encabezado de cada bandeja

@dataclass(frozen=True)
class Filtros:
    """Los filtros del Semáforo que un botón lleva a su bandeja: actividades, zonas y unidades como las recibe
    kpi_mensual, y `texto` como el Semáforo los muestra. Vacíos = todas."""
    actividades: tuple = ()
    zonas: tuple = ()
    unidades: tuple = ()
    texto: str = ""

    def parametros(self) -> dict:
        """Los parámetros $actividades, $zonas, $unidades de las consultas de bandeja (NULL = todas)."""
        return {"actividades": list(self.actividades) or None, "zonas": list(self.zonas) or None,
                "unidades": list(self.unidades) or None}


SIN_FILTROS = Filtros()


@dataclass(frozen=True)
class Contexto:
    con: object
    usuario: object
    hoy: dt.date
    personales: bool
    periodo: Periodo
    filtros: Filtros = SIN_FILTROS


def encabezado(titulo: str, descripcion: str, clave: str, *, todos_por_defecto: bool = False) -> Contexto:
    """Guardia (registro), aviso de demo, título, mensaje de lo recién guardado y periodo; detiene la página si no
    hay datos. `clave` es la de la página en paginas/registro.py."""
    registro.exigir(clave)
    comun.aviso_demo()
    con, usuario, hoy = comun.cursor(), comun.usuario(), reloj.hoy()
    st.title(titulo)
    st.caption(descripcion)
    comun.mostrar_aviso()
    elegido = periodo(con, clave, todos_por_defecto=todos_por_defecto)
    if elegido is None:
        st.stop()
    return Contexto(con, usuario, hoy, puede(usuario, "ver_personales"), elegido, filtros_traidos(clave))


# ---------------------------------------------------------------- filtros que trae del Semáforo
# Un botón del Semáforo («Registrados (4)») lleva sus filtros a la bandeja que abre, para que la bandeja cuente lo
# mismo que el botón. Viajan en session_state y no en la dirección: los filtros del Semáforo están ligados a sus
# widgets (bind="query-params") y registro.ir_a cambia de página sin parámetros. Cada bandeja los conserva hasta
# que se quitan o se vuelve al Semáforo, que muestra otra vez los suyos.

_FILTROS = "_filtros_del_semaforo"  # {clave de la bandeja: Filtros}


def llevar_filtros(clave: str, filtros: Filtros) -> None:
    """El Semáforo, antes de abrir la bandeja `clave`."""
    st.session_state.setdefault(_FILTROS, {})[clave] = filtros


def olvidar_filtros() -> None:
    """El Semáforo, en cada corrida: lo que muestran las bandejas vuelve a ser todo hasta el próximo botón."""
    st.session_state.pop(_FILTROS, None)


def filtros_traidos(clave: str) -> Filtros:
    """Los filtros que trajo la bandeja, a la vista y con un botón para quitarlos."""
    filtros = st.session_state.get(_FILTROS, {}).get(clave, SIN_FILTROS)
    if not filtros.texto:
        return SIN_FILTROS
    texto, boton = st.columns([4, 1], vertical_alignment="center")
    texto.caption(f"🔎 Con los filtros del Semáforo: {filtros.texto}")
    if boton.button("Quitar filtros", key=f"{clave}_quitar_filtros", icon="✖️", width="stretch"):
        st.session_state[_FILTROS].pop(clave, None)
        st.rerun()
    return filtros


def aviso_fuera_del_filtro(fuera: int, total: int, de_que: str, filtros: str) -> None:
    """Cuántas deja afuera un filtro, para que una lista vacía no parezca un mes sin órdenes (Semáforo y bandejas).
    `de_que`: «órdenes de octubre 2026», «atendidas del periodo (octubre 2026)»."""
    if filtros and fuera > 0:
        st.info(f"**{formato.texto_entero(fuera)} de las {formato.texto_entero(total)} {de_que} quedan fuera del "
                f"filtro** ({filtros}). Una orden sin zona o sin unidad operativa no pasa ese filtro: las "
                "exportaciones de OSF no traen zona.", icon="🔎")


def fuera_del_filtro(ctx: Contexto, elegidas: int, consulta: str, parametros: dict, contar, nombre: str) -> None:
    """En una bandeja con filtros traídos: `elegidas` son las que pasan; `contar(df)` cuenta el resultado de `consulta`
    sin los filtros. Dice cuántas quedaron fuera («21 de las 21 atendidas del periodo (octubre 2026) …»)."""
    if not ctx.filtros.texto:
        return
    total = contar(consultar(ctx.con, consulta, **{**parametros, **SIN_FILTROS.parametros()}))
    aviso_fuera_del_filtro(total - elegidas, total, f"{nombre} del periodo ({ctx.periodo.etiqueta})",
                           ctx.filtros.texto)


# ---------------------------------------------------------------- periodo

def periodo(con, clave: str, *, todos_por_defecto: bool = False) -> Periodo | None:
    """Periodo por fecha de registro: el mes elegido en el Semáforo, si no el último con datos;
    o un rango de fechas; o todos los meses. None si todavía no hay órdenes."""
    meses = [m.date() if hasattr(m, "date") else m for m in consultar(con, "bandeja_meses").mes]
    if not meses:
        st.info("Todavía no hay órdenes de movimiento de poste. Importe una exportación de Smartflex en «Importar».")
        return None
    modos = ["Mes", "Rango de fechas", "Todos los meses"]
    with st.container(border=True):
        izquierda, derecha = st.columns([1, 2])
        modo = izquierda.radio("Periodo (por fecha de registro)", modos, index=2 if todos_por_defecto else 0,
                               key=f"{clave}_modo_periodo", horizontal=False)
        if modo == "Mes":
            preferido = st.session_state.get("mes_seleccionado")
            indice = meses.index(preferido) if preferido in meses else 0
            mes = derecha.selectbox("Mes", meses, index=indice, format_func=nombre_mes, key=f"{clave}_mes")
            return Periodo(mes, ultimo_dia(mes), nombre_mes(mes))
        if modo == "Rango de fechas":
            base = st.session_state.get("mes_seleccionado") if st.session_state.get("mes_seleccionado") in meses \
                else meses[0]
            rango = derecha.date_input("Desde – hasta", value=(base, ultimo_dia(base)), format="DD/MM/YYYY",
                                       key=f"{clave}_rango")
            if not isinstance(rango, (tuple, list)) or len(rango) < 2:
                derecha.caption("Elija también la fecha final del rango.")
                desde = rango[0] if isinstance(rango, (tuple, list)) and rango else base
                return Periodo(desde, desde, formato.texto_fecha(desde))
            desde, hasta = rango[0], rango[1]
            return Periodo(desde, hasta, f"del {formato.texto_fecha(desde)} al {formato.texto_fecha(hasta)}")
    return Periodo(None, None, "todos los meses")


# ---------------------------------------------------------------- listas

def paginacion(total: int, clave: str) -> tuple[int, int]:
    """Elige tamaño y número de página; devuelve (límite, desplazamiento) para la consulta."""
    izquierda, centro, derecha = st.columns([1, 1, 3], vertical_alignment="bottom")
    tamano = izquierda.selectbox("Filas por página", TAMANOS_PAGINA, key=f"{clave}_tamano")
    paginas = max(1, math.ceil(total / tamano))
    pagina = centro.number_input(f"Página (de {formato.texto_entero(paginas)})", min_value=1, max_value=paginas,
                                 value=1, step=1, key=f"{clave}_pagina")
    pagina = min(int(pagina), paginas)
    inicio = (pagina - 1) * tamano
    if total:
        derecha.caption(f"Filas {formato.texto_entero(inicio + 1)}–{formato.texto_entero(min(inicio + tamano, total))} "
                        f"de {formato.texto_entero(total)}")
    return tamano, inicio


def _visibles(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool) -> list[str]:
    return [c for c in columnas if c in df.columns and (personales or c not in PERSONALES)]


def para_mostrar(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool,
                 nombres: dict[str, str] | None = None) -> pd.DataFrame:
    """Etiquetas en español y cifras con coma decimal; las fechas se formatean en la tabla. `nombres`: usuario →
    nombre completo, para las columnas «persona» (sin él, el usuario tal cual)."""
    nombres = nombres or {}
    vista = pd.DataFrame(index=df.index)
    for c in _visibles(df, columnas, personales):
        tipo, serie = columnas[c].tipo, df[c]
        if tipo == "decimal":
            serie = serie.map(lambda v: "" if pd.isna(v) else f"{v:.1f}".replace(".", ","))
        elif tipo == "si_no":
            serie = serie.map(lambda v: "Sí" if v is True or v == 1 else ("" if pd.isna(v) else "No"))
        elif tipo == "tipo":
            serie = serie.map(lambda v: ETIQUETA_TIPO.get(v, v))
        elif tipo == "resultado":
            serie = serie.map(lambda v: ETIQUETA_RESULTADO.get(v, "") if isinstance(v, str) else "")
        elif tipo == "fallo":  # la marca sólo donde hay algo que mirar; vacío en las demás
            serie = serie.map(lambda v: MARCA_FALLO if v is True or v == 1 else "")
        elif tipo == "rol":
            serie = serie.map(lambda v: ROLES.get(v, v) if isinstance(v, str) else "")
        elif tipo == "persona":
            serie = serie.map(lambda v: nombres.get(v, v) if isinstance(v, str) else "")
        elif tipo == "vencida":  # sin fecha límite no es «No vencida»
            limites = df["fecha_limite"] if "fecha_limite" in df else pd.Series(pd.NaT, index=df.index)
            serie = pd.Series(["sin fecha límite" if pd.isna(f) else ("Sí" if v is True or v == 1 else "No")
                               for v, f in zip(serie, limites)], index=df.index)
        elif c == "ot":
            serie = serie.astype("Int64").astype(str)  # sin separador de miles: es un número de orden
        vista[columnas[c].titulo] = serie
    return vista


def nombres_de_usuarios(con) -> dict[str, str]:
    return dict(consultar(con, "nombres_usuarios").itertuples(index=False, name=None))


def tabla(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool, *, alto: int | str = "auto") -> None:
    columnas = {c: d for c, d in columnas.items() if d.grilla}
    configuracion = {}
    for c in _visibles(df, columnas, personales):
        definicion = columnas[c]
        ancho = ANCHO_OT if c == "ot" else definicion.ancho or ANCHO_POR_TIPO.get(definicion.tipo)
        comunes = {"width": ancho}
        if definicion.tipo == "fecha":
            configuracion[definicion.titulo] = st.column_config.DateColumn(format="DD/MM/YYYY", **comunes)
        elif definicion.tipo == "fecha_hora":
            configuracion[definicion.titulo] = st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm", **comunes)
        elif definicion.tipo == "entero":
            configuracion[definicion.titulo] = st.column_config.NumberColumn(format="%d", **comunes)
        elif ancho:
            configuracion[definicion.titulo] = st.column_config.Column(**comunes)
    # placeholder="": una celda vacía se ve vacía (por omisión Streamlit escribe «None»).
    nombres = nombres_de_usuarios(comun.cursor()) if any(columnas[c].tipo == "persona" for c in columnas) else None
    st.dataframe(para_mostrar(df, columnas, personales, nombres), hide_index=True, column_config=configuracion,
                 height=alto, placeholder="")


def para_descargar(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool,
                   nombres: dict[str, str] | None = None) -> pd.DataFrame:
    """Mismas columnas y títulos que en pantalla, pero con números y fechas reales."""
    vista = para_mostrar(df, {c: d for c, d in columnas.items() if d.tipo not in ("decimal",)}, personales, nombres)
    for c in _visibles(df, columnas, personales):
        if columnas[c].tipo == "decimal":
            vista[columnas[c].titulo] = df[c]
        if c == "ot":
            vista[columnas[c].titulo] = df[c]
    return vista[[columnas[c].titulo for c in _visibles(df, columnas, personales)]]


def descargas(con, nombre_archivo: str, hoja: str, consulta: str, parametros: dict,
              columnas: dict[str, Columna], personales: bool, clave: str, total: int = 0) -> None:
    """Botones Excel y CSV con la lista completa (todos los filtros, sin paginar). El archivo se arma
    sólo al pulsar, en otro hilo, con su propia unidad de trabajo (comun.al_pulsar)."""
    nombres = nombres_de_usuarios(con)  # aquí: el otro hilo no tiene la sesión de Streamlit

    def filas(cur) -> pd.DataFrame:
        df = consultar(cur, consulta, **{**parametros, "limite": None, "desplazamiento": 0})
        return para_descargar(df, columnas, personales, nombres)

    if total > FILAS_MAXIMAS_EXCEL:
        st.caption(f"Excel admite {formato.texto_entero(FILAS_MAXIMAS_EXCEL)} filas por hoja: el Excel lleva sólo las "
                   "primeras; el CSV, la lista completa.")
    elif total > LISTA_LARGA:
        # Medido (bench/bench_excel.py): ~2,5 s el Excel y ~4,5 s el CSV por cada 100.000 filas.
        st.caption(f"Lista larga ({formato.texto_entero(total)} filas): el archivo puede tardar unos segundos "
                   "por cada 100.000 filas.")
    izquierda, derecha = st.columns(2)
    izquierda.download_button("Descargar Excel", comun.al_pulsar(lambda cur: excel_seguro({hoja: filas(cur)})),
                              file_name=f"{nombre_archivo}.xlsx", icon="📥", key=f"{clave}_xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              on_click="ignore", width="stretch")
    derecha.download_button("Descargar CSV", comun.al_pulsar(lambda cur: csv_seguro(filas(cur))),
                            file_name=f"{nombre_archivo}.csv",
                            icon="📄", key=f"{clave}_csv", mime="text/csv", on_click="ignore", width="stretch")


def elegir_orden(ots, clave: str) -> int | None:
    """La OT que se abre: una de la página, o cualquier número que se escriba."""
    opciones = [int(v) for v in ots]
    abierta = st.session_state.get(f"{clave}_orden")
    if abierta is not None and abierta not in opciones:  # la orden abierta sigue abierta aunque salga de la lista
        opciones.insert(0, abierta)
    elegida = st.selectbox("Abrir una orden (N° de OT)", opciones, index=None, key=f"{clave}_orden",
                           placeholder="Elija de la lista o escriba el número", accept_new_options=True)
    if elegida is None:
        return None
    try:
        return int(str(elegida).strip())
    except ValueError:
        st.error("Escriba sólo el número de la OT (dígitos).")  # sin repetir lo escrito: no se muestra como Markdown
        return None


# ---------------------------------------------------------------- columnas de cada bandeja

# A la izquierda, lo que se viene a ver en cada bandeja (a 1366 px, sin desplazar la grilla); a la derecha, lo demás.
# La dirección (texto ancho) va en la ficha de la orden y en la descarga, no en la grilla.
COLUMNAS_ANULADOS = {
    "ot": col("OT"), "fecha_anulacion": col("Anulación", "fecha_hora"), "causal": col("Causal", ancho=TEXTO),
    "ultima_medida": col("Medida correctiva", ancho=TEXTO), "medida_autor": col("Medida de", "persona"),
    "medida_fecha": col("Medida el", "fecha_hora"),
    "con_medida": col("Con medida correctiva", "si_no", grilla=False),  # en la grilla lo dice la medida
    "fecha_registro": col("Registro", "fecha_hora"), "solicitud": col("Solicitud"), "tecnico": col("Técnico"),
    "unidad_operativa": col("Unidad operativa"), "zona": col("Zona"),
    "cliente": col("Cliente"), "ci_nit": col("CI/NIT"), "direccion": col("Dirección", grilla=False),
}

COLUMNAS_REGISTRADOS = {
    "ot": col("OT"), "fecha_registro": col("Registro", "fecha_hora"), "edad_dias": col("Edad (días)", "entero", 85),
    "ultima_coordinacion": col("Última coordinación", "fecha", 135), "coordinacion_autor": col("Coordinó", "persona"),
    "coordinacion_texto": col("Qué se coordinó", ancho=TEXTO), "fecha_acordada": col("Fecha acordada", "fecha", 115),
    "vencida": col("Vencida", "vencida"), "fecha_limite": col("Fecha límite", "fecha_hora"),
    "dias_vencida": col("Días vencida", "entero"), "tramo": col("Tramo"),
    "dias_desde_coordinacion": col("Días desde la coordinación", "entero"),
    "coordinacion_contacto": col("Contacto"), "unidad_operativa": col("Unidad operativa"),
    "tecnico": col("Técnico"), "zona": col("Zona"),
    "cliente": col("Cliente"), "ci_nit": col("CI/NIT"), "direccion": col("Dirección", grilla=False),
}

COLUMNAS_ATENDIDOS = {
    # La alerta junto a la OT: es lo primero que hay que ver al verificar.
    "ot": col("OT"), "causal_fallo": col("Alerta", "fallo"), "fecha_atencion": col("Atención", "fecha_hora"),
    "dias_atencion": col("Días para atender", "decimal"),
    "verificacion": col("Verificación", "resultado"), "verificacion_autor": col("Verificó", "persona"),
    "verificacion_texto": col("Observación", ancho=TEXTO), "verificacion_fecha": col("Verificado el", "fecha_hora"),
    "causal": col("Causal"), "fecha_registro": col("Registro", "fecha_hora"), "solicitud": col("Solicitud"),
    "unidad_operativa": col("Unidad operativa"), "tecnico": col("Técnico"), "zona": col("Zona"),
    "cliente": col("Cliente"), "ci_nit": col("CI/NIT"), "direccion": col("Dirección", grilla=False),
}


# ---------------------------------------------------------------- ficha de una orden

COLUMNAS_ESTADOS = {
    "fecha": col("Importado el", "fecha_hora"), "estado_anterior": col("Estado anterior"),
    "estado": col("Estado"), "estado_origen": col("Valor en Smartflex"), "archivo": col("Archivo"),
    "importado_por": col("Importado por", "persona"),
}
COLUMNAS_REGISTROS = {  # quién, con qué rol y si en suplencia, antes del texto (entero debajo de la grilla)
    "id": col("N°", "entero", 60), "creado_en": col("Fecha y hora", "fecha_hora"), "tipo": col("Tipo", "tipo", 125),
    "autor_nombre": col("Autor", "persona"), "rol": col("Rol", "rol", 170), "suplente": col("Suplente", "si_no"),
    "vigente": col("Vigente", "si_no", 75), "texto": col("Texto", ancho=TEXTO),
    "resultado": col("Resultado", "resultado"), "fecha_contacto": col("Contacto el", "fecha"),
    "contacto": col("Contacto"), "fecha_acordada": col("Fecha acordada", "fecha", 115),
    "corrige_a": col("Corrige al N°", "entero", 100), "corregido_por": col("Corregido por el N°", "entero", 140),
}
CAMPOS_ORDEN = (
    ("estado", "Estado"), ("estado_origen", "Estado en Smartflex"), ("solicitud", "Solicitud / trámite"),
    ("actividad_codigo", "Actividad"), ("actividad", "Descripción de la actividad"),
    ("fecha_registro", "Registro"), ("fecha_atencion", "Atención"), ("fecha_anulacion", "Anulación"),
    ("causal", "Causal"), ("fecha_limite", "Fecha límite"), ("unidad_operativa", "Unidad operativa"),
    ("tecnico", "Técnico"), ("zona", "Zona"), ("observacion", "Observación"), ("cliente", "Cliente"),
    ("ci_nit", "CI/NIT"), ("direccion", "Dirección"), ("importacion_archivo", "Última importación"),
)


def _texto_valor(valor) -> str:
    if valor is None or (not isinstance(valor, str) and pd.isna(valor)):
        return ""
    if isinstance(valor, (pd.Timestamp, dt.datetime)):
        return formato.texto_fecha_hora(valor)
    return str(valor)


def ficha_orden(con, usuario, ot: int, hoy: dt.date) -> None:
    """Todo lo de una orden: sus datos, sus estados importación por importación, todos sus registros
    de seguimiento (también las versiones corregidas) y el formulario para agregar o corregir."""
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
    campos = [(titulo, _texto_valor(orden[c])) for c, titulo in CAMPOS_ORDEN
              if personales or c not in PERSONALES]
    st.dataframe(pd.DataFrame([(t, v) for t, v in campos if v], columns=["Dato", "Valor"]), hide_index=True,
                 placeholder="")
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


def abrir_orden(con, usuario, ots, clave: str, hoy: dt.date) -> None:
    """Al pie de cada bandeja: elegir una OT y ver su ficha."""
    st.divider()
    ot = elegir_orden(ots, clave)
    if ot is not None:
        ficha_orden(con, usuario, ot, hoy)


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
                         else 0)
    texto = st.text_area("Observación (obligatoria si hay observación)", value=texto_previo, key=f"{clave}_texto",
                         max_chars=seguimiento.LARGO_MAXIMO)
    return {"texto": texto, "resultado": resultado}


def _nota_suplencia(con, usuario, hoy: dt.date) -> None:
    if seguimiento.es_suplente(con, usuario, hoy):
        st.caption("La Resp. de Atención está ausente: este registro quedará marcado como hecho en suplencia.")


def formulario_nuevo(con, usuario, ot: int, estado: str, hoy: dt.date) -> None:
    tipo = dominio.TIPO_POR_ESTADO[estado]
    with st.form(f"nuevo_{ot}"):
        st.markdown(f"**Agregar {dominio.NOMBRE_TIPO[tipo]}**")
        _nota_suplencia(con, usuario, hoy)
        valores = _campos(tipo, f"nuevo_{ot}", hoy)
        if st.form_submit_button("Guardar registro", type="primary"):
            comun.hacer(lambda: seguimiento.agregar(con, usuario, ot, tipo, hoy=hoy, **valores),
                        f"Registro de {dominio.NOMBRE_TIPO[tipo]} guardado en la OT {ot}.", limpiar=f"nuevo_{ot}_")


def formulario_correccion(con, usuario, ot: int, vigentes: pd.DataFrame, hoy: dt.date) -> None:
    with st.expander("Corregir un registro (se guarda como nueva versión; la anterior se conserva)"):
        ids = [int(i) for i in vigentes.id]
        por_id = {int(f.id): f for f in vigentes.itertuples(index=False)}
        elegido = st.selectbox(
            "Registro a corregir", ids, key=f"corregir_{ot}_id",
            format_func=lambda i: f"N° {i} · {ETIQUETA_TIPO[por_id[i].tipo]} · "
                                  f"{formato.texto_fecha_hora(por_id[i].creado_en)} · {por_id[i].autor_nombre}")
        previo = por_id[elegido]
        with st.form(f"corregir_{ot}_{elegido}"):
            valores = _campos(previo.tipo, f"corregir_{ot}_{elegido}", hoy, previo)
            if st.form_submit_button("Guardar corrección"):
                comun.hacer(lambda: seguimiento.corregir(con, usuario, elegido, hoy=hoy, **valores),
                            f"Corrección guardada en la OT {ot}: el registro N° {elegido} queda como versión anterior.")
