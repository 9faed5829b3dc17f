"""«Para APROBADO faltan…» (issue 25): cuántos de los pendientes de un mes abierto hay que atender para llegar a la
meta, con la regla exacta del KPI: APROBADO si atendidos × 100 ≥ umbral × total (enteros, sin redondeo). Cuenta en la
unidad del KPI: recibe los conteos de una fila de kpi_mensual (hoy OT, trámites cuando el KPI cuente trámites)."""
from __future__ import annotations

from dataclasses import dataclass

from datos import formato


@dataclass(frozen=True)
class ParaAprobado:
    atendidos: int
    total: int
    pendientes: int
    umbral: int
    faltan: int | None  # cuántos pendientes hay que atender; 0 = ya APROBADO; None = ya no alcanza

    @property
    def aprobado(self) -> bool:
        return self.faltan == 0

    @property
    def alcanza(self) -> bool:
        return self.faltan is not None

    def porcentaje(self, atendidos: int) -> str:
        return formato.texto_porcentaje(formato.porcentaje_centesimas(atendidos, self.total))

    def texto(self) -> str:
        a, t, p, k = self.atendidos, self.total, self.pendientes, self.faltan
        todos = a + p
        if k == 0:
            return f"Ya está APROBADO: {_n(a)} de {_n(t)}, {self.porcentaje(a)} (meta {self.umbral} %)."
        if k is None:
            if p == 0:
                return f"Ya no alcanza: no quedan pendientes y el mes queda en {self.porcentaje(a)}."
            return (f"Ya no alcanza: aun atendiendo todo ({_n(p)} pendiente{'s' if p != 1 else ''}) quedaría en "
                    f"{self.porcentaje(todos)} ({_n(todos)} de {_n(t)}).")
        cuantos = f"{_n(k)} de {'1 pendiente' if p == 1 else f'los {_n(p)} pendientes'}"
        texto = f"Falta{'n' if k != 1 else ''} {cuantos}: con {_n(a + k)} de {_n(t)} sería {self.porcentaje(a + k)}"
        if k < p:
            texto += f"… con {_n(todos)} de {_n(t)}, {self.porcentaje(todos)}"
        return texto + "."


def para_aprobado(atendidos: int, total: int, pendientes: int, umbral: int = 98) -> ParaAprobado | None:
    """None si el mes no tiene trámites. `pendientes`: los REGISTRADO (los anulados ya no pueden atenderse)."""
    atendidos, total, pendientes, umbral = int(atendidos), int(total), int(pendientes), int(umbral)
    if total <= 0:
        return None
    # El menor k con (atendidos + k) × 100 ≥ umbral × total: techo de la diferencia ÷ 100, en enteros.
    faltan = max(0, -(-(umbral * total - atendidos * 100) // 100))
    return ParaAprobado(atendidos, total, pendientes, umbral, faltan if faltan <= pendientes else None)


def de_fila(fila) -> ParaAprobado | None:
    """Desde una fila de consultas.kpi.kpi_mensual (atendidos, total, registrados, umbral)."""
    return para_aprobado(fila.atendidos, fila.total, fila.registrados, fila.umbral)


def _n(valor: int) -> str:
    return formato.texto_entero(valor)
