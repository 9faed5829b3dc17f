"""OT emitidas de nuevo para la demostración (issue 21): OSF anula una OT (cliente ausente, dirección errada) y genera
otra para la misma solicitud (PACKAGE_ID). Se arman desde las anuladas de poste de las exportaciones de ejemplo y se
escriben como otra consulta OSF (`ordenes_osf_2026_reemitidas.csv`, mismas columnas que `ordenes_osf_2026_s2.csv`):
así el Semáforo de la demostración muestra la diferencia entre contar trámites y contar OT.

`python -m demo.reemitidas` vuelve a escribir el archivo de demo/muestras/ (después, `python -m demo.generador_facturas`
rehace la facturación con los trámites ya completos).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

ARCHIVO = "ordenes_osf_2026_reemitidas.csv"
COLUMNAS = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "ORDER_STATUS_ID", "CREATED_DATE", "LEGALIZATION_DATE",
            "FECHA_ANULACION", "CAUSAL_ID", "OPERATING_UNIT_ID", "COMMENT_"]
# Qué pasa con la OT nueva de cada anulada elegida, en orden: casi todas se atienden; una sigue pendiente y otra se
# anula otra vez (el trámite queda ANULADO con dos OT).
DESTINOS = ["atendida", "atendida", "atendida", "pendiente", "atendida", "anulada", "atendida", "atendida"]
DIAS_HASTA_NUEVA = [3, 6, 2, 4, 8, 5, 3, 7]  # de la anulación a la OT nueva (algunas caen en el mes siguiente)


def _fecha(momento: dt.datetime | None) -> str:
    return "" if momento is None else momento.strftime("%d/%m/%Y %H:%M:%S")


def filas(con, corte: dt.datetime) -> list[list[str]]:
    """Una OT nueva por cada anulada de poste elegida (de 2026, con solicitud y un trámite de una sola OT), con un
    número de OT después del último; ninguna fecha pasa `corte`."""
    anuladas = con.execute("""
        SELECT o.ot, o.solicitud, o.actividad_codigo, o.actividad, o.fecha_anulacion, o.causal_codigo, o.causal,
               o.unidad_codigo, o.unidad_operativa
        FROM ordenes_poste o JOIN tramites_poste() t ON t.tramite = clave_tramite(o.solicitud, o.ot)
        WHERE o.estado = 'ANULADO' AND o.fecha_registro >= DATE '2026-01-01' AND t.ots = 1
          AND o.fecha_anulacion < $tope
        ORDER BY o.fecha_anulacion, o.ot""", {"tope": corte - dt.timedelta(days=20)}).fetchall()
    if not anuladas:
        return []
    paso = max(1, len(anuladas) // len(DESTINOS))
    elegidas = anuladas[::paso][:len(DESTINOS)]
    (siguiente,) = con.execute("SELECT max(ot) + 100 FROM ordenes").fetchone()
    salida = []
    for i, (ot, solicitud, codigo, actividad, anulada, causal_codigo, causal, unidad_codigo, unidad) in \
            enumerate(elegidas):
        creada = (anulada + dt.timedelta(days=DIAS_HASTA_NUEVA[i])).replace(hour=9 + i, minute=15 * (i % 4), second=0)
        destino = DESTINOS[i]
        legalizada = creada + dt.timedelta(days=2, hours=3) if destino == "atendida" else None
        anulacion = creada + dt.timedelta(days=4) if destino == "anulada" else None
        estado = {"atendida": "8 - LEGALIZADA", "pendiente": "5 - ASIGNADA", "anulada": "12 - ANULADA"}[destino]
        salida.append([
            str(siguiente + i), solicitud, f"{codigo} - {(actividad or '').upper()}", estado, _fecha(creada),
            _fecha(legalizada), _fecha(anulacion),
            f"{causal_codigo} - {causal}" if destino == "anulada" and causal_codigo else "",
            f"{unidad_codigo} - {unidad}" if unidad_codigo else (unidad or ""),
            f"Emitida de nuevo: reemplaza a la OT {ot}"])
    return salida


def csv_bytes(lista: list[list[str]]) -> bytes:
    salida = io.StringIO()
    csv.writer(salida, lineterminator="\r\n").writerows([COLUMNAS, *lista])
    return salida.getvalue().encode("utf-8")


def main() -> None:
    """Vuelve a escribir demo/muestras/ordenes_osf_2026_reemitidas.csv desde las otras exportaciones de órdenes."""
    import tempfile

    import demo
    with tempfile.TemporaryDirectory() as carpeta:
        con = demo.solo_ordenes(Path(carpeta) / "ordenes.duckdb", reemitidas=False)
        try:
            contenido = csv_bytes(filas(con, demo.CORTE))
        finally:
            con.close()
    (demo.CARPETA / ARCHIVO).write_bytes(contenido)
    print(f"{demo.CARPETA / ARCHIVO}: {len(contenido):,} bytes".replace(",", "."))


if __name__ == "__main__":
    main()
