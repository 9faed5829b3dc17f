"""`python -m datos tareas`: lo que toca hacer sin nadie mirando; cron o un temporizador de systemd lo corre cada
15 minutos (README). No hay un hilo programador dentro de Streamlit.

La carpeta de entrada y el respaldo corren siempre; lo que la gente recibe (informe mensual, alerta diaria, aviso de
un archivo rechazado) sólo en horario de oficina de un día hábil (datos/calendario.py), nunca de noche.
Cada corrida de cada tarea queda en `tareas_corridas` con su periodo: un periodo hecho no se repite, uno fallido se
reintenta en la corrida siguiente y uno que nadie corrió (la máquina estaba apagada) se recupera la próxima vez.
Cada `python -m datos tareas` anota además su inicio y su fin (`tareas_ejecuciones`): una que murió a mitad se ve.
Cada tarea abre la base para su unidad de trabajo (datos/conexion.py): entre una y otra el tablero sigue.
"""
from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import filelock

from datos.calendario import Calendario, en_horario
from datos.meses import mes_anterior
from datos import archivos, conexion, reloj
from datos.errores import ErrorUsuario
from operacion import avisos
from operacion.entrada import QUIETO_S, archivos_listos, importar_carpeta  # noqa: F401 — archivos_listos: la API de siempre

log = logging.getLogger("seguimiento.tareas")

# Lo que una persona tiene que arreglar ya (sin permiso, sólo lectura; el disco lleno lo dice datos.archivos): la
# corrida sale con 1.
ERRNO_GRAVES = {errno.EROFS, errno.EACCES, errno.EPERM}
MESES_A_RECUPERAR = 12  # tras una ausencia larga, a lo sumo los informes de este número de meses cerrados
TAREAS = {
    "carpeta_entrada": "Importar la carpeta de entrada",
    "informes_mensuales": "Informe mensual y Reporte de Estados de OTs",
    "alerta_diaria": "Alerta diaria",
    "aviso_rechazos": "Aviso de archivos rechazados",
    "respaldo": "Respaldo diario",
}


class FalloGrave(ErrorUsuario):
    """Algo que una persona debe arreglar ahora (la base no se puede leer, el disco está lleno): código de salida 1."""


@dataclass
class Corrida:
    tarea: str
    periodo: str
    resultado: str  # 'hecho' | 'sin_novedad' | 'fallido'
    detalle: str
    duracion_s: float = 0.0
    grave: bool = False  # una persona debe arreglarlo ya: `python -m datos tareas` sale con 1

    def __str__(self) -> str:
        marca = {"hecho": "✓", "sin_novedad": "·", "fallido": "✗"}[self.resultado]
        return f"{marca} {TAREAS[self.tarea]} ({self.periodo}): {self.detalle}"


@dataclass
class Carpetas:
    entrada: Path
    informes: Path
    respaldos: Path | None = None  # None: la de operacion/respaldo.py (respaldos/ junto a la base)


def carpetas(ruta: Path, entrada=None, informes=None, respaldos=None) -> Carpetas:
    """Las carpetas de la corrida: las dadas, o SEGUIMIENTO_ENTRADA / SEGUIMIENTO_INFORMES / SEGUIMIENTO_RESPALDOS, o
    entrada/ e informes/ junto a la base."""
    def elegir(dada, variable, nombre):
        valor = dada or os.environ.get(variable)
        return Path(valor).resolve() if valor else (ruta.parent / nombre if nombre else None)
    return Carpetas(elegir(entrada, "SEGUIMIENTO_ENTRADA", "entrada"), elegir(informes, "SEGUIMIENTO_INFORMES", "informes"),
                    elegir(respaldos, "SEGUIMIENTO_RESPALDOS", None))


def primer_dia_habil(mes: dt.date, calendario: Calendario | None = None) -> dt.date:
    return (calendario or Calendario()).primer_dia_habil(mes)


# ------------------------------------------------------------------ registro de corridas

def hechos(con, tarea: str) -> set[str]:
    filas = con.execute("SELECT DISTINCT periodo FROM tareas_corridas WHERE tarea = $t AND resultado <> 'fallido'",
                        {"t": tarea}).fetchall()
    return {p for (p,) in filas}


def _registrar(ruta: Path, corrida: Corrida, inicio: dt.datetime) -> None:
    with conexion.abierta(ruta) as con, conexion.transaccion(con):
        con.execute("INSERT INTO tareas_corridas (tarea, periodo, inicio, duracion_s, resultado, detalle) "
                    "VALUES ($t, $p, $i, $d, $r, $x)",
                    {"t": corrida.tarea, "p": corrida.periodo, "i": inicio, "d": corrida.duracion_s,
                     "r": corrida.resultado, "x": corrida.detalle})


def es_grave(e: BaseException) -> bool:
    """Disco lleno, sin permiso, sistema de archivos de sólo lectura o una base que no se puede leer."""
    if isinstance(e, (FalloGrave, archivos.DiscoLleno)) or archivos.es_disco_lleno(e):
        return True
    causa = e.__cause__ or e.__context__
    if isinstance(e, OSError) and e.errno in ERRNO_GRAVES:
        return True
    if isinstance(e, duckdb.IOException):
        return True
    return causa is not None and causa is not e and es_grave(causa)


def _ejecutar(ruta: Path, tarea: str, periodo: str, trabajo) -> Corrida:
    """Corre `trabajo()` → (resultado, detalle) y lo anota. Un rechazo (ErrorUsuario) o un defecto es «fallido» con
    su motivo en palabras; el defecto va además al log con su traza."""
    inicio, reloj_inicio = reloj.ahora(), time.monotonic()
    grave = False
    try:
        resultado, detalle = trabajo()
    except ErrorUsuario as e:
        resultado, detalle, grave = "fallido", str(e), es_grave(e)
    except Exception as e:  # noqa: BLE001 — se anota y la corrida sigue con las demás tareas
        log.exception("La tarea %s (%s) falló", tarea, periodo)
        resultado, detalle, grave = "fallido", f"Error inesperado ({type(e).__name__}: {e}). Detalle en el log.", \
            es_grave(e)
    corrida = Corrida(tarea, periodo, resultado, detalle, round(time.monotonic() - reloj_inicio, 3), grave)
    _registrar(ruta, corrida, inicio)
    return corrida


def codigo_de_salida(corridas: list[Corrida] | None) -> int:
    """0 si la corrida hizo lo que podía (lo fallido queda anotado y se reintenta); 1 sólo si algo necesita a una
    persona ahora (README, «Operación desatendida»: para OnFailure de systemd)."""
    return 1 if corridas and any(c.grave for c in corridas) else 0


# ------------------------------------------------------------------ informes del mes cerrado

def meses_por_informar(con, hoy: dt.date) -> list[dt.date]:
    """Los meses cerrados cuyo primer día hábil siguiente ya llegó y que todavía no tienen su informe: desde el
    siguiente al último hecho (a lo sumo MESES_A_RECUPERAR); en una instalación nueva, sólo el último cerrado. Uno
    que falló (el correo no salió) se reintenta aunque ya se haya hecho uno más nuevo: nunca se da por perdido."""
    if informes_al_dia(con, hoy):
        return []
    hecho, fallidos = _informes_corridos(con)
    ultimo_cerrado = mes_anterior(hoy)
    if hoy < primer_dia_habil(hoy, Calendario.de(con)):  # su primer día hábil no llegó: el anterior aún no toca
        ultimo_cerrado = mes_anterior(ultimo_cerrado)
    if hecho:
        desde = max(dt.date.fromisoformat(p + "-01") for p in hecho)
    else:
        desde = mes_anterior(ultimo_cerrado)
    meses, mes = set(), ultimo_cerrado
    while mes > desde and len(meses) < MESES_A_RECUPERAR:
        if f"{mes:%Y-%m}" not in hecho:
            meses.add(mes)
        mes = mes_anterior(mes)
    meses |= {m for m in (dt.date.fromisoformat(p + "-01") for p in fallidos) if m <= ultimo_cerrado}
    return sorted(meses)[-MESES_A_RECUPERAR:]


def _informes_corridos(con) -> tuple[set[str], set[str]]:
    """Los meses con su informe hecho y los que sólo tienen corridas fallidas."""
    hecho = hechos(con, "informes_mensuales")
    todos = {p for (p,) in con.execute(
        "SELECT DISTINCT periodo FROM tareas_corridas WHERE tarea = 'informes_mensuales'").fetchall()}
    return hecho, todos - hecho


def informes_al_dia(con, hoy: dt.date) -> bool:
    """El informe del mes pasado está hecho y ninguno quedó fallido: nada que informar, dicho sin el calendario (que
    sólo decide si el del mes pasado ya toca)."""
    hecho, fallidos = _informes_corridos(con)
    return f"{mes_anterior(hoy):%Y-%m}" in hecho and not fallidos


def _escribir(destino: Path, contenido: bytes) -> None:
    temporal = destino.with_name(f".{destino.name}.tmp")
    archivos.escribir_privado(temporal, contenido)
    os.replace(temporal, destino)  # quien abra la carpeta nunca ve un PDF a medias


def informe_del_mes(ruta: Path, mes: dt.date, carpeta: Path) -> tuple[str, str]:
    """El informe a la Jefatura (PDF) y el Reporte de Estados de OTs (Excel) de `mes` en carpeta/AAAA-MM/, anotados en
    informes_archivados; después, el correo a quienes reciben el informe mensual (con el PDF). Si ya estaban
    archivados (un reintento por el correo) no se rehacen: el archivo es el del primer día hábil."""
    from informes import mensual, pdf

    destino = carpeta / f"{mes:%Y-%m}"
    with conexion.abierta(ruta) as con:
        filas = con.execute("SELECT tipo, archivo, resumen FROM informes_archivados WHERE mes = $m",
                            {"m": mes}).fetchall()
        archivados = {tipo: archivo for tipo, archivo, _ in filas}
        if len(archivados) < 2:
            try:
                informe = mensual.construir(con, mes)
            except mensual.SinDatos:
                return "sin_novedad", f"{mes:%m/%Y} no tiene órdenes de movimiento de poste: no hay informe."
            try:
                archivos.carpeta_privada(destino)
                archivados = {"informe_pdf": destino / mensual.nombre_pdf(mes),
                              "reporte_estados": destino / mensual.nombre_excel(mes)}
                _escribir(archivados["informe_pdf"], pdf.generar(informe))
                _escribir(archivados["reporte_estados"], mensual.excel(informe))
            except OSError as e:
                archivos.si_falta_lugar(e, destino, "archivar el informe del mes")
                clase = FalloGrave if e.errno in ERRNO_GRAVES else ErrorUsuario
                raise clase(f"No se pudo escribir en la carpeta de informes «{destino}» ({e.strerror or e}).") from None
            resumen = f"{informe.porcentaje} {informe.veredicto}"
            # El resumen se guarda con el archivo: el correo reintentado (otra corrida, otros datos) dice lo mismo.
            with conexion.transaccion(con):
                for tipo, archivo in archivados.items():
                    con.execute("INSERT OR REPLACE INTO informes_archivados (mes, tipo, archivo, creado, resumen) "
                                "VALUES ($m, $t, $a, $c, $r)",
                                {"m": mes, "t": tipo, "a": str(archivo), "c": reloj.ahora(), "r": resumen})
            nota = ""
        else:
            resumen = next((r for _, _, r in filas if r), None) or "ver el PDF adjunto"  # archivado antes de la 018
            nota = " (ya archivado)"
    correo = avisos.enviar(ruta, "informe_mensual", f"{mes:%Y-%m}",
                           f"Informe mensual de movimiento de poste, {mes:%m/%Y}",
                           f"Adjunto el informe del mes {mes:%m/%Y} ({resumen}). El Reporte de Estados de OTs está en "
                           f"{archivados['reporte_estados']}.", [Path(archivados["informe_pdf"])])
    return avisos.con_correo(f"{mes:%m/%Y}: {resumen}{nota}, en {destino}", correo)


# ------------------------------------------------------------------ respaldo

def respaldo_del_dia(ruta: Path, salida: Path | None) -> tuple[str, str]:
    from operacion import respaldo
    archivo = respaldo.respaldar(ruta, salida=salida)
    return "hecho", f"respaldo {archivo.name} ({respaldo.tamano(archivo)}) en {archivo.parent}"


# ------------------------------------------------------------------ la corrida

def correr(ruta=None, *, ahora: dt.datetime | None = None, entrada=None, informes=None, respaldos=None,
           solo: set[str] | None = None, quieto_s: float = QUIETO_S) -> list[Corrida] | None:
    """Corre lo que toca `ahora` (hora de Bolivia; las pruebas la fijan) y devuelve lo hecho; None si ya hay otra
    corrida de tareas en curso (cron la lanzó de nuevo antes de que terminara la anterior: esta no hace nada).
    La carpeta de entrada y el respaldo, siempre; el informe mensual, la alerta y los avisos de rechazo, sólo en
    horario de oficina de un día hábil (calendario.en_horario)."""
    archivos.umask_privada()  # lo que las tareas crean (informes, respaldos, rechazados) es sólo de su cuenta
    ruta = conexion.ruta_db(ruta)
    ahora = ahora or reloj.ahora()
    hoy = ahora.date()
    dirs = carpetas(ruta, entrada, informes, respaldos)
    una_sola = filelock.FileLock(f"{ruta}.tareas", thread_local=False, is_singleton=False)
    try:
        una_sola.acquire(timeout=0)
    except filelock.Timeout:
        return None
    try:
        with conexion.abierta(ruta) as con:
            conexion.carpeta_de_trabajo(con)  # quita lo que dejó una importación matada
            ejecucion = _empezar(con, ahora)
        return _correr(ruta, ahora, hoy, dirs, solo, quieto_s, ejecucion)
    finally:
        una_sola.release()


def _empezar(con, ahora: dt.datetime) -> int:
    """Anota el inicio de esta corrida. Con el cerrojo de tareas tomado ninguna otra está viva: una anterior sin fin
    murió a mitad (kill -9, corte de luz) y queda marcada para Operación."""
    with conexion.transaccion(con):
        con.execute("UPDATE tareas_ejecuciones SET interrumpida = true WHERE fin IS NULL")
        (id_,) = con.execute("INSERT INTO tareas_ejecuciones (inicio) VALUES ($i) RETURNING id",
                             {"i": ahora}).fetchone()
    return id_


def _terminar(ruta: Path, ejecucion: int, ahora: dt.datetime, inicio_s: float) -> None:
    with conexion.abierta(ruta) as con, conexion.transaccion(con):
        con.execute("UPDATE tareas_ejecuciones SET fin = $f WHERE id = $i",
                    {"f": ahora + dt.timedelta(seconds=time.monotonic() - inicio_s), "i": ejecucion})


def _correr(ruta: Path, ahora: dt.datetime, hoy: dt.date, dirs: Carpetas, solo, quieto_s: float,
            ejecucion: int) -> list[Corrida]:
    inicio_s = time.monotonic()
    quiere = (lambda t: solo is None or t in solo)
    corridas = []
    if quiere("carpeta_entrada"):
        corridas.append(_ejecutar(ruta, "carpeta_entrada", f"{ahora:%Y-%m-%d %H:%M}",
                                  lambda: importar_carpeta(ruta, dirs.entrada, ahora, quieto_s)))
    # Lo que se decide con los datos de ahora (después de importar la carpeta): el informe usa la exportación de hoy.
    with conexion.abierta(ruta) as con:
        avisos.marcar_obsoletas(con, ahora)
        alerta = f"{hoy:%Y-%m-%d}" not in hechos(con, "alerta_diaria")
        rechazos = avisos.rechazos_por_avisar(con)
        # El calendario (holidays, ~0,7 s) sólo si algo espera el horario de oficina: con todo al día no se arma.
        horario = bool(alerta or rechazos or not informes_al_dia(con, hoy)) and en_horario(con, ahora)
        meses = meses_por_informar(con, hoy) if horario else []
        rechazos = rechazos if horario else []
        alerta = alerta and horario
        respaldo_hecho = f"{hoy:%Y-%m-%d}" in hechos(con, "respaldo")
    if quiere("informes_mensuales"):
        for mes in meses:
            corridas.append(_ejecutar(ruta, "informes_mensuales", f"{mes:%Y-%m}",
                                      lambda mes=mes: informe_del_mes(ruta, mes, dirs.informes)))
    if quiere("aviso_rechazos"):
        for fila in rechazos:
            corridas.append(_ejecutar(ruta, "aviso_rechazos", Path(fila[1]).name,
                                      lambda fila=fila: avisos.avisar_rechazo(ruta, *fila)))
    if quiere("alerta_diaria") and alerta:
        corridas.append(_ejecutar(ruta, "alerta_diaria", f"{hoy:%Y-%m-%d}", lambda: avisos.alerta_del_dia(ruta, hoy)))
    if quiere("respaldo") and not respaldo_hecho:
        corridas.append(_ejecutar(ruta, "respaldo", f"{hoy:%Y-%m-%d}",
                                  lambda: respaldo_del_dia(ruta, dirs.respaldos)))
    _terminar(ruta, ejecucion, ahora, inicio_s)
    return corridas
