"""Los textos de «Desde la última importación» y de «Para APROBADO faltan…» (issue 25), iguales en el Semáforo y en
la alerta diaria. Los datos salen de consultas.cambios y consultas.para_aprobado."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from consultas import cambios as modulo_cambios
from consultas.cambios import SENALADOS, Cambios, EfectoMes
from consultas.kpi import kpi_mensual
from consultas.para_aprobado import ParaAprobado, de_fila
from datos import formato
from datos.dominio import ETIQUETA_VEREDICTO
from datos.meses import nombre_mes, sumar_meses

# Tipo → (singular, plural), en el orden de cambios.TIPOS.
ROTULOS = {
    "retrocede": ("volvió a REGISTRADO desde un estado final", "volvieron a REGISTRADO desde un estado final"),
    "entre_finales": ("cambió de un estado final a otro (ATENDIDO ↔ ANULADO)",
                      "cambiaron de un estado final a otro (ATENDIDO ↔ ANULADO)"),
    "desaparecida": ("ya no viene en la exportación del mismo periodo (sigue en la base como estaba)",
                     "ya no vienen en la exportación del mismo periodo (siguen en la base como estaban)"),
    "atendida": ("pasó de REGISTRADO a ATENDIDO", "pasaron de REGISTRADO a ATENDIDO"),
    "anulada": ("pasó de REGISTRADO a ANULADO", "pasaron de REGISTRADO a ANULADO"),
    "nueva": ("orden nueva", "órdenes nuevas"),
}
ICONOS = {"retrocede": "⚠️", "entre_finales": "⚠️", "desaparecida": "⚠️", "atendida": "✅", "anulada": "⛔",
          "nueva": "🆕", "anuladas_nuevas": "⛔"}
REVISAR = "revise si la exportación es más antigua o vino incompleta"
MESES_ABIERTOS = 12  # la alerta mira los meses abiertos de este último año


@dataclass(frozen=True)
class Linea:
    clave: str            # un tipo de cambios.TIPOS, o «anuladas_nuevas»
    texto: str
    ordenes: pd.DataFrame  # las OT detrás de la línea (filas de cambios_importacion.sql)

    @property
    def senalada(self) -> bool:
        return self.clave in SENALADOS


def texto_importacion(c: Cambios) -> str:
    i = c.importacion
    return (f"«{i['archivo']}», importada el {formato.texto_fecha_hora(pd.Timestamp(i['fecha']))} "
            f"por {i['importado_por']}")


def lineas(c: Cambios) -> list[Linea]:
    """Una línea por tipo de cambio con órdenes (los señalados primero) y la de las anuladas nuevas con su causal."""
    salida = []
    for tipo, (uno, varios) in ROTULOS.items():
        ordenes = c.del_tipo(tipo)
        if ordenes.empty:
            continue
        n = c.cuantas(tipo)
        texto = f"{formato.texto_entero(n)} {uno if n == 1 else varios}"
        if tipo in SENALADOS:
            texto += f": {REVISAR}"
        salida.append(Linea(tipo, texto, ordenes))
    anuladas = c.anuladas_nuevas()
    if not anuladas.empty:
        causales = anuladas["causal"].fillna("sin causal").value_counts()
        detalle = ", ".join(f"{formato.texto_entero(v)} {k}" for k, v in causales.items())
        n = c.cuantas("anuladas_nuevas")
        if n > len(anuladas):
            detalle += f" (de las primeras {formato.texto_entero(len(anuladas))})"
        salida.append(Linea("anuladas_nuevas", f"{formato.texto_entero(n)} anulada{'' if n == 1 else 's'} "
                                               f"nueva{'' if n == 1 else 's'}, por causal: {detalle}", anuladas))
    return salida


def texto_efecto(e: EfectoMes) -> str:
    """«octubre 2026: 91,66 % → 95,83 %, +4,17 pp»; con el veredicto si cambió y los conteos si el porcentaje no."""
    despues = _porcentaje(e.despues)
    if e.antes is None:
        return f"{nombre_mes(e.mes)}: sin trámites → {despues} ({_conteo(e.despues)})"
    texto = f"{nombre_mes(e.mes)}: {_porcentaje(e.antes)} → {despues}"
    if e.diferencia is not None:
        texto += f", {formato.texto_puntos(e.diferencia)}"
    if e.antes.estado != e.despues.estado:
        texto += f" ({ETIQUETA_VEREDICTO[e.antes.estado]} → {ETIQUETA_VEREDICTO[e.despues.estado]})"
    elif e.diferencia == 0:
        texto += f" ({_conteo(e.antes)} → {_conteo(e.despues)})"
    return texto


def _porcentaje(fila) -> str:
    return "sin trámites" if not fila.total else formato.texto_porcentaje(int(fila.centesimas))


def _conteo(fila) -> str:
    return f"{formato.texto_entero(fila.atendidos)} de {formato.texto_entero(fila.total)}"


def tabla_ordenes(ordenes: pd.DataFrame) -> pd.DataFrame:
    """Las OT de una línea, con títulos para la gente (OT primero: en un teléfono se ve sin desplazar)."""
    return pd.DataFrame({
        "OT": ordenes["ot"].astype(str),
        "Antes": ordenes["estado_anterior"].fillna("—"),
        "Ahora": ordenes["estado"],
        "Mes": [nombre_mes(m) for m in ordenes["mes"]],
        "Causal": ordenes["causal"].fillna(""),
        "Solicitud": ordenes["solicitud"].fillna(""),
        "Registro": [formato.texto_fecha_hora(v) for v in ordenes["fecha_registro"]],
        "Zona": ordenes["zona"].fillna(""),
    })


# ---------------------------------------------------------------- para APROBADO

def meses_abiertos(kpi: pd.DataFrame, hoy: dt.date) -> list[tuple[object, ParaAprobado]]:
    """El mes en curso (aunque esté APROBADO) y los del último año que siguen abiertos (con pendientes) y OBSERVADOS,
    el más reciente primero, con lo que les falta."""
    actual = hoy.replace(day=1)
    salida = []
    for fila in kpi.itertuples(index=False):
        meta = de_fila(fila)
        if meta is None:
            continue
        if fila.mes == actual or (fila.registrados > 0 and fila.estado == "OBSERVADO"):
            salida.append((fila, meta))
    return salida[::-1]


def texto_para_aprobado(fila, meta: ParaAprobado) -> str:
    return (f"{nombre_mes(fila.mes)} ({ETIQUETA_VEREDICTO[fila.estado]}, "
            f"{formato.texto_porcentaje(int(fila.centesimas))}): {meta.texto()}")


# ---------------------------------------------------------------- la alerta diaria

def secciones_alerta(con, hoy: dt.date, maximo_ot: int = 10) -> str:
    """Las dos secciones de la alerta diaria, como texto: «Para APROBADO» y «Desde la última importación»."""
    partes = []
    kpi = kpi_mensual(con, sumar_meses(hoy.replace(day=1), -(MESES_ABIERTOS - 1)), hoy.replace(day=1))
    abiertos = meses_abiertos(kpi, hoy)
    if abiertos:
        partes.append("Para APROBADO (con los trámites registrados hasta hoy):\n"
                      + "\n".join(f"• {texto_para_aprobado(f, m)}" for f, m in abiertos))
    c = modulo_cambios.cambios(con)
    if c is not None:
        filas = []
        for linea in lineas(c):
            ots = [str(ot) for ot in linea.ordenes["ot"][:maximo_ot]]
            n = c.cuantas(linea.clave)
            lista = ", ".join(ots) + (f" y {formato.texto_entero(n - len(ots))} más" if n > len(ots) else "")
            filas.append(f"• {'⚠ ' if linea.senalada else ''}{linea.texto}. OT: {lista}")
        filas += [f"• KPI de {texto_efecto(e)}" for e in c.efecto]
        partes.append(f"Desde la última importación ({texto_importacion(c)}):\n"
                      + ("\n".join(filas) if filas else "• Ningún cambio en las órdenes de movimiento de poste."))
    return "".join(f"\n\n{p}" for p in partes)
