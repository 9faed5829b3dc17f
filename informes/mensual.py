"""Informe mensual a la Jefa de División: los datos, las tablas y el Excel «Reporte de Estados de OTs».

El KPI sale siempre de `consultas.kpi.kpi_mensual` (la misma definición del Semáforo); aquí sólo se
juntan las órdenes del mes y su seguimiento. El PDF está en `informes.pdf`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

import consultas
from datos import formato
from consultas.kpi import kpi_mensual
from datos.meses import leer_mes, mes_siguiente, nombre_mes, nombre_mes_corto, sumar_meses, ultimo_dia
from datos import reloj
from datos.dominio import (ETIQUETA_RESULTADO, ETIQUETA_VEREDICTO, PERSONALES, RESULTADOS, SIN_VERIFICAR,
                           titulo_familia)
from datos.errores import ErrorUsuario
from informes import anotaciones, conciliacion
from informes.exportar import PORCENTAJE, Cifra, excel_seguro

ESTADOS = ("ANULADO", "REGISTRADO", "ATENDIDO")  # el orden de las hojas del Excel: lo que pide acción primero
MESES_TENDENCIA = 12


class SinDatos(ErrorUsuario, LookupError):
    """El mes no tiene órdenes de movimiento de poste (con los filtros dados)."""


def meses_con_datos(con) -> list[dt.date]:
    """Meses con órdenes de poste, el más reciente primero."""
    serie = kpi_mensual(con)
    return list(serie.loc[serie["total"] > 0, "mes"])[::-1]


@dataclass(frozen=True)
class Filtros:
    actividades: tuple[int, ...] = ()
    zonas: tuple[str, ...] = ()
    unidades: tuple[str, ...] = ()

    def parametros(self) -> dict:
        """Vacío = sin restricción (NULL en la consulta)."""
        return {"actividades": list(self.actividades) or None, "zonas": list(self.zonas) or None,
                "unidades": list(self.unidades) or None}

    def texto(self) -> str:
        partes = [
            "Actividades: " + (", ".join(map(str, self.actividades)) or "todas las de movimiento de poste"),
            "Zonas: " + (", ".join(self.zonas) or "todas"),
            "Unidades operativas: " + (", ".join(self.unidades) or "todas"),
        ]
        return " · ".join(partes)


@dataclass
class InformeMensual:
    mes: dt.date
    generado: dt.datetime
    filtros: Filtros
    kpi: dict
    tendencia: pd.DataFrame
    ordenes: pd.DataFrame
    seguimiento: pd.DataFrame
    ausencias: pd.DataFrame
    conciliacion: object = None       # informes.conciliacion.Resumen del mes (sección «Conciliación CxC» del PDF)
    anotaciones: pd.DataFrame | None = None  # notas sobre la tendencia, numeradas (informes.anotaciones.numeradas)
    frescura: pd.DataFrame | None = None  # la última importación de cada familia (tipo, fecha, archivo)

    def notas_del_mes(self) -> pd.DataFrame:
        """Las notas que tocan el mes del informe («Contexto del mes»)."""
        n = anotaciones.numeradas(self.anotaciones)
        hasta, desde = pd.to_datetime(n["hasta"]).dt.date, pd.to_datetime(n["desde"]).dt.date
        return n[(hasta >= self.mes) & (desde <= ultimo_dia(self.mes))]

    def texto_frescura(self) -> str:
        """De cuándo son los datos, por familia (como la barra lateral): «Órdenes al 05/12/2026 · Facturación al
        06/12/2026». Las órdenes pueden ser más viejas que la facturación."""
        if self.frescura is None or self.frescura.empty:
            return "Sin importaciones registradas"
        return " · ".join(f"{titulo_familia(f.tipo)} al {formato.texto_fecha(f.fecha)}"
                          for f in self.frescura.itertuples(index=False))

    # — el veredicto, tal como lo muestra el Semáforo —
    @property
    def porcentaje(self) -> str:
        centesimas = self.kpi["centesimas"]
        return formato.texto_porcentaje(None if pd.isna(centesimas) else int(centesimas))

    @property
    def veredicto(self) -> str:
        return ETIQUETA_VEREDICTO[self.kpi["estado"]]

    @property
    def preliminar(self) -> bool:
        return bool(self.kpi["preliminar"])

    @property
    def umbral(self) -> int:
        return int(self.kpi["umbral"])

    @property
    def titulo_mes(self) -> str:
        return nombre_mes(self.mes)

    def conteos(self) -> dict[str, int]:
        return {"Total": int(self.kpi["total"]), "Atendidos": int(self.kpi["atendidos"]),
                "Registrados": int(self.kpi["registrados"]), "Anulados": int(self.kpi["anulados"])}

    def detras(self) -> str:
        """Los trámites del KPI y las OT detrás de ellos: «28 trámites · 31 OT (atendidos: 27 trámites · 29 OT)»."""
        return formato.texto_detras(self.kpi)

    def del_estado(self, estado: str) -> pd.DataFrame:
        return self.ordenes[self.ordenes["estado"] == estado]

    # — tiempos y verificación —
    @cached_property
    def dias_para_atender(self) -> pd.Series:
        atendidos = self.del_estado("ATENDIDO")
        return (atendidos["fecha_atencion"] - atendidos["fecha_registro"]).dt.total_seconds() / 86400

    def tiempo_atencion(self) -> dict[str, float | None]:
        dias = self.dias_para_atender.dropna()
        if dias.empty:
            return {"mediana": None, "p90": None, "con_fecha": 0}
        return {"mediana": float(dias.median()), "p90": float(dias.quantile(0.9)), "con_fecha": len(dias)}

    def verificacion(self) -> dict[str, int]:
        resultado = self.del_estado("ATENDIDO")["verif_resultado"]
        return {**{etiqueta: int((resultado == clave).sum()) for clave, etiqueta in RESULTADOS.items()},
                ETIQUETA_RESULTADO[SIN_VERIFICAR]: int(resultado.isna().sum())}

    # — tablas con nombres para la gente (página, PDF y Excel usan las mismas) —
    def tabla_anulados(self) -> pd.DataFrame:
        o = self.del_estado("ANULADO")
        return pd.DataFrame({
            "OT": o["ot"], "Registro": o["fecha_registro"], "Anulación": o["fecha_anulacion"],
            "Causal": o["causal"], "Medida correctiva": o["medida_texto"],
            "Registrada por": o["medida_autor"], "Fecha de la medida": o["medida_fecha"],
        })

    def tabla_registrados(self) -> pd.DataFrame:
        o = self.del_estado("REGISTRADO").sort_values(["fecha_registro", "ot"])
        hoy = pd.Timestamp(self.generado).normalize()
        return pd.DataFrame({
            "OT": o["ot"], "Registro": o["fecha_registro"], "Antigüedad (días)": o["edad_dias"],
            "Tramo": o["tramo"],
            "Fecha límite": o["fecha_limite"],
            "Vencida": o["fecha_limite"].map(lambda f: None if pd.isna(f) else ("Sí" if f < hoy else "No")),
            "Última coordinación": o["coord_fecha"], "Con quién": o["coord_contacto"],
            "Fecha acordada": o["coord_acordada"], "Nota": o["coord_texto"], "Coordinó": o["coord_autor"],
        })

    def tabla_atendidos(self) -> pd.DataFrame:
        o = self.del_estado("ATENDIDO")
        return pd.DataFrame({
            "OT": o["ot"], "Registro": o["fecha_registro"], "Atención": o["fecha_atencion"],
            "Días para atender": self.dias_para_atender.round(1),
            "Verificación": etiqueta_verificacion(o["verif_resultado"]),
            "Nota de verificación": o["verif_texto"], "Verificó": o["verif_autor"],
        })

    def tabla_seguimiento(self) -> pd.DataFrame:
        s = self.seguimiento
        return pd.DataFrame({
            "Persona": s["autor"], "Rol": s["rol"].map(_rol_nombre),
            "Como suplente": s["suplente"].map({True: "Sí", False: "No"}),
            "Medidas": s["medidas"], "Coordinaciones": s["coordinaciones"], "Verificaciones": s["verificaciones"],
            "Primer registro": s["primero"], "Último registro": s["ultimo"],
        })

    def tabla_ausencias(self) -> pd.DataFrame:
        a = self.ausencias
        return pd.DataFrame({"Desde": a["desde"], "Hasta": a["hasta"], "Motivo": a["motivo"],
                             "Registrada por": a["registrado_por"]})

    def tabla_tendencia(self) -> pd.DataFrame:
        t = self.tendencia
        return pd.DataFrame({
            "Mes": t["mes"].map(nombre_mes_corto), "Total": t["total"], "OT": t["ot_total"],
            "Atendidos": t["atendidos"], "Registrados": t["registrados"], "Anulados": t["anulados"],
            "KPI": t["centesimas"].map(lambda c: formato.texto_porcentaje(None if pd.isna(c) else int(c))),
            "Resultado": t["estado"].map(ETIQUETA_VEREDICTO) + t["preliminar"].map({True: " (preliminar)", False: ""}),
        })


def etiqueta_verificacion(resultados: pd.Series) -> pd.Series:
    """«conforme» → «Conforme»; sin verificación vigente → «Sin verificar»."""
    return resultados.map(RESULTADOS).fillna(ETIQUETA_RESULTADO[SIN_VERIFICAR])


def _rol_nombre(rol: str) -> str:
    from datos.permisos import ROLES
    return ROLES.get(rol, rol)


def construir(con, mes, filtros: Filtros | None = None, ahora: dt.datetime | None = None) -> InformeMensual:
    """Junta todo lo del informe de `mes`; SinDatos si el mes no tiene órdenes de poste."""
    mes = leer_mes(mes)
    filtros = filtros or Filtros()
    ahora = ahora or reloj.ahora().replace(microsecond=0)
    params = filtros.parametros()
    tendencia = kpi_mensual(con, desde=sumar_meses(mes, -(MESES_TENDENCIA - 1)), hasta=mes, **params)
    fila = tendencia[tendencia["mes"] == mes]
    if fila.empty or int(fila.iloc[0]["total"]) == 0:
        raise SinDatos(f"No hay órdenes de movimiento de poste registradas en {nombre_mes(mes)}"
                       + ("" if filtros == Filtros() else f" con los filtros dados ({filtros.texto()})") + ".")
    ordenes = consultas.consultar(con, "informe_ordenes", desde=mes, hasta=mes_siguiente(mes),
                                  hoy=ahora.date(), **params)
    seguimiento = consultas.consultar(con, "informe_seguimiento", ots=ordenes["ot"].tolist())
    # La suplencia del mes del informe, sólo ese mes (una ausencia de diciembre no va en el informe de noviembre).
    ausencias = consultas.consultar(con, "informe_ausencias", desde=mes, hasta_periodo=ultimo_dia(mes))
    return InformeMensual(mes=mes, generado=ahora, filtros=filtros, kpi=fila.iloc[0].to_dict(),
                          tendencia=tendencia, ordenes=ordenes, seguimiento=seguimiento, ausencias=ausencias,
                          conciliacion=conciliacion.resumen(con, mes),  # de todo el mes, sin los filtros
                          frescura=consultas.consultar(con, "ultima_importacion_por_familia"),
                          anotaciones=anotaciones.numeradas(consultas.consultar(
                              con, "anotaciones", desde=tendencia["mes"].iloc[0], hasta=ultimo_dia(mes))))


# — Excel «Reporte de Estados de OTs» —

_COLUMNAS_COMUNES = {
    "ot": "OT", "solicitud": "Solicitud", "actividad_codigo": "Código de actividad", "actividad": "Actividad",
    "estado": "Estado", "estado_origen": "Estado en Smartflex", "fecha_registro": "Fecha de registro",
    "fecha_limite": "Fecha límite", "unidad_operativa": "Unidad operativa", "tecnico": "Técnico", "zona": "Zona",
}
_COLUMNAS_ESTADO = {
    "ANULADO": {"fecha_anulacion": "Fecha de anulación", "causal": "Causal",
                "medida_texto": "Medida correctiva", "medida_autor": "Medida registrada por",
                "medida_fecha": "Fecha de la medida"},
    "REGISTRADO": {"edad_dias": "Antigüedad (días)", "tramo": "Tramo de antigüedad",
                   "coord_fecha": "Última coordinación", "coord_contacto": "Con quién",
                   "coord_acordada": "Fecha acordada", "coord_texto": "Nota de coordinación",
                   "coord_autor": "Coordinó"},
    "ATENDIDO": {"fecha_atencion": "Fecha de atención", "verif_resultado": "Verificación",
                 "verif_texto": "Nota de verificación", "verif_autor": "Verificó", "verif_fecha": "Fecha de verificación"},
}


def hoja_estado(informe: InformeMensual, estado: str, personales: bool = False) -> pd.DataFrame:
    """Todas las órdenes del mes en `estado`; los datos del cliente sólo para quien puede verlos."""
    columnas = dict(_COLUMNAS_COMUNES)
    if personales:
        columnas |= PERSONALES
    columnas |= _COLUMNAS_ESTADO[estado]
    o = informe.del_estado(estado)
    hoja = o[list(columnas)].rename(columns=columnas).reset_index(drop=True)
    if estado == "ATENDIDO":
        hoja.insert(hoja.columns.get_loc("Fecha de atención") + 1, "Días para atender",
                    informe.dias_para_atender.round(1).to_numpy())
        hoja["Verificación"] = etiqueta_verificacion(hoja["Verificación"])
    return hoja


def hoja_resumen(informe: InformeMensual) -> pd.DataFrame:
    tiempo = informe.tiempo_atencion()
    filas = [
        ("Reporte", "Reporte de Estados de OTs — Movimiento de poste (OPE-SUM-GES-P08)"),
        ("Mes", informe.titulo_mes),
        ("Generado", informe.generado),  # fecha real de Excel
        ("Filtros", informe.filtros.texto()),
        *informe.conteos().items(),
        # El KPI cuenta trámites (una solicitud, aunque OSF haya anulado una OT y emitido otra); las hojas, OT.
        ("OT detrás de los trámites", informe.detras()),
        # Números con su formato, no texto: el KPI truncado (centésimas ÷ 10.000, nunca redondeado) como porcentaje.
        ("KPI (atendidos ÷ total)", Cifra(int(informe.kpi["centesimas"]) / 10000, PORCENTAJE, informe.porcentaje)),
        ("Meta", Cifra(informe.umbral / 100, '"≥ "0 %', f"≥ {informe.umbral} %")),
        ("Resultado", informe.veredicto),
        ("Preliminar", "Sí: hay órdenes en estado REGISTRADO" if informe.preliminar else "No"),
        ("Mediana de días para atender", _dias(tiempo["mediana"])),
        ("Percentil 90 de días para atender", _dias(tiempo["p90"])),
        *((f"Verificación: {k}", v) for k, v in informe.verificacion().items()),
    ]
    return pd.DataFrame(filas, columns=["Concepto", "Valor"])


def _dias(valor) -> Cifra | str:
    """13,25 días → 13,3 (número con un decimal y «días» en el formato); «—» si no hay."""
    if valor is None or pd.isna(valor):
        return "—"
    return Cifra(round(float(valor), 1), '0.0 "días"', formato.texto_dias(valor))


def excel(informe: InformeMensual, personales: bool = False) -> bytes:
    hojas = {"Resumen": hoja_resumen(informe)}
    hojas |= {estado: hoja_estado(informe, estado, personales) for estado in ESTADOS}
    return excel_seguro(hojas)


def nombre_pdf(mes: dt.date) -> str:
    return f"informe_{mes:%Y-%m}.pdf"


def nombre_excel(mes: dt.date) -> str:
    return f"reporte_estados_{mes:%Y-%m}.xlsx"
