"""El modelo de las bandejas, sin Streamlit: qué columnas muestra y descarga cada una (títulos, tipos, anchos), el
periodo y los filtros que recibe, y cómo una consulta se vuelve la tabla a la vista o el archivo a descargar."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from consultas import consultar
from datos import formato
from datos.dominio import ETIQUETA_RESULTADO, ETIQUETA_TIPO, PERSONALES
from datos.permisos import ROLES

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
    etiquetas: dict | None = None  # código → palabra (en pantalla y en la descarga: «Atendidas sin verificar»)


def col(titulo: str, tipo: str = "texto", ancho: int | None = None, *, grilla: bool = True,
        etiquetas: dict | None = None) -> Columna:
    return Columna(titulo, tipo, ancho, grilla, etiquetas)


# Anchos (px) en la grilla: lo justo para «04/10/2026 09:29» o «Ana Atención»; un texto libre se corta en TEXTO (se
# lee entero en la ficha de la orden).
ANCHO_POR_TIPO = {"fecha_hora": 125, "fecha": 95, "persona": 115, "si_no": 90, "entero": 70}
ANCHO_OT, TEXTO = 80, 200


@dataclass(frozen=True)
class Periodo:
    desde: dt.date | None
    hasta: dt.date | None
    etiqueta: str


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
    del_semaforo: bool = False  # la abrió un botón del Semáforo: su mes y toda la lista, como cuenta el botón


def visibles(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool) -> list[str]:
    return [c for c in columnas if c in df.columns and (personales or c not in PERSONALES)]


def para_mostrar(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool,
                 nombres: dict[str, str] | None = None) -> pd.DataFrame:
    """Etiquetas en español y cifras con coma decimal; las fechas se formatean en la tabla. `nombres`: usuario →
    nombre completo, para las columnas «persona» (sin él, el usuario tal cual)."""
    nombres = nombres or {}
    vista = pd.DataFrame(index=df.index)
    for c in visibles(df, columnas, personales):
        tipo, serie = columnas[c].tipo, df[c]
        if columnas[c].etiquetas:
            serie = serie.map(lambda v, e=columnas[c].etiquetas: e.get(v, v))
        if tipo == "decimal":
            serie = serie.map(lambda v: "" if pd.isna(v) else formato.texto_decimal(v))
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


def para_descargar(df: pd.DataFrame, columnas: dict[str, Columna], personales: bool,
                   nombres: dict[str, str] | None = None) -> pd.DataFrame:
    """Mismas columnas y títulos que en pantalla, pero con números y fechas reales."""
    vista = para_mostrar(df, {c: d for c, d in columnas.items() if d.tipo not in ("decimal",)}, personales, nombres)
    for c in visibles(df, columnas, personales):
        if columnas[c].tipo == "decimal":
            vista[columnas[c].titulo] = df[c]
        if c == "ot":
            vista[columnas[c].titulo] = df[c]
    return vista[[columnas[c].titulo for c in visibles(df, columnas, personales)]]



# ---------------------------------------------------------------- columnas de cada bandeja

# A la izquierda, lo que se viene a ver en cada bandeja (a 1366 px, sin desplazar la grilla); a la derecha, lo demás.
# La dirección (texto ancho) va en la ficha de la orden y en la descarga, no en la grilla.
COLUMNAS_ANULADOS = {
    "ot": col("OT"), "reemplazo": col("Reemplazada", ancho=TEXTO),  # sólo con «Mostrar las reemplazadas»
    "fecha_anulacion": col("Anulación", "fecha_hora"), "causal": col("Causal", ancho=TEXTO),
    "ultima_medida": col("Medida correctiva", ancho=TEXTO), "medida_autor": col("Medida de", "persona"),
    "medida_fecha": col("Medida el", "fecha_hora"),
    "con_medida": col("Con medida correctiva", "si_no", grilla=False),  # en la grilla lo dice la medida
    "fecha_registro": col("Registro", "fecha_hora"), "solicitud": col("Solicitud"), "tecnico": col("Técnico"),
    "unidad_operativa": col("Unidad operativa"), "zona": col("Zona"), "actividades": col("Actividades", ancho=TEXTO),
    "cliente": col("Cliente"), "ci_nit": col("CI/NIT"), "direccion": col("Dirección", grilla=False),
}

COLUMNAS_REGISTRADOS = {
    "ot": col("OT"), "reemplazo": col("Reemplazada", ancho=TEXTO),  # sólo con «Mostrar las reemplazadas»
    "fecha_registro": col("Registro", "fecha_hora"), "edad_dias": col("Edad (días)", "entero", 85),
    "ultima_coordinacion": col("Última coordinación", "fecha", 135), "coordinacion_autor": col("Coordinó", "persona"),
    "fecha_acordada": col("Fecha acordada", "fecha", 115),
    # «sin fecha límite» entero a 1366 px; el texto después, cortado al borde (entero en la ficha de la orden).
    "vencida": col("Vencida", "vencida", 120), "coordinacion_texto": col("Qué se coordinó", ancho=TEXTO),
    "fecha_limite": col("Fecha límite", "fecha_hora"),
    "dias_vencida": col("Días vencida", "entero"), "tramo": col("Tramo"),
    "dias_desde_coordinacion": col("Días desde la coordinación", "entero"),
    "coordinacion_contacto": col("Contacto"), "unidad_operativa": col("Unidad operativa"),
    "tecnico": col("Técnico"), "zona": col("Zona"), "actividades": col("Actividades", ancho=TEXTO),
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
    "actividades": col("Actividades", ancho=TEXTO),
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
    ("actividades", "Actividades"), ("reemplazo", "Reemplazada"),
    ("fecha_registro", "Registro"), ("fecha_atencion", "Atención"), ("fecha_anulacion", "Anulación"),
    ("causal", "Causal"), ("fecha_limite", "Fecha límite"), ("unidad_operativa", "Unidad operativa"),
    ("tecnico", "Técnico"), ("zona", "Zona"), ("observacion", "Observación"), ("cliente", "Cliente"),
    ("ci_nit", "CI/NIT"), ("direccion", "Dirección"), ("importacion_archivo", "Última importación"),
)
