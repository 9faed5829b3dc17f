"""Base de demostración: las exportaciones de ejemplo de datos/demo/ importadas por el camino normal,
cuentas de prueba, algunos registros de seguimiento y la conciliación CxC (facturas hechas por
datos/generador_facturas.py desde estas órdenes, explicaciones y un mes firmado). Vive en su propio archivo
(datos/demo.duckdb): nunca se mezcla con una base real."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from datos import conexion, facturacion, seguimiento, usuarios
from datos.importar import importar_archivo
from datos.permisos import Usuario

CARPETA = Path(__file__).resolve().parent / "demo"
EXPORTACIONES = ["ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv",
                 "ordenes_osf_2026_s2_actualizado.csv"]
# Facturación CxC (datos/generador_facturas.py): el reporte de caja hasta junio de 2026 y la consulta OSF después; la
# actualización entra después de firmar octubre de 2026, para que la página muestre qué cambió desde la firma.
FACTURAS = ["facturas_cxc_2025_2026_s1.xlsx", "facturas_cxc_osf_2026_s2.csv"]
FACTURAS_ACTUALIZACION = "facturas_cxc_osf_2026_s2_actualizado.csv"
MES_FIRMADO = dt.date(2026, 10, 1)
_construyendo = threading.Lock()


def asegurar() -> Path:
    """La ruta de la base de demostración, construyéndola la primera vez."""
    with _construyendo:
        if not conexion.RUTA_DEMO.exists():
            construir(conexion.RUTA_DEMO)
    return conexion.RUTA_DEMO


_SISTEMA = Usuario("demo", "Carga de demostración", "sistema")


def _importar(con, nombres) -> None:
    for nombre in nombres:
        res = importar_archivo(con, CARPETA / nombre, usuario=_SISTEMA)
        if res.problemas:
            raise RuntimeError(f"La exportación de demostración {nombre} fue rechazada: {res.problemas[:3]}")


def solo_ordenes(ruta):
    """Una base nueva con sólo las exportaciones de órdenes de la demostración (el generador de facturas parte de
    ellas). Devuelve la conexión abierta."""
    con = conexion.conectar(ruta, encerrar=False)
    _importar(con, EXPORTACIONES)
    return con


def construir(ruta) -> Path:
    ruta = Path(ruta)
    for sobrante in (ruta, ruta.with_name(ruta.name + ".wal")):
        sobrante.unlink(missing_ok=True)
    con = conexion.conectar(ruta, encerrar=False)
    try:
        con.execute("INSERT INTO ajustes VALUES ('demo', '1')")
        usuarios.crear_cuentas_demo(con)
        _importar(con, EXPORTACIONES)
        _seguimientos(con)
        _importar(con, FACTURAS)
        _conciliacion(con)
    finally:
        con.close()
    return ruta


def _conciliacion(con) -> None:
    """Octubre de 2026 explicado en parte y firmado por facturación y jefatura; después entra la actualización de
    facturación (una factura de octubre anulada): la página muestra qué cambió desde la firma."""
    fabiola = Usuario("fabiola", "Fabiola Facturación", "facturacion")
    julia = Usuario("julia", "Julia Jefa", "jefatura")
    excepciones = con.execute(
        "SELECT clave, categoria FROM conciliacion_del_mes($m) WHERE categoria <> 'conciliadas' "
        "ORDER BY orden_categoria, clave", {"m": MES_FIRMADO}).fetchall()
    textos = {"factura_sin_tramite": "Pago anticipado en caja: la OT se registra con otro número de solicitud; "
                                     "se pidió a Atención corregir el trámite.",
              "importe_distinto": "Error de digitación en caja (Bs. 100 en vez de Bs. 1.000); se cobra la "
                                  "diferencia con una factura complementaria.",
              "duplicadas": "Cobro duplicado en dos cajas el mismo día; se solicitó la nota de crédito."}
    vistas = set()
    for clave, categoria in excepciones:
        if categoria in textos and categoria not in vistas:
            vistas.add(categoria)
            facturacion.explicar(con, fabiola, MES_FIRMADO, clave, textos[categoria])
    hoy = dt.date(2026, 11, 3)  # la firma de octubre, a principios de noviembre
    facturacion.firmar(con, fabiola, MES_FIRMADO, "elaborado", hoy=hoy)
    facturacion.firmar(con, julia, MES_FIRMADO, "revisado", hoy=hoy)
    _importar(con, [FACTURAS_ACTUALIZACION])


def _seguimientos(con) -> None:
    """Algunos registros, para que las bandejas y la suplencia no se vean vacías."""
    ana = Usuario("ana", "Ana Atención", "atencion")
    rita = Usuario("rita", "Rita Retención", "retencion")
    # Órdenes de poste (vista ordenes_poste, migración 008), como las que muestran las bandejas.
    anuladas = [ot for (ot,) in con.execute("SELECT ot FROM ordenes_poste WHERE estado = 'ANULADO' "
                                            "ORDER BY fecha_registro LIMIT 3").fetchall()]
    pendientes = [ot for (ot,) in con.execute("SELECT ot FROM ordenes_poste WHERE estado = 'REGISTRADO' "
                                              "ORDER BY fecha_registro LIMIT 2").fetchall()]
    atendidas = [ot for (ot,) in con.execute("SELECT ot FROM ordenes_poste WHERE estado = 'ATENDIDO' "
                                             "ORDER BY fecha_registro DESC LIMIT 4").fetchall()]
    ausencia = (dt.date(2026, 11, 10), dt.date(2026, 11, 14))
    seguimiento.registrar_ausencia(con, ana, *ausencia, "Vacaciones")
    for ot in anuladas[:2]:
        seguimiento.agregar(con, ana, ot, "medida_correctiva",
                            "Se llamó al solicitante; desistió por costo. Se reforzó la explicación del cobro en caja.",
                            hoy=dt.date(2026, 11, 5))
    for ot in pendientes:
        seguimiento.agregar(con, rita, ot, "coordinacion", "Se pidió prioridad a Gestión de Redes.",
                            fecha_contacto=dt.date(2026, 11, 12), contacto="Supervisor de turno, Gestión de Redes",
                            fecha_acordada=dt.date(2026, 11, 20), hoy=dt.date(2026, 11, 12))
    for ot, resultado in zip(atendidas[:3], ["conforme", "conforme", "con_observacion"]):
        seguimiento.agregar(con, ana, ot, "verificacion",
                            "Poste trasladado según croquis." if resultado == "conforme"
                            else "Cliente indica que falta retirar el poste antiguo.",
                            resultado=resultado, hoy=dt.date(2026, 11, 25))
