"""`python -m datos tareas`: lo que toca hacer sin nadie mirando; cron o un temporizador de systemd lo corre cada
15 minutos (README). No hay un hilo programador dentro de Streamlit.

Cada corrida de cada tarea queda en `tareas_corridas` con su periodo: un periodo hecho no se repite, uno fallido se
reintenta en la corrida siguiente y uno que nadie corrió (la máquina estaba apagada) se recupera la próxima vez.
Cada tarea abre la base para su unidad de trabajo (datos/conexion.py): entre una y otra el tablero sigue.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import filelock

from datos.meses import mes_anterior
from datos import conexion, reloj
from datos.errores import ErrorUsuario
from datos.permisos import Usuario

log = logging.getLogger("seguimiento.tareas")

CARPETA_ENTRADA = Usuario("carpeta de entrada", "Carpeta de entrada", "sistema")
PROCESADOS, RECHAZADOS = "procesados", "rechazados"
# Un archivo que todavía se está copiando a la carpeta no se toca: se espera a que lleve este tiempo sin cambiar
# (st_ctime: una copia que conserva la fecha del original igual lo cambia).
QUIETO_S = 10.0
# Feriados nacionales de Bolivia de fecha fija (los móviles —Carnaval, Viernes Santo, Corpus— no caen el día 1 o 2).
FERIADOS_FIJOS = {(1, 1), (1, 22), (5, 1), (8, 6), (11, 2), (12, 25)}
MESES_A_RECUPERAR = 12  # tras una ausencia larga, a lo sumo los informes de este número de meses cerrados
TAREAS = {
    "carpeta_entrada": "Importar la carpeta de entrada",
    "informes_mensuales": "Informe mensual y Reporte de Estados de OTs",
    "alerta_diaria": "Alerta diaria",
    "respaldo": "Respaldo diario",
}


@dataclass
class Corrida:
    tarea: str
    periodo: str
    resultado: str  # 'hecho' | 'sin_novedad' | 'fallido'
    detalle: str
    duracion_s: float = 0.0

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


def primer_dia_habil(mes: dt.date) -> dt.date:
    dia = mes.replace(day=1)
    while dia.weekday() >= 5 or (dia.month, dia.day) in FERIADOS_FIJOS:
        dia += dt.timedelta(days=1)
    return dia


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


def _ejecutar(ruta: Path, tarea: str, periodo: str, trabajo) -> Corrida:
    """Corre `trabajo()` → (resultado, detalle) y lo anota. Un rechazo (ErrorUsuario) o un defecto es «fallido» con
    su motivo en palabras; el defecto va además al log con su traza."""
    inicio, reloj_inicio = reloj.ahora(), time.monotonic()
    try:
        resultado, detalle = trabajo()
    except ErrorUsuario as e:
        resultado, detalle = "fallido", str(e)
    except Exception as e:  # noqa: BLE001 — se anota y la corrida sigue con las demás tareas
        log.exception("La tarea %s (%s) falló", tarea, periodo)
        resultado, detalle = "fallido", f"Error inesperado ({type(e).__name__}: {e}). Detalle en el log."
    corrida = Corrida(tarea, periodo, resultado, detalle, round(time.monotonic() - reloj_inicio, 3))
    _registrar(ruta, corrida, inicio)
    return corrida


# ------------------------------------------------------------------ carpeta de entrada

def _destino_libre(carpeta: Path, nombre: str, ahora: dt.datetime) -> Path:
    """procesados/ o rechazados/ guardan todo: el mismo nombre dos veces lleva la hora, y un número si hace falta."""
    carpeta.mkdir(parents=True, exist_ok=True)
    destino = carpeta / nombre
    n = 1
    while destino.exists():
        base, punto, ext = nombre.rpartition(".")
        base, ext = (base, f".{ext}") if punto else (nombre, "")
        destino = carpeta / f"{base}_{ahora:%Y%m%d-%H%M%S}{'' if n == 1 else f'_{n}'}{ext}"
        n += 1
    return destino


def archivos_listos(entrada: Path, quieto_s: float = QUIETO_S) -> list[Path]:
    """Los archivos de la carpeta que ya terminaron de llegar (sin cambios hace `quieto_s`), en orden de nombre.
    Se saltan los ocultos y los temporales de quien los copia (~$, .part, .tmp, .crdownload)."""
    if not entrada.is_dir():
        return []
    ahora_s, listos = time.time(), []
    for archivo in sorted(entrada.iterdir()):
        nombre = archivo.name
        if (not archivo.is_file() or nombre.startswith((".", "~$")) or nombre.endswith((".part", ".tmp", ".crdownload"))):
            continue
        estado = archivo.stat()
        if ahora_s - max(estado.st_mtime, estado.st_ctime) >= quieto_s:
            listos.append(archivo)
    return listos


def importar_carpeta(ruta: Path, entrada: Path, ahora: dt.datetime | None = None,
                     quieto_s: float = QUIETO_S) -> tuple[str, str]:
    """Importa cada archivo listo por el camino de siempre, como «carpeta de entrada», y lo mueve a procesados/ o, si
    se rechaza, a rechazados/ con un .txt al lado que lista sus problemas. Un archivo a la vez, cada uno en su unidad.
    Si el proceso muere a mitad, la importación no se escribió (una transacción) y el archivo sigue en la carpeta."""
    from datos.importar import importar_archivo
    from datos.importar.informe import texto_problemas, texto_resumen

    ahora = ahora or reloj.ahora()
    if not entrada.is_dir():
        return "sin_novedad", f"No existe la carpeta de entrada «{entrada}»."
    listos = archivos_listos(entrada, quieto_s)
    if not listos:
        return "sin_novedad", "Sin archivos nuevos."
    entraron, rechazados = [], []
    for archivo in listos:
        with conexion.abierta(ruta) as con:
            try:
                res = importar_archivo(con, archivo, usuario=CARPETA_ENTRADA)
            except OSError as e:
                res, problema = None, f"No se pudo leer ({e.strerror or e})."
        if res is not None and not res.problemas:
            os.replace(archivo, _destino_libre(entrada / PROCESADOS, archivo.name, ahora))
            entraron.append(archivo.name)
            log.info("carpeta de entrada: %s", texto_resumen(res))
            continue
        destino = _destino_libre(entrada / RECHAZADOS, archivo.name, ahora)
        texto = texto_problemas(res) if res is not None else f"✗ {archivo.name}: {problema}"
        destino.with_name(destino.name + ".problemas.txt").write_text(
            f"{texto}\n\nNo se importó nada de este archivo. Corríjalo y vuelva a dejarlo en «{entrada}».\n",
            encoding="utf-8")
        os.replace(archivo, destino)
        rechazados.append(archivo.name)
    partes = []
    if entraron:
        partes.append(f"importados: {', '.join(entraron)}")
    if rechazados:
        partes.append(f"rechazados (ver {RECHAZADOS}/): {', '.join(rechazados)}")
    return ("fallido" if rechazados else "hecho"), "; ".join(partes) + "."


# ------------------------------------------------------------------ informes del mes cerrado

def meses_por_informar(con, hoy: dt.date) -> list[dt.date]:
    """Los meses cerrados cuyo primer día hábil siguiente ya llegó y que todavía no tienen su informe: desde el
    siguiente al último hecho (a lo sumo MESES_A_RECUPERAR); en una instalación nueva, sólo el último cerrado."""
    ultimo_cerrado = mes_anterior(hoy)
    if hoy < primer_dia_habil(hoy):  # este mes todavía no llegó su primer día hábil: el anterior aún no toca
        ultimo_cerrado = mes_anterior(ultimo_cerrado)
    hecho = hechos(con, "informes_mensuales")
    if hecho:
        desde = max(dt.date.fromisoformat(p + "-01") for p in hecho)
    else:
        desde = mes_anterior(ultimo_cerrado)
    meses, mes = [], ultimo_cerrado
    while mes > desde and len(meses) < MESES_A_RECUPERAR:
        if f"{mes:%Y-%m}" not in hecho:
            meses.append(mes)
        mes = mes_anterior(mes)
    return sorted(meses)


def _escribir(destino: Path, contenido: bytes) -> None:
    temporal = destino.with_name(f".{destino.name}.tmp")
    temporal.write_bytes(contenido)
    os.replace(temporal, destino)  # quien abra la carpeta nunca ve un PDF a medias


def informe_del_mes(ruta: Path, mes: dt.date, carpeta: Path) -> tuple[str, str]:
    """El informe a la Jefatura (PDF) y el Reporte de Estados de OTs (Excel) de `mes` en carpeta/AAAA-MM/, anotados en
    informes_archivados; después, el correo a quienes reciben el informe mensual (con el PDF). Si ya estaban
    archivados (un reintento por el correo) no se rehacen: el archivo es el del primer día hábil."""
    from informes import mensual, pdf

    destino = carpeta / f"{mes:%Y-%m}"
    with conexion.abierta(ruta) as con:
        archivados = dict(con.execute("SELECT tipo, archivo FROM informes_archivados WHERE mes = $m",
                                      {"m": mes}).fetchall())
        if len(archivados) < 2:
            try:
                informe = mensual.construir(con, mes)
            except mensual.SinDatos:
                return "sin_novedad", f"{mes:%m/%Y} no tiene órdenes de movimiento de poste: no hay informe."
            try:
                destino.mkdir(parents=True, exist_ok=True)
                archivados = {"informe_pdf": destino / mensual.nombre_pdf(mes),
                              "reporte_estados": destino / mensual.nombre_excel(mes)}
                _escribir(archivados["informe_pdf"], pdf.generar(informe))
                _escribir(archivados["reporte_estados"], mensual.excel(informe))
            except OSError as e:
                raise ErrorUsuario(f"No se pudo escribir en la carpeta de informes «{destino}» "
                                   f"({e.strerror or e}).") from None
            with conexion.transaccion(con):
                for tipo, archivo in archivados.items():
                    con.execute("INSERT OR REPLACE INTO informes_archivados VALUES ($m, $t, $a, $c)",
                                {"m": mes, "t": tipo, "a": str(archivo), "c": reloj.ahora()})
            resumen = f"{informe.porcentaje} {informe.veredicto}"
        else:
            resumen = "ya archivado"
    correo = _enviar("informe_mensual", f"{mes:%Y-%m}", f"Informe mensual de movimiento de poste, {mes:%m/%Y}",
                     f"Adjunto el informe del mes {mes:%m/%Y} ({resumen}). El Reporte de Estados de OTs está en "
                     f"{archivados['reporte_estados']}.", [Path(archivados["informe_pdf"])], ruta)
    return _con_correo(f"{mes:%m/%Y}: {resumen}, en {destino}", correo)


# ------------------------------------------------------------------ alerta diaria

def revisar_alerta(con, hoy: dt.date) -> list[str]:
    """Lo que merece una alerta hoy: el KPI del mes en curso OBSERVADO, o REGISTRADO sin coordinación a tiempo."""
    from consultas import consultar
    from datos.formato import texto_entero
    from consultas.kpi import kpi_mensual
    from datos.administracion import valor_ajuste

    motivos = []
    mes = hoy.replace(day=1)
    kpi = kpi_mensual(con, mes, mes)
    if not kpi.empty and kpi.iloc[0]["estado"] == "OBSERVADO":
        fila = kpi.iloc[0]
        motivos.append(f"El KPI de {mes:%m/%Y} está OBSERVADO: {fila['atendidos']} atendidos de {fila['total']} "
                       f"trámites (meta {valor_ajuste(con, 'umbral_kpi')} %).")
    dias = valor_ajuste(con, "dias_sin_coordinacion")
    resumen = consultar(con, "seguimiento_pendientes_resumen", hoy=hoy, dias=dias, desde=None, hasta=None)
    sin_coordinar = int(resumen.set_index("categoria").loc["registrado_sin_coordinar", "ordenes"])
    if sin_coordinar:
        motivos.append(f"{texto_entero(sin_coordinar)} órdenes REGISTRADO llevan más de {dias} días sin coordinación "
                       "con Gestión de Redes (página «Seguimiento / suplencia»).")
    return motivos


def alerta_del_dia(ruta: Path, hoy: dt.date) -> tuple[str, str]:
    from informes import novedades

    with conexion.abierta(ruta) as con:
        motivos = revisar_alerta(con, hoy)
        # Issue 25: lo que falta para APROBADO y lo que trajo la última importación, como secciones propias.
        secciones = novedades.secciones_alerta(con, hoy) if motivos else ""
    if not motivos:
        return "sin_novedad", "KPI del mes aprobado (o sin trámites) y ninguna REGISTRADO atrasada."
    cuerpo = ("Seguimiento de OTs «Movimiento de poste» — revisión diaria:\n\n" + "\n".join(f"• {m}" for m in motivos)
              + secciones)
    correo = _enviar("alerta", f"{hoy:%Y-%m-%d}", f"Alerta del seguimiento de OTs, {hoy:%d/%m/%Y}", cuerpo, [], ruta)
    return _con_correo(" ".join(motivos), correo)


# ------------------------------------------------------------------ correo y respaldo

def _enviar(tipo: str, periodo: str, asunto: str, cuerpo: str, adjuntos: list[Path], ruta: Path) -> str:
    from operacion import correo
    return correo.enviar_una_vez(ruta, tipo, periodo, asunto, cuerpo, adjuntos)  # abre la base sólo para anotar


_CORREO = {
    "enviado": ("hecho", "correo enviado"),
    "ya_enviado": ("hecho", "el correo ya había salido"),
    "sin_configurar": ("hecho", "sin correo configurado (SMTP): no se envió"),
    "en_curso": ("fallido", "otro proceso está enviando el correo; se reintenta en la próxima corrida"),
    "fallido": ("fallido", "el correo falló (ver Administración); se reintenta en la próxima corrida"),
    "sin_destinatarios": ("fallido", "nadie recibe este correo (elija roles con correo en Administración); se "
                                     "reintenta en la próxima corrida"),
}


def _con_correo(detalle: str, estado_correo: str) -> tuple[str, str]:
    resultado, texto = _CORREO[estado_correo]
    return resultado, f"{detalle} — {texto}."


def respaldo_del_dia(ruta: Path, salida: Path | None) -> tuple[str, str]:
    from operacion import respaldo
    archivo = respaldo.respaldar(ruta, salida=salida)
    return "hecho", f"respaldo {archivo.name} ({respaldo.tamano(archivo)}) en {archivo.parent}"


# ------------------------------------------------------------------ la corrida

def correr(ruta=None, *, ahora: dt.datetime | None = None, entrada=None, informes=None, respaldos=None,
           solo: set[str] | None = None, quieto_s: float = QUIETO_S) -> list[Corrida] | None:
    """Corre lo que toca ahora y devuelve lo hecho; None si ya hay otra corrida de tareas en curso (cron la lanzó
    de nuevo antes de que terminara la anterior: esta no hace nada)."""
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
            meses = meses_por_informar(con, hoy)
            alerta_hecha = f"{hoy:%Y-%m-%d}" in hechos(con, "alerta_diaria")
            respaldo_hecho = f"{hoy:%Y-%m-%d}" in hechos(con, "respaldo")
        quiere = (lambda t: solo is None or t in solo)
        corridas = []
        if quiere("carpeta_entrada"):
            corridas.append(_ejecutar(ruta, "carpeta_entrada", f"{ahora:%Y-%m-%d %H:%M}",
                                      lambda: importar_carpeta(ruta, dirs.entrada, ahora, quieto_s)))
        if quiere("informes_mensuales"):
            for mes in meses:
                corridas.append(_ejecutar(ruta, "informes_mensuales", f"{mes:%Y-%m}",
                                          lambda mes=mes: informe_del_mes(ruta, mes, dirs.informes)))
        if quiere("alerta_diaria") and not alerta_hecha:
            corridas.append(_ejecutar(ruta, "alerta_diaria", f"{hoy:%Y-%m-%d}", lambda: alerta_del_dia(ruta, hoy)))
        if quiere("respaldo") and not respaldo_hecho:
            corridas.append(_ejecutar(ruta, "respaldo", f"{hoy:%Y-%m-%d}",
                                      lambda: respaldo_del_dia(ruta, dirs.respaldos)))
        return corridas
    finally:
        una_sola.release()
