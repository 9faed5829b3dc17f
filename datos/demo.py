"""Base de demostración: las exportaciones de ejemplo de datos/demo/ importadas por el camino normal,
cuentas de prueba y algunos registros de seguimiento. Vive en su propio archivo (datos/demo.duckdb):
nunca se mezcla con una base real."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from datos import conexion, seguimiento, usuarios
from datos.importar import importar_archivo
from datos.permisos import Usuario

CARPETA = Path(__file__).resolve().parent / "demo"
EXPORTACIONES = ["ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv",
                 "ordenes_osf_2026_s2_actualizado.csv"]
_construyendo = threading.Lock()


def asegurar() -> Path:
    """La ruta de la base de demostración, construyéndola la primera vez."""
    with _construyendo:
        if not conexion.RUTA_DEMO.exists():
            construir(conexion.RUTA_DEMO)
    return conexion.RUTA_DEMO


def construir(ruta) -> Path:
    ruta = Path(ruta)
    for sobrante in (ruta, ruta.with_name(ruta.name + ".wal")):
        sobrante.unlink(missing_ok=True)
    con = conexion.conectar(ruta, encerrar=False)
    try:
        con.execute("INSERT INTO ajustes VALUES ('demo', '1')")
        usuarios.crear_cuentas_demo(con)
        sistema = Usuario("demo", "Carga de demostración", "sistema")
        for nombre in EXPORTACIONES:
            res = importar_archivo(con, CARPETA / nombre, usuario=sistema)
            if res.problemas:
                raise RuntimeError(f"La exportación de demostración {nombre} fue rechazada: {res.problemas[:3]}")
        _seguimientos(con)
    finally:
        con.close()
    return ruta


def _seguimientos(con) -> None:
    """Algunos registros, para que las bandejas y la suplencia no se vean vacías."""
    ana = Usuario("ana", "Ana Atención", "atencion")
    rita = Usuario("rita", "Rita Retención", "retencion")
    poste = "actividad_codigo IN (SELECT codigo FROM actividades_poste)"
    anuladas = [ot for (ot,) in con.execute(f"SELECT ot FROM ordenes WHERE estado = 'ANULADO' AND {poste} "
                                            "ORDER BY fecha_registro LIMIT 3").fetchall()]
    pendientes = [ot for (ot,) in con.execute(f"SELECT ot FROM ordenes WHERE estado = 'REGISTRADO' AND {poste} "
                                              "ORDER BY fecha_registro LIMIT 2").fetchall()]
    atendidas = [ot for (ot,) in con.execute(f"SELECT ot FROM ordenes WHERE estado = 'ATENDIDO' AND {poste} "
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
