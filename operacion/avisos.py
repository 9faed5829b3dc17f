"""Lo que las tareas mandan por correo a la gente: la alerta diaria y el aviso de un archivo rechazado (el informe
mensual está en tareas.py, con su archivo). Nada se pierde en silencio: un correo que no salió se reintenta en la
corrida siguiente hasta que sale o deja de tener sentido; la alerta de un día que pasó queda «no enviada» con su
motivo, Operación la muestra y la próxima alerta que sale la menciona."""
from __future__ import annotations

import datetime as dt
from contextlib import closing
from pathlib import Path

from consultas import consultar
from datos import conexion
from datos.administracion import valor_ajuste
from datos.calendario import FIN_DEL_DIA
from datos.formato import texto_entero, texto_fecha, texto_fecha_hora

LISTA_MAXIMA = 50  # OTs detalladas en la alerta; las demás, en la página «Seguimiento / suplencia»

_CORREO = {
    "enviado": ("hecho", "correo enviado"),
    "ya_enviado": ("hecho", "el correo ya había salido"),
    "sin_configurar": ("hecho", "sin correo configurado (SMTP): no se envió"),
    "en_curso": ("fallido", "otro proceso está enviando el correo; se reintenta en la próxima corrida"),
    "fallido": ("fallido", "el correo falló (ver Administración); se reintenta en la próxima corrida en horario "
                           "de oficina"),
    "sin_destinatarios": ("fallido", "nadie recibe este correo (elija roles con correo en Administración); se "
                                     "reintenta en la próxima corrida en horario de oficina"),
}


def enviar(ruta: Path, tipo: str, periodo: str, asunto: str, cuerpo: str, adjuntos=()) -> str:
    from operacion import correo
    return correo.enviar_una_vez(ruta, tipo, periodo, asunto, cuerpo, adjuntos)  # abre la base sólo para anotar


def con_correo(detalle: str, estado_correo: str) -> tuple[str, str]:
    resultado, texto = _CORREO[estado_correo]
    return resultado, f"{detalle} — {texto}."


# ------------------------------------------------------------------ alerta diaria

def registrados_atrasados(con, hoy: dt.date, dias: int):
    """REGISTRADO cuya última coordinación (o su registro, si no hay) tiene más de `dias` días, la más antigua
    primero: ot, fecha_registro, ultima_coordinacion, dias."""
    return consultar(con, "alerta_registrados_atrasados", hoy=hoy, dias=dias)


def _linea_ot(fila) -> str:
    coordinacion = ("sin coordinación" if fila.ultima_coordinacion is None or fila.ultima_coordinacion != fila.ultima_coordinacion
                    else f"última coordinación el {texto_fecha(fila.ultima_coordinacion)}")
    return f"  {fila.ot} — registrada el {texto_fecha(fila.fecha_registro)}, {coordinacion} (hace {fila.dias} días)"


def revisar_alerta(con, hoy: dt.date) -> list[str]:
    """Lo que merece una alerta hoy: el KPI del mes en curso OBSERVADO, o REGISTRADO que llevan más de los días del
    ajuste sin coordinación (contando desde su registro si nunca tuvieron una): cuántas, la más antigua y sus OTs."""
    from consultas.kpi import kpi_mensual  # aquí y no arriba: pandas (~1,5 s) sólo en la corrida que arma la alerta
    motivos = []
    mes = hoy.replace(day=1)
    kpi = kpi_mensual(con, mes, mes)
    if not kpi.empty and kpi.iloc[0]["estado"] == "OBSERVADO":
        fila = kpi.iloc[0]
        motivos.append(f"El KPI de {mes:%m/%Y} está OBSERVADO: {fila['atendidos']} atendidos de {fila['total']} "
                       f"trámites (meta {valor_ajuste(con, 'umbral_kpi')} %).")
    dias = valor_ajuste(con, "dias_sin_coordinacion")
    atrasadas = registrados_atrasados(con, hoy, dias)
    if not atrasadas.empty:
        filas = list(atrasadas.itertuples(index=False))
        n, vieja = len(filas), filas[0]
        cuantas = "1 orden REGISTRADO lleva" if n == 1 else f"{texto_entero(n)} órdenes REGISTRADO llevan"
        texto = (f"{cuantas} más de {dias} días sin coordinación con Gestión de Redes (página «Seguimiento / "
                 f"suplencia»). La más antigua: OT {vieja.ot}, hace {vieja.dias} días.\n"
                 f"  OTs, la más antigua primero:\n" + "\n".join(_linea_ot(f) for f in filas[:LISTA_MAXIMA]))
        if n > LISTA_MAXIMA:
            texto += f"\n  … y {texto_entero(n - LISTA_MAXIMA)} más (ver la página «Seguimiento / suplencia»)."
        motivos.append(texto)
    return motivos


def no_mencionadas(con) -> list[tuple[str, str]]:
    """Las alertas que quedaron «no enviadas» y ninguna alerta posterior contó todavía: (periodo, motivo)."""
    return con.execute("SELECT periodo, error FROM envios WHERE tipo = 'alerta' AND estado = 'no_enviada' "
                       "AND mencionado_en IS NULL ORDER BY periodo").fetchall()


def alerta_del_dia(ruta: Path, hoy: dt.date) -> tuple[str, str]:
    from informes import novedades  # aquí y no arriba: pandas sólo en la corrida que arma la alerta
    periodo = f"{hoy:%Y-%m-%d}"
    with conexion.abierta(ruta) as con:
        motivos = revisar_alerta(con, hoy)
        perdidas = no_mencionadas(con)
        # Lo que falta para APROBADO y lo que trajo la última importación, como secciones propias (issue 25).
        secciones = novedades.secciones_alerta(con, hoy) if motivos else ""
    if not motivos:
        return "sin_novedad", "KPI del mes aprobado (o sin trámites) y ninguna REGISTRADO atrasada."
    cuerpo = (f"Seguimiento de OTs «Movimiento de poste» — revisión diaria del {hoy:%d/%m/%Y}:\n\n"
              + "\n".join(f"• {m}" for m in motivos) + secciones)
    if perdidas:
        cuerpo += "\n\nAlertas anteriores que no se pudieron enviar:\n" + "\n".join(
            f"• {dt.date.fromisoformat(p):%d/%m/%Y}: {motivo}" for p, motivo in perdidas)
    estado = enviar(ruta, "alerta", periodo, f"Alerta del seguimiento de OTs, {hoy:%d/%m/%Y}", cuerpo)
    if estado == "enviado" and perdidas:
        with conexion.abierta(ruta) as con, conexion.transaccion(con):
            for p, _ in perdidas:
                con.execute("UPDATE envios SET mencionado_en = $m WHERE tipo = 'alerta' AND periodo = $p",
                            {"m": periodo, "p": p})
    return con_correo(" ".join(m.split("\n")[0] for m in motivos), estado)


def marcar_obsoletas(con, ahora: dt.datetime) -> int:
    """Las alertas de un día que ya pasó (o de hoy después del horario de oficina) que no salieron ya no se reintentan:
    quedan «no enviadas» con su motivo. Devuelve cuántas."""
    limite = ahora.date() + dt.timedelta(days=1) if ahora.time() >= FIN_DEL_DIA else ahora.date()
    with closing(con.cursor()) as cur, conexion.transaccion(cur):
        viejas = cur.execute(
            "SELECT periodo, coalesce(error, 'el envío se cortó a mitad') FROM envios "
            "WHERE tipo = 'alerta' AND estado IN ('fallido', 'enviando') AND periodo < $l",
            {"l": f"{limite:%Y-%m-%d}"}).fetchall()
        for periodo, error in viejas:
            cur.execute("UPDATE envios SET estado = 'no_enviada', error = $e WHERE tipo = 'alerta' AND periodo = $p",
                        {"p": periodo, "e": f"No salió en el horario de oficina de su día; último error: {error}"})
    return len(viejas)


# ------------------------------------------------------------------ archivos rechazados

def anotar_rechazo(ruta: Path, archivo: Path, problemas: Path, cuando: dt.datetime) -> None:
    with conexion.abierta(ruta) as con, conexion.transaccion(con):
        con.execute("INSERT INTO rechazos_entrada (archivo, problemas, rechazado_en) VALUES ($a, $p, $c)",
                    {"a": str(archivo), "p": str(problemas), "c": cuando})


def rechazos_por_avisar(con) -> list[tuple[int, str, str, dt.datetime]]:
    return con.execute("SELECT id, archivo, problemas, rechazado_en FROM rechazos_entrada WHERE aviso IS NULL "
                       "ORDER BY id").fetchall()


def avisar_rechazo(ruta: Path, id_: int, archivo: str, problemas: str, cuando: dt.datetime) -> tuple[str, str]:
    """Un correo, una vez, a quienes reciben los avisos de rechazo (al empezar, quienes importan órdenes), con el
    .problemas.txt adjunto."""
    archivo, problemas = Path(archivo), Path(problemas)
    try:
        texto = problemas.read_text(encoding="utf-8")
        adjuntos = [problemas]
    except OSError:
        texto, adjuntos = f"(no se encontró «{problemas}»: quizás alguien lo movió)", []
    cuerpo = (f"El archivo «{archivo.name}» que llegó a la carpeta de entrada se rechazó el "
              f"{texto_fecha_hora(cuando)}: no se importó nada de él. Quedó en «{archivo.parent}».\n\n"
              f"Lo que hay que corregir (también en el adjunto):\n\n{texto}")
    estado = enviar(ruta, "rechazo", archivo.name, f"Archivo rechazado en la carpeta de entrada: {archivo.name}",
                    cuerpo, adjuntos)
    aviso = {"enviado": "enviado", "ya_enviado": "enviado", "sin_configurar": "sin correo configurado"}.get(estado)
    if aviso:
        with conexion.abierta(ruta) as con, conexion.transaccion(con):
            con.execute("UPDATE rechazos_entrada SET aviso = $a WHERE id = $i", {"a": aviso, "i": id_})
    return con_correo(f"aviso del rechazo de {archivo.name}", estado)
