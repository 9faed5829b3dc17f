"""Las piezas de pantalla de las bandejas (Anulados, Registrados, Atendidos, Seguimiento): encabezado con guardia y
periodo, los filtros que trae un botón del Semáforo, paginación, grilla, descargas y la elección de una orden."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from consultas import consultar
from datos import formato, reloj
from datos.administracion import valor_ajuste
from datos.meses import mes_anterior, nombre_mes, ultimo_dia
from datos.permisos import puede
from informes.exportar import FILAS_MAXIMAS_EXCEL, csv_seguro, excel_seguro
from paginas import registro
from paginas.bandejas.modelo import (ANCHO_OT, ANCHO_POR_TIPO, SIN_FILTROS, Columna, Contexto, Filtros, Periodo,
                                     nombres_de_usuarios, para_descargar, para_mostrar, visibles)
from paginas.comun import avisos, ingreso, unidad

TAMANOS_PAGINA = (50, 100, 500)
LISTA_LARGA = 200_000


def encabezado(titulo: str, descripcion: str, clave: str, *, todos_por_defecto: bool = False,
               ahora: bool = False) -> Contexto:
    """Guardia (registro), aviso de demo, título, mensaje de lo recién guardado y periodo; detiene la página si no
    hay datos. `clave` es la de la página en paginas/registro.py. `ahora`: la bandeja abre en lo de ahora (todos los
    meses), salvo si la abrió un botón del Semáforo (su mes)."""
    registro.exigir(clave)
    avisos.aviso_demo()
    con, usuario, hoy = unidad.cursor(), ingreso.usuario(), reloj.hoy()
    st.title(titulo)
    st.caption(descripcion)
    avisos.mostrar_aviso()
    del_semaforo = clave in st.session_state.get(_FILTROS, {})
    elegido = periodo(con, clave, todos_por_defecto=todos_por_defecto or (ahora and not del_semaforo))
    if elegido is None:
        st.stop()
    return Contexto(con, usuario, hoy, puede(usuario, "ver_personales"), elegido, filtros_traidos(clave),
                    del_semaforo)


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
    texto.caption(f"🔎 Con los filtros del Semáforo: {formato.texto_llano(filtros.texto)}")
    if boton.button("Quitar filtros", key=f"{clave}_quitar_filtros", icon="✖️", width="stretch"):
        st.session_state[_FILTROS].pop(clave, None)
        st.rerun()
    return filtros


def aviso_fuera_del_filtro(fuera: int, total: int, de_que: str, filtros: str) -> None:
    """Cuántas deja afuera un filtro, para que una lista vacía no parezca un mes sin órdenes (Semáforo y bandejas).
    `de_que`: «órdenes de octubre 2026», «atendidas del periodo (octubre 2026)»."""
    if filtros and fuera > 0:
        st.info(f"**{formato.texto_entero(fuera)} de las {formato.texto_entero(total)} {de_que} quedan fuera del "
                f"filtro** ({formato.texto_llano(filtros)}). Una orden sin zona o sin unidad operativa no pasa ese "
                "filtro: las exportaciones de OSF no traen zona.", icon="🔎")


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



def tabla(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool, *, alto: int | str = "auto") -> None:
    columnas = {c: d for c, d in columnas.items() if d.grilla}
    configuracion = {}
    for c in visibles(df, columnas, personales):
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
    nombres = nombres_de_usuarios(unidad.cursor()) if any(columnas[c].tipo == "persona" for c in columnas) else None
    st.dataframe(para_mostrar(df, columnas, personales, nombres), hide_index=True, column_config=configuracion,
                 height=alto, placeholder="")



def descargas(con, nombre_archivo: str, hoja: str, consulta: str, parametros: dict,
              columnas: dict[str, Columna], personales: bool, clave: str, total: int = 0,
              contenido: str | None = None) -> None:
    """Botones Excel y CSV con la lista completa (todos los filtros, sin paginar). El archivo se arma
    sólo al pulsar, en otro hilo, con su propia unidad de trabajo (unidad.al_pulsar). `contenido`: qué lista lleva
    («sólo lo de ahora, …»), dicho sobre los botones."""
    nombres = nombres_de_usuarios(con)  # aquí: el otro hilo no tiene la sesión de Streamlit
    if contenido:
        st.caption(f"📥 La descarga lleva {contenido}: {formato.texto_entero(total)} "
                   f"fila{'' if total == 1 else 's'}, todas las páginas.")

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
    izquierda.download_button("Descargar Excel", unidad.al_pulsar(lambda cur: excel_seguro({hoja: filas(cur)})),
                              file_name=f"{nombre_archivo}.xlsx", icon="📥", key=f"{clave}_xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              on_click="ignore", width="stretch")
    derecha.download_button("Descargar CSV", unidad.al_pulsar(lambda cur: csv_seguro(filas(cur))),
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


# ---------------------------------------------------------------- lo de ahora (issue 24)
# Cada bandeja abre en lo que necesita a alguien ahora, como Seguimiento (pendientes_seguimiento): las pendientes sin
# coordinación reciente; las anuladas sin medida y las atendidas sin verificar desde el primero del mes anterior. Lo
# demás del periodo queda a un interruptor, contado.

# Cada texto en singular y plural: «1 atendida más antigua sin verificar», «982 atendidas más antiguas sin verificar».
AHORA = {"registrado_sin_coordinar": ("pendiente sin coordinación en los últimos {dias} días",
                                      "pendientes sin coordinación en los últimos {dias} días"),
         "anulado_sin_medida": ("anulada sin medida correctiva desde el {desde}",
                                "anuladas sin medida correctiva desde el {desde}"),
         "atendido_sin_verificar": ("atendida sin verificar desde el {desde}", "atendidas sin verificar desde el {desde}")}
ANTIGUAS = {"anulado_sin_medida": ("anulada más antigua sin medida", "anuladas más antiguas sin medida"),
            "registrado_sin_coordinar": ("pendiente más antigua sin coordinación",
                                         "pendientes más antiguas sin coordinación"),
            "atendido_sin_verificar": ("atendida más antigua sin verificar", "atendidas más antiguas sin verificar")}
HECHAS = {"registrado_sin_coordinar": ("pendiente con coordinación reciente", "pendientes con coordinación reciente"),
          "anulado_sin_medida": ("anulada con medida correctiva", "anuladas con medida correctiva"),
          "atendido_sin_verificar": ("atendida ya verificada", "atendidas ya verificadas")}
VER_TODO = "Ver toda la lista del periodo"


def contadas(n: int, formas: tuple[str, str]) -> str:
    """«1 atendida …», «982 atendidas …», «ninguna atendida …»."""
    if n == 0:
        return f"ninguna {formas[0]}"
    return f"{formato.texto_entero(n)} {formas[0] if n == 1 else formas[1]}"


def reciente_desde(hoy) -> dt.date:
    """Desde cuándo una anulada o atendida sin su registro es «de ahora»: el primero del mes anterior."""
    return mes_anterior(hoy.replace(day=1))


@dataclass(frozen=True)
class LoDeAhora:
    todo: bool        # True: toda la lista del periodo, con sus filtros
    total: int        # las filas de lo de ahora (con todo, no se usa)
    parametros: dict  # los de la consulta de la lista: $reciente_desde (NULL = toda la lista), $hoy y $dias
    contenido: str    # qué lleva la lista (y su descarga), para decirlo junto a los botones


def lo_de_ahora(ctx: Contexto, categoria: str, clave: str, del_periodo: int) -> LoDeAhora:
    """El interruptor entre lo de ahora y toda la lista (`del_periodo` filas), con lo que queda fuera contado. Abierta
    por un botón del Semáforo, abre en toda la lista: cuenta lo mismo que el botón."""
    dias, desde = valor_ajuste(ctx.con, "dias_sin_coordinacion"), reciente_desde(ctx.hoy)
    comunes = {"hoy": ctx.hoy, "dias": dias}
    cuenta = consultar(ctx.con, "bandeja_lo_de_ahora", desde=ctx.periodo.desde, hasta=ctx.periodo.hasta,
                       **ctx.filtros.parametros(), **comunes, reciente_desde=desde, categoria=categoria).iloc[0]
    ahora, antiguas = int(cuenta.ahora), int(cuenta.antiguas)
    aviso = st.container()  # lo que cuenta va arriba del interruptor que lo cambia
    todo = st.toggle(VER_TODO, value=ctx.del_semaforo, key=f"{clave}_todo",
                     help="Con los filtros de la lista y lo que ya tiene su registro.")
    if todo:
        return LoDeAhora(True, del_periodo, {**comunes, "reciente_desde": None},
                         f"toda la lista del periodo ({ctx.periodo.etiqueta}), con los filtros elegidos")
    partes = [contadas(antiguas, ANTIGUAS[categoria])] if antiguas else []
    if hechas := del_periodo - ahora - antiguas:
        partes.append(contadas(hechas, HECHAS[categoria]))
    texto = contadas(ahora, AHORA[categoria]).format(dias=dias, desde=formato.texto_fecha(desde))
    aviso.caption(f"Lo que necesita a alguien ahora: **{texto}**" + (", la más antigua primero." if ahora > 1 else ".")
                  + (f" Y {' · '.join(partes)}: con «{VER_TODO}»." if partes else ""))
    return LoDeAhora(False, ahora, {**comunes, "reciente_desde": desde},
                     f"sólo lo de ahora, como la lista (la del periodo entero, con «{VER_TODO}»)")
