"""La conciliación CxC de un mes fuera de la página: el resumen de la línea de órdenes (JSON, sin pandas: sale en
menos de medio segundo), el Excel (una hoja de resumen y una por categoría, con las celdas peligrosas escritas como
texto: informes.exportar) y lo que lleva la sección «Conciliación CxC» del informe mensual en PDF."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from consultas import ejecutar
from datos.meses import leer_mes, mes_como_texto

CATEGORIAS = ("conciliadas", "duplicadas", "importe_distinto", "cobrada_con_orden_anulada",
              "anulada_con_orden_atendida", "sin_factura", "factura_sin_tramite")  # el orden del JSON del issue
ORDEN_DISENO = ("duplicadas", "importe_distinto", "cobrada_con_orden_anulada", "conciliadas",
                "anulada_con_orden_atendida", "sin_factura", "factura_sin_tramite")  # DISENO §8


def _numero(importe: Decimal | None):
    """1000.00 → 1000; 1000.50 → 1000.5 (para el JSON)."""
    if importe is None:
        return None
    return int(importe) if importe == importe.to_integral_value() else float(importe)


@dataclass(frozen=True)
class Resumen:
    """Lo del mes que cabe en una línea: conteos e importes por categoría, explicadas, tarifa y firmas."""
    mes: dt.date
    tarifa: Decimal | None                      # la del primer día del mes
    cambios_tarifa: list[tuple[dt.date, Decimal]]  # los que rigen desde un día dentro del mes
    conteos: dict[str, int]
    importes: dict[str, Decimal]
    explicadas: int
    firmas: list[tuple]                         # (id, tipo, elaborado_id, usuario, nombre, rol, creado_en)

    @property
    def elaborado(self) -> tuple | None:
        """La última firma «Elaborado por», si hay."""
        return next((f for f in reversed(self.firmas) if f[1] == "elaborado"), None)

    @property
    def revisado(self) -> tuple | None:
        """La firma «Revisado por» de la última elaboración, si hay."""
        elaborado = self.elaborado
        return next((f for f in self.firmas if f[1] == "revisado" and elaborado and f[2] == elaborado[0]), None)

    @property
    def firmado(self) -> bool:
        return self.elaborado is not None

    @property
    def excepciones(self) -> int:
        return sum(n for c, n in self.conteos.items() if c != "conciliadas")

    def como_json(self) -> dict:
        return {"mes": mes_como_texto(self.mes), "tarifa": _numero(self.tarifa),
                "conteos": {c: self.conteos[c] for c in CATEGORIAS}, "explicadas": self.explicadas,
                "firmado": self.firmado}


def resumen(con, mes, lista=None) -> Resumen:
    """Con `lista` (el DataFrame de consultas/conciliacion.sql del mismo mes, que la página ya leyó) los conteos salen
    de ella y no se vuelve a calcular la conciliación (con 1 M de órdenes, ~150 ms cada vez)."""
    mes = leer_mes(mes)
    if lista is None:
        filas = ejecutar(con, "conciliacion_resumen", mes=mes).fetchall()
    else:
        # pandas trae los DECIMAL como float: se suman centavos enteros, para que el total sea exacto
        centavos = (lista.importe.astype(float) * 100).round().astype("int64")
        filas = [(c, int((lista.categoria == c).sum()),
                  Decimal(int(centavos[lista.categoria == c].sum())) / 100,
                  int((lista.explicada & (lista.categoria == c)).sum())) for c in ORDEN_DISENO]
    tarifas = ejecutar(con, "conciliacion_tarifa_mes", mes=mes).fetchall()
    firmas = ejecutar(con, "conciliacion_firmas", mes=mes).fetchall()
    primera = tarifas[0] if tarifas and tarifas[0][0] <= mes else None
    return Resumen(mes=mes, tarifa=primera[1] if primera else None,
                   cambios_tarifa=[t for t in tarifas if t[0] > mes],
                   conteos={c: int(n) for c, n, _, _ in filas}, importes={c: i for c, _, i, _ in filas},
                   explicadas=sum(int(e) for *_, e in filas), firmas=firmas)


# --- Excel -----------------------------------------------------------------------------------------------------

def hoja_categoria(lista, personales: bool):
    """Las filas de una categoría con los títulos de la página (lista: DataFrame de consultas/conciliacion.sql)."""
    import pandas as pd

    hoja = pd.DataFrame({
        "Solicitud": lista["solicitud"], "OT": lista["ot"].astype("Int64"), "Estado de la OT": lista["estado_orden"],
        "Registro de la OT": lista["registro"],
        "Facturas": lista["facturas_texto"],
        "Importe en juego (Bs.)": lista["importe"].astype(float), "Neto facturado (Bs.)": lista["neto"].astype(float),
        "Tarifa (Bs.)": lista["tarifa"].astype(float),
    })
    if personales:
        hoja["Cliente"] = lista["cliente"]
        hoja["CI/NIT"] = lista["ci_nit"]
    hoja["CI/NIT distinto"] = lista["ci_distinto"].map({True: "Sí", False: ""})
    hoja["Factura de otro mes"] = lista["otro_mes"].map({True: "Sí", False: ""})
    hoja["Explicada"] = lista["explicada"].map({True: "Sí", False: ""})
    hoja["Explicación"] = lista["explicacion"].where(lista["explicada"], None)
    hoja["Explicada por"] = lista["explicada_por"].where(lista["explicada"], None)
    hoja["Explicada el"] = lista["explicada_en"].where(lista["explicada"], None)
    return hoja.reset_index(drop=True)


def hoja_resumen(r: Resumen):
    """Concepto, valor, importe y detalle: cantidades e importes como números (el importe con formato «Bs.»), fechas
    como fechas; así se suman y se filtran en Excel."""
    import pandas as pd

    from datos import formato
    from datos.meses import nombre_mes
    from datos import reloj
    from datos.facturacion import CATEGORIAS as ROTULOS
    from informes.exportar import BOLIVIANOS, Cifra

    def bs(monto):
        return None if monto is None else Cifra(float(monto), BOLIVIANOS, formato.texto_bs(monto))

    filas = [("Reporte", "Conciliación mensual de facturas CxC — Movimiento de poste (OPE-SUM-GES-P08, paso 15)",
              None, None),
             ("Mes", nombre_mes(r.mes), None, None), ("Generado", reloj.ahora().replace(microsecond=0), None, None),
             ("Tarifa", None if r.tarifa is not None else "—", bs(r.tarifa), "la del primer día del mes")]
    filas += [("Cambio de tarifa", d, bs(i), "rige desde ese día") for d, i in r.cambios_tarifa]
    for c, (rotulo, _, que) in ROTULOS.items():
        filas.append((rotulo, r.conteos[c], bs(r.importes[c]), que))
    filas.append(("Excepciones explicadas", r.explicadas, None, f"de {formato.texto_entero(r.excepciones)}"))
    for titulo, firma in (("Elaborado por", r.elaborado), ("Revisado por", r.revisado)):
        filas.append((titulo, f"{firma[4]} ({firma[3]})" if firma else "—", None, firma[6] if firma else None))
    return pd.DataFrame(filas, columns=["Concepto", "Valor", "Importe (Bs.)", "Detalle"])


def excel(con, mes, personales: bool = False) -> bytes:
    """El libro de la conciliación del mes: «Resumen» y una hoja por categoría (aunque esté vacía)."""
    from consultas import consultar
    from datos.facturacion import CATEGORIAS as ROTULOS
    from informes.exportar import excel_seguro

    mes = leer_mes(mes)
    lista = consultar(con, "conciliacion", mes=mes, personales=personales)
    hojas = {"Resumen": hoja_resumen(resumen(con, mes))}
    for c, (rotulo, _, _) in ROTULOS.items():
        hojas[rotulo] = hoja_categoria(lista[lista["categoria"] == c], personales)
    return excel_seguro(hojas)


def nombre_excel(mes: dt.date) -> str:
    return f"conciliacion_cxc_{mes:%Y-%m}.xlsx"
