"""«Desde la última importación» (issue 25): qué trajo una importación de órdenes y cómo movió el KPI de cada mes.

La lista sale de una consulta con nombre (cambios_importacion.sql, sobre historial_estados e importaciones_ordenes).
El KPI de antes y el de después salen de consultas.kpi.kpi_mensual —el mismo camino del Semáforo— corrido en un cursor
aparte donde `ordenes` es la base como quedó al terminar cada importación (cambios_al_corte.sql): si el KPI pasa a
contar trámites, el efecto se cuenta en trámites sin tocar nada aquí."""
from __future__ import annotations

import datetime as dt
from contextlib import closing
from dataclasses import dataclass, field

import pandas as pd

from consultas import consultar, sql
from consultas.kpi import kpi_mensual

# Cada tipo de línea: su rótulo, en el orden en que se muestran. Los señalados piden revisar la exportación.
TIPOS = {
    "retrocede": "volvieron a REGISTRADO",
    "entre_finales": "cambiaron de un estado final a otro (ATENDIDO ↔ ANULADO)",
    "desaparecida": "ya no vienen en la exportación (siguen en la base como estaban)",
    "atendida": "pasaron de REGISTRADO a ATENDIDO",
    "anulada": "pasaron de REGISTRADO a ANULADO",
    "nueva": "nuevas",
}
SENALADOS = frozenset({"retrocede", "entre_finales", "desaparecida"})
LIMITE = 500  # OT por tipo en la lista: la primera importación de una base trae todas como nuevas


@dataclass(frozen=True)
class EfectoMes:
    """El KPI de un mes antes y después de la importación (filas de kpi_mensual; `antes` None si el mes no existía)."""
    mes: dt.date
    antes: object | None
    despues: object

    @property
    def diferencia(self) -> int | None:
        """En centésimas de punto, de los porcentajes ya truncados (lo que la gente compara)."""
        if self.antes is None or pd.isna(self.antes.centesimas) or pd.isna(self.despues.centesimas):
            return None
        return int(self.despues.centesimas) - int(self.antes.centesimas)


@dataclass
class Cambios:
    importacion: dict                        # id, fecha, archivo, importado_por, filas_leidas, nuevas, actualizadas
    ordenes: pd.DataFrame                    # filas de cambios_importacion.sql
    efecto: list[EfectoMes] = field(default_factory=list)

    def del_tipo(self, tipo: str) -> pd.DataFrame:
        """Las OT de un tipo (a lo sumo LIMITE por tipo: cuantas() dice cuántas son)."""
        return self.ordenes[self.ordenes["tipo"] == tipo]

    def anuladas_nuevas(self) -> pd.DataFrame:
        """Las que quedaron ANULADAS con esta importación: las que pasaron a ANULADO y las que llegaron anuladas."""
        return self.ordenes[self.ordenes["anulada_nueva"]]

    def cuantas(self, tipo: str) -> int:
        """Cuántas OT del tipo hay («anuladas_nuevas» también), aunque la lista traiga a lo sumo LIMITE."""
        columna = "cuantas_anuladas_nuevas" if tipo == "anuladas_nuevas" else "cuantas"
        filas = self.anuladas_nuevas() if tipo == "anuladas_nuevas" else self.del_tipo(tipo)
        return 0 if filas.empty else int(filas[columna].iloc[0])

    @property
    def vacia(self) -> bool:
        return self.ordenes.empty and not self.efecto


def importaciones_de_ordenes(con, limite: int = 60) -> pd.DataFrame:
    """Las importaciones de órdenes, la más reciente primero."""
    return consultar(con, "cambios_importaciones", limite=limite)


def cambios(con, importacion: int | None = None, limite: int = LIMITE) -> Cambios | None:
    """Lo que cambió con la importación `importacion` (None = la última de órdenes); None si no hay ninguna. Trae a lo
    sumo `limite` OT de cada tipo (y de las anuladas nuevas)."""
    lista = importaciones_de_ordenes(con)
    if importacion is not None:
        lista = lista[lista["id"] == int(importacion)]
    if lista.empty:
        return None
    fila = lista.iloc[0].to_dict()
    corte = int(fila["id"])
    ordenes = consultar(con, "cambios_importacion", importacion=corte, limite=limite)
    ordenes["mes"] = [m.date() for m in pd.to_datetime(ordenes["mes"])]
    return Cambios(fila, ordenes, efecto_en_el_kpi(con, corte))


def efecto_en_el_kpi(con, corte: int) -> list[EfectoMes]:
    """Los meses cuyo KPI (conteos, porcentaje o veredicto) cambió entre el fin de la importación anterior y el de
    `corte`, el más antiguo primero."""
    antes = {f.mes: f for f in kpi_al_corte(con, corte - 1).itertuples(index=False)}
    efecto = []
    for f in kpi_al_corte(con, corte).itertuples(index=False):
        previo = antes.get(f.mes)
        if previo is None and not f.total:
            continue
        if previo is not None and _clave(previo) == _clave(f):
            continue
        efecto.append(EfectoMes(f.mes, previo if previo is not None and previo.total else None, f))
    return efecto


def _clave(fila) -> tuple:
    return tuple(getattr(fila, c) for c in ("total", "atendidos", "registrados", "anulados", "estado"))


def kpi_al_corte(con, corte: int) -> pd.DataFrame:
    """kpi_mensual con la base como quedó al terminar la importación `corte` (todas las órdenes, sin filtros)."""
    with closing(con.cursor()) as cur:  # otra conexión: la vista temporal no tapa la tabla en la del llamador
        (catalogo,) = cur.execute("SELECT current_database()").fetchone()
        tabla = '"' + catalogo.replace('"', '""') + '".main.ordenes'
        cur.execute(f"SET VARIABLE corte = {int(corte)}")
        cur.execute(sql("cambios_al_corte").replace("ordenes_guardadas", tabla))
        return kpi_mensual(cur)
