"""Base de demostración: las exportaciones de ejemplo de demo/muestras/ importadas por el camino normal,
cuentas de prueba, algunos registros de seguimiento y la conciliación CxC (facturas hechas por
demo/generador_facturas.py desde estas órdenes, explicaciones y un mes firmado). Vive en su propio archivo
(datos/demo.duckdb): nunca se mezcla con una base real."""
from __future__ import annotations

import datetime as dt
import random
import threading
from pathlib import Path

from datos import conexion, facturacion, seguimiento, usuarios
from datos.conexion import transaccion
from datos.importar import importar_archivo
from datos.permisos import Usuario

CARPETA = Path(__file__).resolve().parent / "muestras"
EXPORTACIONES = ["ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv",
                 "ordenes_osf_2026_s2_actualizado.csv"]
# OT emitidas de nuevo para trámites con una OT anulada (demo/reemitidas.py las escribe desde las de arriba).
REEMITIDAS = "ordenes_osf_2026_reemitidas.csv"
# Facturación CxC (demo/generador_facturas.py): el reporte de caja hasta junio de 2026 y la consulta OSF después; la
# actualización entra después de firmar octubre de 2026, para que la página muestre qué cambió desde la firma.
FACTURAS = ["facturas_cxc_2025_2026_s1.xlsx", "facturas_cxc_osf_2026_s2.csv"]
FACTURAS_ACTUALIZACION = "facturas_cxc_osf_2026_s2_actualizado.csv"
MES_FIRMADO = dt.date(2026, 10, 1)
# El reloj de la demostración: las exportaciones se sacaron el 30/11/2026 a las 18:00. Ninguna fecha de las órdenes ni
# del seguimiento es posterior (tests/test_demo.py), y la base se arma después: nada queda en el futuro. Los registros
# de seguimiento llevan el día en que se habrían escrito, repartidos en las semanas de sus órdenes.
CORTE = dt.datetime(2026, 11, 30, 18, 0)
AUSENCIA = (dt.date(2026, 11, 10), dt.date(2026, 11, 14))  # la Resp. de Atención, de vacaciones: Retención a cargo
_construyendo = threading.Lock()


def asegurar() -> Path:
    """La ruta de la base de demostración, construyéndola la primera vez y otra vez si las exportaciones o este
    archivo cambiaron después de armarla (un `git pull` con datos nuevos no deja una demostración vieja)."""
    ruta = conexion.RUTA_DEMO
    with _construyendo:
        if not ruta.exists() or max(f.stat().st_mtime for f in _fuentes()) > ruta.stat().st_mtime:
            construir(ruta)
    return ruta


def _fuentes() -> list[Path]:
    return [Path(__file__), *CARPETA.iterdir()]


_SISTEMA = Usuario("demo", "Datos de demostración", "sistema")


def _importar(con, nombres) -> None:
    for nombre in nombres:
        res = importar_archivo(con, CARPETA / nombre, usuario=_SISTEMA)
        if res.problemas:
            raise RuntimeError(f"La exportación de demostración {nombre} fue rechazada: {res.problemas[:3]}")


def solo_ordenes(ruta, reemitidas: bool = True):
    """Una base nueva con sólo las exportaciones de órdenes de la demostración (el generador de facturas parte de
    ellas; el de las OT emitidas de nuevo, de las demás). Devuelve la conexión abierta."""
    con = conexion.conectar(ruta, encerrar=False)
    _importar(con, EXPORTACIONES + ([REEMITIDAS] if reemitidas else []))
    return con


def construir(ruta) -> Path:
    """Rehace la base con el archivo cerrado para todos (conexion.exclusiva): un tablero de demostración abierto
    espera y después ve la nueva."""
    ruta = Path(ruta)
    with conexion.exclusiva(ruta):
        for sobrante in (ruta, ruta.with_name(ruta.name + ".wal")):
            sobrante.unlink(missing_ok=True)
        con = conexion.conectar(ruta, encerrar=False)
        try:
            con.execute("INSERT INTO ajustes VALUES ('demo', '1')")
            usuarios.crear_cuentas_demo(con)
            _importar(con, EXPORTACIONES + [REEMITIDAS])
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
            explicacion = facturacion.explicar(con, fabiola, MES_FIRMADO, clave, textos[categoria])
            _fechar(con, "explicaciones", explicacion,
                    dt.datetime(2026, 11, 2, 9, 40) + dt.timedelta(minutes=25 * len(vistas)))
    hoy = dt.date(2026, 11, 3)  # la firma de octubre, a principios de noviembre
    firma = facturacion.firmar(con, fabiola, MES_FIRMADO, "elaborado", hoy=hoy)
    _fechar(con, "firmas_conciliacion", firma, dt.datetime(2026, 11, 3, 10, 15))
    firma = facturacion.firmar(con, julia, MES_FIRMADO, "revisado", hoy=hoy)
    _fechar(con, "firmas_conciliacion", firma, dt.datetime(2026, 11, 3, 16, 5))
    _importar(con, [FACTURAS_ACTUALIZACION])


# Cada tabla que la demostración fecha hacia atrás, con su columna de fecha (nombres fijos, nunca del usuario).
_FECHAR = {"seguimientos": "UPDATE seguimientos SET creado_en = $m WHERE id = $id",
           "ausencias": "UPDATE ausencias SET creado_en = $m WHERE id = $id",
           "explicaciones": "UPDATE explicaciones SET creado_en = $m WHERE id = $id",
           "firmas_conciliacion": "UPDATE firmas_conciliacion SET creado_en = $m WHERE id = $id"}


def _fechar(con, tabla: str, id_: int, momento: dt.datetime) -> None:
    """Sólo la demostración: el registro recién escrito (por el camino normal, con sus validaciones) y su fila de
    auditoría llevan el momento en que se habrían escrito, no el de armar la base."""
    with transaccion(con):
        con.execute(_FECHAR[tabla], {"m": momento, "id": id_})
        con.execute("UPDATE auditoria SET fecha = $m WHERE id = (SELECT max(id) FROM auditoria)", {"m": momento})


def _habil(dia: dt.date, rng: random.Random) -> dt.datetime:
    """El primer día hábil desde `dia`, a una hora de oficina."""
    while dia.weekday() >= 5:
        dia += dt.timedelta(days=1)
    return dt.datetime.combine(dia, dt.time(rng.randint(8, 16), rng.choice((5, 10, 20, 35, 40, 50))))


MEDIDAS = {  # causal normalizada (sin tildes, minúsculas) → medida correctiva
    "cliente desistio del tramite": "Se llamó al solicitante: desistió por el costo. Se reforzó en caja la explicación "
                                    "del cobro de Bs. 1.000 antes de registrar la solicitud.",
    "datos de direccion incorrectos": "La dirección no coincidía con el croquis. Se pidió a los asesores confirmar "
                                      "calle, número y referencia con el cliente al registrar.",
    "duplicado de solicitud": "Solicitud registrada dos veces en distintas ventanillas. Se recordó buscar por CI/NIT "
                              "antes de registrar una nueva.",
    "falta de pago cxc": "La CxC no se pagó en el plazo. Se llamó al solicitante y se le explicó que el trámite se "
                         "reabre al pagar.",
    "poste en propiedad privada sin autorizacion": "El poste está en propiedad de un tercero. Se informó al cliente "
                                                   "que debe presentar la autorización del propietario.",
}
MEDIDA_GENERAL = "Se revisó la causal con el área comercial y se explicó al cliente el motivo de la anulación."
VERIFICACIONES = ["Poste trasladado según croquis; cliente conforme.", "Cliente confirma por teléfono el traslado.",
                  "Se verificó en sitio: poste reubicado y cableado retensado.", "Traslado conforme, sin reclamos."]


def _autor(momento: dt.datetime, ana: Usuario, rita: Usuario) -> Usuario:
    """Durante la ausencia escribe la Resp. de Retención (queda como suplente); si no, la Resp. de Atención."""
    return rita if AUSENCIA[0] <= momento.date() <= AUSENCIA[1] else ana


def _seguimientos(con) -> None:
    """Registros de seguimiento de 2026 (sobre todo de octubre y noviembre), cada uno escrito unos días hábiles después
    de lo que sigue (anulación, registro o atención); en la semana de la ausencia los escribe Retención como suplente."""
    from datos.importar.columnas import normalizar

    ana = Usuario("ana", "Ana Atención", "atencion")
    rita = Usuario("rita", "Rita Retención", "retencion")
    rng = random.Random(2026)
    ausencia = seguimiento.registrar_ausencia(con, ana, *AUSENCIA, "Vacaciones")
    _fechar(con, "ausencias", ausencia, dt.datetime(2026, 11, 6, 16, 30))
    desde = dt.datetime(2026, 10, 1)

    plan = []  # se escriben al final en orden cronológico: los id (y la auditoría) siguen el calendario

    def escribir(ot, tipo, texto, momento, **campos):
        plan.append((min(momento, CORTE - dt.timedelta(hours=1)), ot, tipo, texto, campos))

    # Las anuladas de poste son pocas (una o dos al mes): las cinco más recientes, cada una con su medida.
    anuladas = con.execute("SELECT ot, fecha_anulacion, causal FROM ordenes_poste WHERE estado = 'ANULADO' "
                           "ORDER BY fecha_anulacion DESC LIMIT 5").fetchall()
    for ot, anulada, causal in anuladas:
        momento = _habil(anulada.date() + dt.timedelta(days=rng.randint(1, 3)), rng)
        escribir(ot, "medida_correctiva", MEDIDAS.get(normalizar(causal).replace("_", " "), MEDIDA_GENERAL), momento)

    pendientes = con.execute("SELECT ot, fecha_registro FROM ordenes_poste WHERE estado = 'REGISTRADO' "
                             "AND fecha_registro >= $d ORDER BY fecha_registro LIMIT 6", {"d": desde}).fetchall()
    for n, (ot, registro) in enumerate(pendientes):
        contacto = _habil(registro.date() + dt.timedelta(days=rng.randint(3, 6)), rng)
        if contacto > CORTE:
            continue
        escribir(ot, "coordinacion", "Se pidió prioridad a Gestión de Redes; la cuadrilla tiene la OT en su lista.",
                 contacto, fecha_contacto=contacto.date(), contacto="Supervisor de turno, Gestión de Redes",
                 fecha_acordada=contacto.date() + dt.timedelta(days=rng.randint(4, 8)))
        segunda = _habil(contacto.date() + dt.timedelta(days=8), rng)
        if n == 0 and segunda < CORTE:  # la más antigua: una segunda coordinación, al vencer lo acordado
            escribir(ot, "coordinacion", "No se atendió en la fecha acordada: falta material (poste de 9 m). "
                     "Gestión de Redes reprograma.", segunda, fecha_contacto=segunda.date(),
                     contacto="Ing. de Gestión de Redes (jefe de cuadrilla)",
                     fecha_acordada=segunda.date() + dt.timedelta(days=5))

    # La semana de la ausencia: Retención llama por las pendientes más antiguas y verifica una atendida.
    antiguas = con.execute("SELECT ot FROM ordenes_poste WHERE estado = 'REGISTRADO' AND fecha_registro < $d "
                           "ORDER BY fecha_registro DESC LIMIT 2", {"d": AUSENCIA[0]}).fetchall()
    for dia, (ot,) in zip((11, 12), antiguas):
        momento = dt.datetime(2026, 11, dia, 10, 15)
        escribir(ot, "coordinacion", "Seguimiento semanal de pendientes (suplencia): Gestión de Redes confirma la "
                 "visita.", momento, fecha_contacto=momento.date(), contacto="Supervisor de turno, Gestión de Redes",
                 fecha_acordada=momento.date() + dt.timedelta(days=6))
    recien = con.execute("SELECT ot FROM ordenes_poste WHERE estado = 'ATENDIDO' AND fecha_atencion BETWEEN $a AND $b "
                         "ORDER BY fecha_atencion LIMIT 1",
                         {"a": dt.datetime(2026, 11, 5), "b": dt.datetime(2026, 11, 12)}).fetchall()
    for (ot,) in recien:
        escribir(ot, "verificacion", "Cliente confirma por teléfono que el poste ya está en su nuevo lugar.",
                 dt.datetime(2026, 11, 13, 11, 20), resultado="conforme")

    atendidas = con.execute("SELECT ot, fecha_atencion FROM ordenes_poste WHERE estado = 'ATENDIDO' "
                            "AND fecha_atencion >= $d ORDER BY fecha_atencion LIMIT 40", {"d": desde}).fetchall()
    for n, (ot, atendida) in enumerate(atendidas[::5]):
        momento = _habil(atendida.date() + dt.timedelta(days=rng.randint(1, 4)), rng)
        if n == 3:
            escribir(ot, "verificacion", "Cliente indica que falta retirar el poste antiguo.", momento,
                     resultado="con_observacion")
        else:
            escribir(ot, "verificacion", VERIFICACIONES[n % len(VERIFICACIONES)], momento, resultado="conforme")
    for momento, ot, tipo, texto, campos in sorted(plan, key=lambda r: (r[0], r[1])):
        nuevo = seguimiento.agregar(con, _autor(momento, ana, rita), ot, tipo, texto, hoy=momento.date(), **campos)
        _fechar(con, "seguimientos", nuevo, momento)
