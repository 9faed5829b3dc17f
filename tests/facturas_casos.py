"""Lo que comparten las pruebas de la conciliación CxC: la cuenta de facturación, facturas hechas con el generador del
proyecto (demo/generador_facturas.py) e importadas por el camino normal, y la conciliación de un mes como
{clave: categoría}."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from demo.generador_facturas import Cargo, osf_csv
from datos.importar import importar_archivo
from datos.permisos import Usuario

FACTURACION = Usuario("fabi", "Fabiola Facturación", "facturacion")
OCTUBRE = dt.date(2026, 10, 1)
SEPTIEMBRE = dt.date(2026, 9, 1)
EL_10 = dt.datetime(2026, 10, 10, 9, 0)

_numero = iter(range(70_000, 80_000))


def cargo(solicitud: int | None, fecha: dt.datetime = EL_10, importe="1000", *, factura: int | None = None,
          **otros) -> Cargo:
    """Un cargo de la CxC (por omisión: Bs. 1000, DB, VIGENTE, del 10/10/2026 a las 9:00) con un N° de factura nuevo."""
    return Cargo(factura or next(_numero), fecha, solicitud, Decimal(importe), **otros)


def importar_cargos(con, cargos: list[Cargo], forma=osf_csv, nombre: str = "facturas.csv", usuario=FACTURACION):
    """Importa los cargos como un archivo de la forma dada; falla la prueba si se rechaza."""
    res = importar_archivo(con, forma(cargos), nombre, usuario=usuario)
    assert not res.problemas, [p.problema for p in res.problemas]
    return res


def categorias(con, mes=OCTUBRE) -> dict[str, str]:
    return dict(con.execute("SELECT clave, categoria FROM conciliacion_del_mes($m)", {"m": mes}).fetchall())


def fila(con, clave: str, mes=OCTUBRE) -> dict:
    cur = con.execute("SELECT * FROM conciliacion_del_mes($m) WHERE clave = $c", {"m": mes, "c": clave})
    columnas = [d[0] for d in cur.description]
    (valores,) = cur.fetchall()
    return dict(zip(columnas, valores))
