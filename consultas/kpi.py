"""El KPI mensual (consultas/kpi_mensual.sql) para Python: página, informe y línea de comandos."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from consultas import consultar
from datos.meses import mes_como_texto


def kpi_mensual(con, desde: dt.date | None = None, hasta: dt.date | None = None,
                actividades: list[int] | None = None, zonas: list[str] | None = None,
                unidades: list[str] | None = None) -> pd.DataFrame:
    """Una fila por mes de `desde` a `hasta` (None = primer / último mes con trámites de poste): trámites por estado
    (total, atendidos, registrados, anulados) y las OT detrás de ellos (ot_total, ot_atendidos…).

    Una lista vacía o None en un filtro significa «todas». Una unidad se da por su clave (opciones()) o por su
    nombre en cualquier ortografía. `mes` vuelve como datetime.date.
    """
    df = consultar(con, "kpi_mensual", desde=desde, hasta=hasta,
                   actividades=_lista(actividades), zonas=_lista(zonas), unidades=_lista(unidades))
    df["mes"] = [m.date() for m in df["mes"]]
    return df


def _lista(valores) -> list | None:
    return list(valores) if valores else None


def como_json(df: pd.DataFrame) -> list[dict]:
    """Las filas del KPI con los campos y tipos del contrato de `python -m consultas kpi`."""
    return [{
        "mes": mes_como_texto(f.mes),
        "total": int(f.total),
        "atendidos": int(f.atendidos),
        "registrados": int(f.registrados),
        "anulados": int(f.anulados),
        # Las OT detrás de esos trámites (las claves de arriba cuentan trámites, la unidad del KPI).
        "ot_total": int(f.ot_total),
        "ot_atendidos": int(f.ot_atendidos),
        "ot_registrados": int(f.ot_registrados),
        "ot_anulados": int(f.ot_anulados),
        # Desde las centésimas enteras: 9795 → 97.95, sin pasar por el redondeo de un float.
        "porcentaje": None if pd.isna(f.centesimas) else int(f.centesimas) / 100,
        "estado": f.estado,
        "preliminar": bool(f.preliminar),
    } for f in df.itertuples(index=False)]


def opciones(con) -> dict:
    """Meses con datos y valores posibles de los filtros del Semáforo (una sola consulta).

    `unidades_por_clave`: {clave: etiqueta}, una por unidad operativa (clave = código, o nombre normalizado si no
    trae código; etiqueta = su ortografía más usada). `unidades`: esos nombres, sin repetir. Los filtros de
    unidades aceptan cualquiera de los dos. `zonas_por_mes`: (primer día del mes, como fecha; zona) de las órdenes que traen zona.
    """
    fila = consultar(con, "semaforo_opciones").iloc[0]
    return {
        "primer_mes": None if pd.isna(fila.primer_mes) else fila.primer_mes.date(),
        "ultimo_mes": None if pd.isna(fila.ultimo_mes) else fila.ultimo_mes.date(),
        "zonas": list(fila.zonas),
        "zonas_por_mes": [(pd.Timestamp(z["mes"]).date(), z["zona"]) for z in fila.zonas_por_mes],
        "unidades": list(fila.unidades),
        "unidades_por_clave": dict(zip(fila.unidades_claves, fila.unidades_etiquetas)),
        "actividades": dict(zip((int(c) for c in fila.actividades), fila.descripciones)),
    }


def ordenes_del_mes(con, mes: dt.date, actividades=None, zonas=None, unidades=None,
                    limite: int = 50) -> pd.DataFrame:
    """Las órdenes que cuentan en el KPI de `mes`, pendientes primero (a lo sumo `limite`)."""
    return consultar(con, "semaforo_ordenes_mes", mes=mes, actividades=_lista(actividades),
                     zonas=_lista(zonas), unidades=_lista(unidades), limite=limite)


def legalizadas_con_causal_fallo(con, mes: dt.date, actividades=None, zonas=None, unidades=None) -> int:
    """Cuántas órdenes ATENDIDAS del KPI de `mes` (mismos filtros) se legalizaron con una causal de fallo.
    Siguen contando como atendidas: el KPI es el del procedimiento; esto sólo avisa qué verificar."""
    return int(consultar(con, "semaforo_causal_fallo", mes=mes, actividades=_lista(actividades),
                         zonas=_lista(zonas), unidades=_lista(unidades)).iloc[0, 0])
