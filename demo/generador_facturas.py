"""Exportaciones de facturación CxC como las que bajan de Smartflex (DISENO §3.1 «Billing»), hechas por el proyecto:
para la base de demostración (demo/muestras/) y para las pruebas. Nunca se lee una muestra de afuera.

Una lista de cargos (`Cargo`: una línea de CARGOS con los datos de su FACTURA) y un escritor por forma; cada
escritor devuelve los bytes del archivo:

- `reporte_xlsx`: el reporte de caja en Excel («Nro. Factura», «Fecha Emisión», «Nombre Factura», «CI/NIT»,
  «Concepto», «Importe Bs.», «Nro. Solicitud», «Estado Factura»), fechas reales, importes como números;
- `reporte_csv`: el mismo reporte en CSV «;» Windows-1252 con títulos arriba, importes «1.000,00» y fila de totales;
- `osf_csv`: la consulta a FACTURA / CUENCOBR / CARGOS (FACTCODI, FACTFEGE, CUCOCODI, CARGDOSO = 'PP-' ||
  PACKAGE_ID, CARGCONC «código - descripción», CARGVALO «1000.00», CARGSIGN DB/CR, NIT, nombre y estado), fechas
  DD/MM/RR, todo entre comillas como SQL Developer;
- `xls_97`: el reporte en Excel 97-2003 (BIFF8), con título y totales.

`para_demo(tramites)` arma, desde las órdenes de poste de la demostración, cargos coherentes con ellas: casi todos
conciliados y unos pocos de cada excepción (DISENO §8). `python -m demo.generador_facturas` vuelve a escribir los
archivos de demo/muestras/.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

CONCEPTO = (101, "MOVIMIENTO DE POSTE")
OTRO_CONCEPTO = (205, "RECONEXIÓN DE SERVICIO")


@dataclass(frozen=True)
class Cargo:
    factura: int
    fecha: dt.datetime                  # FACTFEGE
    solicitud: int | None               # PACKAGE_ID (CARGDOSO = 'PP-' || PACKAGE_ID)
    importe: Decimal = Decimal("1000")  # CARGVALO, siempre positivo
    signo: str = "DB"                   # CARGSIGN: DB o CR (nota de crédito)
    estado: str = "VIGENTE"             # como lo escribe el reporte
    cliente: str = ""
    ci_nit: str = ""
    cuenta: int | None = None           # CUCOCODI
    concepto: tuple[int, str] = CONCEPTO


def _csv(filas, sep=",", comillas=csv.QUOTE_MINIMAL, codificacion="utf-8") -> bytes:
    salida = io.StringIO()
    csv.writer(salida, delimiter=sep, quoting=comillas, lineterminator="\r\n").writerows(filas)
    return salida.getvalue().encode(codificacion)


def texto_bs(importe: Decimal) -> str:
    """«1.000,00», como lo escribe un reporte en Bolivia."""
    entero, dec = f"{importe:,.2f}".split(".")
    return f"{entero.replace(',', '.')},{dec}"


REPORTE = ["Nro. Factura", "Fecha Emisión", "Nombre Factura", "CI/NIT", "Concepto", "Importe Bs.", "Nro. Solicitud",
           "Estado Factura"]


def _valor_reporte(c: Cargo) -> Decimal:
    return -c.importe if c.signo == "CR" else c.importe  # el reporte no tiene signo: un crédito va en negativo


def reporte_xlsx(cargos: list[Cargo]) -> bytes:
    import xlsxwriter

    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True})
    libro.set_properties({"created": dt.datetime(2026, 11, 30, 18, 0)})  # mismos bytes cada vez
    hoja = libro.add_worksheet("Sheet")
    fecha = libro.add_format({"num_format": "yyyy-mm-dd h:mm:ss"})
    hoja.write_row(0, 0, REPORTE)
    for fila, c in enumerate(cargos, start=1):
        hoja.write_number(fila, 0, c.factura)
        hoja.write_datetime(fila, 1, c.fecha, fecha)
        hoja.write_string(fila, 2, c.cliente)
        hoja.write_string(fila, 3, c.ci_nit)
        hoja.write_string(fila, 4, c.concepto[1].capitalize())
        hoja.write_number(fila, 5, float(_valor_reporte(c)))
        if c.solicitud is not None:
            hoja.write_number(fila, 6, c.solicitud)
        hoja.write_string(fila, 7, c.estado)
    libro.close()
    return salida.getvalue()


def reporte_csv(cargos: list[Cargo]) -> bytes:
    filas = [["COMTECO R.L."], ["Reporte de facturas CxC - Movimiento de poste"], REPORTE]
    filas += [[str(c.factura), f"{c.fecha:%d/%m/%Y %H:%M}", c.cliente, c.ci_nit, c.concepto[1].capitalize(),
               texto_bs(_valor_reporte(c)), "" if c.solicitud is None else str(c.solicitud), c.estado]
              for c in cargos]
    filas.append(["TOTAL", "", "", "", "", texto_bs(sum((_valor_reporte(c) for c in cargos), Decimal(0))), "", ""])
    return _csv(filas, sep=";", codificacion="cp1252")


OSF = ["FACTCODI", "FACTFEGE", "CUCOCODI", "CARGDOSO", "CARGCONC", "CARGVALO", "CARGSIGN", "FACTNIT", "NOMBRE_FACTURA",
       "ESTADO_FACTURA"]


def osf_csv(cargos: list[Cargo]) -> bytes:
    filas = [OSF] + [[
        str(c.factura), f"{c.fecha:%d/%m/%y %H:%M:%S}", "" if c.cuenta is None else str(c.cuenta),
        "" if c.solicitud is None else f"PP-{c.solicitud}", f"{c.concepto[0]} - {c.concepto[1]}", f"{c.importe:.2f}",
        c.signo, c.ci_nit, c.cliente, c.estado] for c in cargos]
    return _csv(filas, comillas=csv.QUOTE_ALL)


def xls_97(cargos: list[Cargo]) -> bytes:
    import xlwt

    libro = xlwt.Workbook(encoding="utf-8")
    hoja = libro.add_sheet("Facturas")
    formato = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    hoja.write(0, 0, "COMTECO R.L. - Facturas CxC")
    for col, t in enumerate(REPORTE):
        hoja.write(2, col, t)
    fila = 2
    for fila, c in enumerate(cargos, start=3):
        for col, v in enumerate([c.factura, c.fecha, c.cliente, c.ci_nit, c.concepto[1].capitalize(),
                                 float(_valor_reporte(c)), c.solicitud, c.estado]):
            if isinstance(v, dt.datetime):
                hoja.write(fila, col, v, formato)
            elif v is not None and v != "":
                hoja.write(fila, col, v)
    hoja.write(fila + 1, 0, "TOTAL")
    hoja.write(fila + 1, 5, float(sum((_valor_reporte(c) for c in cargos), Decimal(0))))
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


# --- la demostración ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tramite:
    """Lo que el generador necesita de un trámite de poste de la demostración."""
    solicitud: int
    registro: dt.datetime
    estado: str            # ATENDIDO | REGISTRADO | ANULADO
    cliente: str | None
    ci_nit: str | None


NOMBRES = ["Lucía Terceros", "Sofía Añez", "Ñusta Condori", "José Núñez Arce", "Inés Montaño", "Germán Ayala",
           "Wilfredo Claros", "Rosa Fernández", "Carlos Ibáñez", "Raúl Zurita"]
DESDE_OSF = dt.datetime(2026, 7, 1)  # desde julio de 2026 la facturación sale de la consulta OSF (con signo)


def para_demo(tramites: list[Tramite], semilla: int = 15) -> tuple[list[Cargo], list[Cargo]]:
    """(cargos, actualización posterior): cada trámite paga su CxC antes de que exista su OT (la factura es de horas o
    días antes del registro); unos pocos de cada excepción de DISENO §8. La actualización anula después una factura
    de octubre de 2026 y emite la nota de crédito de una duplicada de noviembre."""
    rng = random.Random(semilla)
    cargos: list[Cargo] = []
    numero = 40100
    cuenta = 7_700_000

    def factura(t: Tramite, **otros) -> Cargo:
        nonlocal numero, cuenta
        numero += 1
        cuenta += 1
        fecha = (t.registro - dt.timedelta(hours=rng.randint(1, 70))).replace(second=0, microsecond=0)
        nombre = t.cliente or rng.choice(NOMBRES)
        ci = t.ci_nit or str(rng.randint(1_000_000, 9_999_999))
        return replace(Cargo(numero, fecha, t.solicitud, cliente=nombre, ci_nit=ci, cuenta=cuenta), **otros)

    por_mes: dict[tuple[int, int], list[Tramite]] = {}
    for t in sorted(tramites, key=lambda t: (t.registro, t.solicitud)):
        por_mes.setdefault((t.registro.year, t.registro.month), []).append(t)
    for (anio, mes), lista in sorted(por_mes.items()):
        atendidos = [t for t in lista if t.estado == "ATENDIDO"]
        especiales = set()
        # en cada mes con suficientes atendidas, una de cada excepción (y un CI/NIT distinto)
        for caso, t in enumerate(atendidos[2::3][:5] if len(atendidos) >= 15 else []):
            especiales.add(t.solicitud)
            primera = factura(t)
            if caso == 0:    # duplicada: dos cobros de la misma solicitud, en dos cajas
                numero += 1
                cuenta += 1
                cargos += [primera, replace(primera, factura=numero, cuenta=cuenta,
                                            fecha=primera.fecha + dt.timedelta(hours=2))]
            elif caso == 1:  # importe mal escrito en caja
                cargos.append(replace(primera, importe=Decimal("100")))
            elif caso == 2:  # factura anulada y nunca reemplazada: trabajo hecho sin cobrar
                cargos.append(replace(primera, estado="ANULADA"))
            elif caso == 3:  # sin factura
                numero -= 1
                cuenta -= 1
            else:            # CI/NIT de otra persona (se marca, sigue conciliada)
                cargos.append(replace(primera, ci_nit=str(rng.randint(1_000_000, 9_999_999))))
        for t in lista:
            if t.solicitud in especiales:
                continue
            cargos.append(factura(t))
        # facturas cuya solicitud no es de ningún trámite de poste conocido
        if len(lista) > 20:
            ultimo = lista[-1]
            cargos.append(replace(factura(ultimo), solicitud=10_040_000 + anio % 100 * 100 + mes,
                                  cliente="Sin Trámite", ci_nit="1234567"))
    # Una duplicada cancelada con su nota de crédito en septiembre de 2026 (queda conciliada).
    setiembre = [t for t in tramites if (t.registro.year, t.registro.month) == (2026, 9) and t.estado == "ATENDIDO"]
    if setiembre:
        t = setiembre[0]
        original = next(c for c in cargos if c.solicitud == t.solicitud)
        numero += 1
        duplicada = replace(original, factura=numero, fecha=original.fecha + dt.timedelta(hours=1))
        numero += 1
        nota = replace(original, factura=numero, fecha=original.fecha + dt.timedelta(days=3), signo="CR")
        cargos += [duplicada, nota]
    cargos.sort(key=lambda c: (c.fecha, c.factura))

    # La exportación posterior: una factura conciliada de octubre de 2026 se anula y una duplicada de noviembre
    # recibe su nota de crédito.
    actualizacion: list[Cargo] = []
    por_solicitud: dict[int, list[Cargo]] = {}
    for c in cargos:
        por_solicitud.setdefault(c.solicitud, []).append(c)
    octubre = [c for c in cargos if (c.fecha.year, c.fecha.month) == (2026, 10) and c.estado == "VIGENTE"
               and c.importe == 1000 and len(por_solicitud[c.solicitud]) == 1]
    if octubre:
        actualizacion.append(replace(octubre[len(octubre) // 2], estado="ANULADA"))
    dobles = [lista for lista in por_solicitud.values() if len(lista) == 2 and all(c.signo == "DB" for c in lista)
              and lista[0].fecha >= dt.datetime(2026, 10, 25)]
    if dobles:
        segunda = dobles[0][1]
        numero += 1
        actualizacion.append(replace(segunda, factura=numero, fecha=segunda.fecha + dt.timedelta(days=2), signo="CR"))
    return cargos, actualizacion


ARCHIVOS_DEMO = {  # archivo de demo/muestras/ → (forma, qué cargos)
    "facturas_cxc_2025_2026_s1.xlsx": reporte_xlsx,
    "facturas_cxc_osf_2026_s2.csv": osf_csv,
    "facturas_cxc_osf_2026_s2_actualizado.csv": osf_csv,
}


def archivos_demo(tramites: list[Tramite]) -> dict[str, bytes]:
    """Los archivos de facturación de la demostración, con su nombre (ARCHIVOS_DEMO)."""
    cargos, actualizacion = para_demo(tramites)
    antes = [c for c in cargos if c.fecha < DESDE_OSF]
    despues = [c for c in cargos if c.fecha >= DESDE_OSF]
    contenidos = [antes, despues, actualizacion]
    return {nombre: forma(lista) for (nombre, forma), lista in zip(ARCHIVOS_DEMO.items(), contenidos)}


def tramites_de(con) -> list[Tramite]:
    """Los trámites de poste con solicitud de una base (la de demostración recién importada), como los cuenta el KPI
    (tramites_poste)."""
    filas = con.execute("""
        SELECT CAST(t.solicitud AS BIGINT), t.registro, t.estado, any_value(o.cliente), any_value(o.ci_nit)
        FROM tramites_poste() t JOIN ordenes_poste o USING (solicitud)
        GROUP BY ALL ORDER BY 2, 1""").fetchall()
    return [Tramite(*f) for f in filas]


def main() -> None:
    """Vuelve a escribir los archivos de facturación de demo/muestras/ desde las órdenes de la demostración."""
    import tempfile

    import demo
    with tempfile.TemporaryDirectory() as carpeta:
        con = demo.solo_ordenes(Path(carpeta) / "ordenes.duckdb")
        try:
            archivos = archivos_demo(tramites_de(con))
        finally:
            con.close()
    for nombre, contenido in archivos.items():
        (demo.CARPETA / nombre).write_bytes(contenido)
        print(f"{demo.CARPETA / nombre}: {len(contenido):,} bytes".replace(",", "."))


if __name__ == "__main__":
    main()
