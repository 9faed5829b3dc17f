"""Exportaciones de Smartflex (OSF) como las escriben de verdad sus herramientas (DISENO §3.1), para las pruebas.

Una lista de órdenes (`Orden`) y un escritor por convención; cada escritor devuelve los bytes del archivo:

- `sql_developer_csv`: alias de Oracle, todo campo entre comillas, «id - DESCRIPCIÓN», fechas DD/MM/RR (una columna
  TIMESTAMP con «,000000000»);
- `toad_csv`: «;», Windows-1252, «id : Initcap», fechas DD-MON-RR y DD-MON-YYYY (meses en español o inglés), alias
  escritos a mano;
- `tabla_cruda_csv`: OR_ORDER / OR_ORDER_ACTIVITY tal cual: códigos sin descripción, fechas ISO o DD/MM/RR;
- `estados_en_texto_csv`: el estado como descripción sola (cualquier caja y tilde) o «8-Cerrada»;
- `sql_developer_xlsx`: hojas «SQL Results» y «SQL Statement», fechas reales, números como números;
- `xls_97`: Excel 97-2003 (BIFF8) con título, fila en blanco, encabezado, fechas reales y fila de totales;
- `alias_a_mano_csv`: encabezados con errata (CODIGO_ACTIIVDAD), expresiones (TRUNC(A.LEGALIZATION_DATE)) y una
  unión que exporta ORDER_ID dos veces.

Una fecha puede ser un `str`: se escribe tal cual (para fechas que la convención no puede expresar).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

import xlsxwriter
import xlwt

# --- catálogos de OSF ---------------------------------------------------------------------------

ESTADOS = {  # OR_ORDER_STATUS
    -1: "ESPERANDO REGISTRO", 0: "REGISTRADA", 1: "PROGRAMADA", 2: "GENERADA", 5: "ASIGNADA", 6: "EN EJECUCIÓN",
    7: "EJECUTADA", 8: "CERRADA", 11: "BLOQUEADA", 12: "ANULADA", 18: "EN ESPERA", 19: "MOVILIZANDO", 20: "PLANEADA"}
ACTIVIDADES = {  # GE_ITEMS
    52137: "SERVICIO DE INGENIERIA TRASLADO POSTE USUARIO", 8074: "LBC – VENTA SERVICIO DE INGENIERÍA",
    52001: "INSTALACIÓN LÍNEA FIJA", 52300: "TRASLADO DE LÍNEA"}
ACTIVIDADES_POSTE = (52137, 8074)
CAUSALES = {  # GE_CAUSAL: descripción, CLASS_CAUSAL_ID (1 éxito, 2 fallo)
    100: ("CLIENTE DESISTIÓ DEL TRÁMITE", 2), 101: ("DATOS DEL CLIENTE INCORRECTOS", 2),
    3401: ("TRABAJO REALIZADO", 1), 3409: ("NO SE PUDO EJECUTAR", 2)}
UNIDADES = {3021: "GESTIÓN REDES REGULARIZACIÓN", 3050: "CUADRILLA INSTALACIONES NORTE"}  # OR_OPERATING_UNIT
TIPOS_TRABAJO = {12150: "TRASLADO DE POSTE", 12001: "INSTALACIÓN DE LÍNEA"}
CLIENTES = ["María Quispe Mamani", "Juan Carlos Rojas", "Ña Eulogia Céspedes", "Importadora Tunari S.R.L."]
COMENTARIOS = ["", "Poste obstruye ingreso; cliente solicita traslado", 'Cliente indica "urgente"',
               "Traslado 3 m, frente a la puerta", "Sin observación"]

MESES = {"es": ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"],
         "en": ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]}

Fecha = dt.datetime | str | None


@dataclass(frozen=True)
class Orden:
    ot: int
    actividad: int
    estado: int                      # ORDER_STATUS_ID
    creada: Fecha                    # CREATED_DATE
    solicitud: int | None = None     # PACKAGE_ID
    legalizada: Fecha = None         # LEGALIZATION_DATE (7 y 8)
    limite: Fecha = None             # MAX_DATE_TO_LEGALIZE / EXEC_ESTIMATE_DATE
    causal: int | None = None        # CAUSAL_ID
    unidad: int | None = None        # OPERATING_UNIT_ID
    tipo_trabajo: int = 12150        # TASK_TYPE_ID
    suscriptor: int | None = None    # SUBSCRIBER_ID
    cliente: str = ""
    comentario: str = ""
    estado_texto: str | None = None  # si no es None, la celda de estado se escribe así, tal cual

    @property
    def actividad_desc(self) -> str:
        return ACTIVIDADES.get(self.actividad, f"ACTIVIDAD {self.actividad}")

    @property
    def estado_desc(self) -> str:
        return ESTADOS.get(self.estado, "NUEVO")

    @property
    def causal_desc(self) -> str | None:
        return CAUSALES[self.causal][0] if self.causal is not None else None

    @property
    def causal_clase(self) -> int | None:
        return CAUSALES[self.causal][1] if self.causal is not None else None

    @property
    def unidad_nombre(self) -> str | None:
        return UNIDADES[self.unidad] if self.unidad is not None else None

    @property
    def tipo_trabajo_desc(self) -> str:
        return TIPOS_TRABAJO[self.tipo_trabajo]


HASTA = dt.datetime(2026, 11, 30, 20, 0)  # ninguna fecha del conjunto es posterior


def ordenes(semilla: int = 2026, n: int = 120) -> list[Orden]:
    """Un conjunto realista y determinista: dic-2025 a nov-2026, todos los estados, otras actividades y causales
    nulas."""
    rng = random.Random(semilla)
    meses = [(2025, 12)] + [(2026, m) for m in range(1, 12)]
    codigos = list(ESTADOS)
    lista, ot = [], 5_300_000 + semilla % 1000 * 1000
    for i in range(n):
        ot += rng.randint(1, 9)
        anio, mes = meses[i % len(meses)]
        dia = rng.randint(1, 30 if mes != 2 else 28)
        creada = dt.datetime(anio, mes, dia, rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59))
        # las primeras órdenes usan cada estado una vez en una actividad de poste; luego, sobre todo cerradas
        if i < len(codigos):
            estado, actividad = codigos[i], ACTIVIDADES_POSTE[i % 2]
        else:
            estado = rng.choice([8] * 6 + [7, 12, 12, 0, 5, 6, 11, 18, 19, 20, 1, 2, -1])
            actividad = rng.choice([52137] * 6 + [8074] * 2 + [52001, 52300])
        legalizada = None
        if estado in (7, 8):
            legalizada = max(creada, min(creada + dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 8)),
                                         HASTA))
        causal = {12: [100, 100, 101, None], 8: [3401, 3401, 3409, None], 7: [3401, None]}.get(estado, [None])
        lista.append(Orden(
            ot=ot, actividad=actividad, estado=estado, creada=creada, solicitud=ot - 1_400_000,
            legalizada=legalizada, limite=creada.replace(hour=0, minute=0, second=0) + dt.timedelta(days=15),
            causal=rng.choice(causal), unidad=None if estado in (-1, 0) else rng.choice([3021, 3021, 3050]),
            tipo_trabajo=12150 if actividad in ACTIVIDADES_POSTE else 12001,
            suscriptor=rng.randint(1_000_000, 9_999_999), cliente=rng.choice(CLIENTES),
            comentario=rng.choice(COMENTARIOS)))
    return lista


def reemitida(anterior: Orden, ot: int, creada: dt.datetime, estado: int, legalizada: Fecha = None,
              causal: int | None = None, actividad: int | None = None) -> Orden:
    """Otra OT para la misma solicitud (PACKAGE_ID) que `anterior`: OSF anula una OT (cliente ausente, dirección
    errada) y genera otra para el mismo trámite. Mismo cliente y suscriptor; fecha, estado y causal propios."""
    return replace(anterior, ot=ot, creada=creada, estado=estado, legalizada=legalizada, causal=causal,
                   actividad=anterior.actividad if actividad is None else actividad,
                   limite=creada.replace(hour=0, minute=0, second=0) + dt.timedelta(days=15))


# --- formatos de celda --------------------------------------------------------------------------

def initcap(texto: str) -> str:
    """Oracle INITCAP: mayúscula al inicio de cada palabra (todo lo que no es letra o número separa)."""
    return re.sub(r"[^\W_]+", lambda m: m[0][:1].upper() + m[0][1:].lower(), texto)


def codificado(codigo: int | None, descripcion: str | None, sep: str = " - ", capitalizar: bool = False) -> str:
    """`id || ' - ' || descripcion`: con ambos NULL queda sólo el separador (« - »)."""
    desc = descripcion or ""
    return f"{'' if codigo is None else codigo}{sep}{initcap(desc) if capitalizar else desc}"


def _hora(d: dt.datetime) -> str:
    return f"{d.hour:02d}:{d.minute:02d}:{d.second:02d}"


def fecha_rr(d: Fecha, hora: bool = True, fraccion: bool = False) -> str:
    """Oracle NLS español: DD/MM/RR [HH24:MI:SS[XFF]]."""
    if d is None or isinstance(d, str):
        return d or ""
    texto = f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    if hora or fraccion:
        texto += " " + _hora(d) + (",000000000" if fraccion else "")
    return texto


def fecha_mon(d: Fecha, anio_largo: bool = False, idioma: str = "es") -> str:
    """DD-MON-RR o DD-MON-YYYY."""
    if d is None or isinstance(d, str):
        return d or ""
    anio = f"{d.year:04d}" if anio_largo else f"{d.year % 100:02d}"
    return f"{d.day:02d}-{MESES[idioma][d.month - 1]}-{anio}"


def fecha_iso(d: Fecha) -> str:
    if d is None or isinstance(d, str):
        return d or ""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d} {_hora(d)}"


def fecha_dmy(d: Fecha) -> str:
    if d is None or isinstance(d, str):
        return d or ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d} {d.hour:02d}:{d.minute:02d}"


def _nulo(v) -> str:
    return "" if v is None else str(v)


def _csv(filas: list[list[str]], sep: str = ",", comillas: int = csv.QUOTE_MINIMAL, codificacion: str = "utf-8",
         fin: str = "\r\n") -> bytes:
    salida = io.StringIO()
    csv.writer(salida, delimiter=sep, quoting=comillas, lineterminator=fin).writerows(filas)
    return salida.getvalue().encode(codificacion)


def guardar(contenido: bytes, ruta: Path | str) -> Path:
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_bytes(contenido)
    return ruta


# --- escritores ---------------------------------------------------------------------------------

SQL_DEVELOPER = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "TASK_TYPE_ID", "ORDER_STATUS_ID", "CREATED_DATE",
                 "LEGALIZATION_DATE", "CAUSAL_ID", "CLASE_CAUSAL", "OPERATING_UNIT_ID", "SUBSCRIBER_ID", "COMMENT_"]


def _estado(o: Orden, sep=" - ", capitalizar=False) -> str:
    return o.estado_texto if o.estado_texto is not None else codificado(o.estado, o.estado_desc, sep, capitalizar)


def sql_developer_csv(lista: list[Orden]) -> bytes:
    """SQL Developer → Exportar → csv: todo entre comillas, coma, UTF-8; LEGALIZATION_DATE es un TIMESTAMP."""
    filas = [SQL_DEVELOPER] + [[
        str(o.ot), _nulo(o.solicitud), codificado(o.actividad, o.actividad_desc),
        codificado(o.tipo_trabajo, o.tipo_trabajo_desc), _estado(o), fecha_rr(o.creada),
        fecha_rr(o.legalizada, fraccion=True), codificado(o.causal, o.causal_desc), _nulo(o.causal_clase),
        codificado(o.unidad, o.unidad_nombre), _nulo(o.suscriptor), o.comentario] for o in lista]
    return _csv(filas, comillas=csv.QUOTE_ALL)


TOAD = ["ORDEN_TRABAJO", "SOLICITUD", "ACTIVIDAD", "ESTADO_ORDEN", "FECHA_CREACION", "FECHA_LEGALIZACION", "CAUSAL",
        "CLASE_CAUSAL", "CODIGO_UNIDAD_OPERATIVA", "Tipo de trabajo", "NOMBRE_SUSCRIPTOR", "OBSERVACION"]


def toad_csv(lista: list[Orden], idioma: str = "es") -> bytes:
    """Toad: «;», Windows-1252, `id ||' : '|| initcap(desc)`; FECHA_CREACION DD-MON-RR, FECHA_LEGALIZACION
    DD-MON-YYYY; CODIGO_UNIDAD_OPERATIVA sólo el código."""
    filas = [TOAD] + [[
        str(o.ot), _nulo(o.solicitud), codificado(o.actividad, o.actividad_desc, " : ", True),
        _estado(o, " : ", True), fecha_mon(o.creada, idioma=idioma),
        fecha_mon(o.legalizada, anio_largo=True, idioma=idioma), codificado(o.causal, o.causal_desc, " : ", True),
        _nulo(o.causal_clase), _nulo(o.unidad), codificado(o.tipo_trabajo, o.tipo_trabajo_desc, " : ", True),
        o.cliente, o.comentario] for o in lista]
    return _csv(filas, sep=";", codificacion="cp1252")


TABLA_CRUDA = ["ORDER_ID", "TASK_TYPE_ID", "ORDER_STATUS_ID", "OPERATING_UNIT_ID", "CREATED_DATE", "ASSIGNED_DATE",
               "MAX_DATE_TO_LEGALIZE", "LEGALIZATION_DATE", "CAUSAL_ID", "PACKAGE_ID", "ACTIVITY_ID", "SUBSCRIBER_ID"]


def tabla_cruda_csv(lista: list[Orden], fechas: str = "iso") -> bytes:
    """SELECT * de OR_ORDER unida a OR_ORDER_ACTIVITY: códigos sin descripción; fechas ISO o DD/MM/RR (sin hora)."""
    f = fecha_iso if fechas == "iso" else (lambda d: fecha_rr(d, hora=False))
    filas = [TABLA_CRUDA]
    for o in lista:
        asignada = o.creada + dt.timedelta(hours=2) if isinstance(o.creada, dt.datetime) and o.unidad else None
        filas.append([str(o.ot), str(o.tipo_trabajo), o.estado_texto if o.estado_texto is not None else str(o.estado),
                      _nulo(o.unidad), f(o.creada), f(asignada), f(o.limite), f(o.legalizada), _nulo(o.causal),
                      _nulo(o.solicitud), str(o.actividad), _nulo(o.suscriptor)])
    return _csv(filas)


ESTADOS_EN_TEXTO = ["Nro. Orden", "Solicitud", "Actividad", "Estado", "Fecha Registro", "Fecha Atención", "Causal",
                    "Unidad Operativa", "Observaciones"]


def sin_tildes(texto: str) -> str:
    return texto.translate(str.maketrans("ÁÉÍÓÚáéíóú", "AEIOUaeiou"))


def estado_en_texto(codigo: int, vez: int) -> str:
    """El estado sin código en alguna caja y tilde, o «8-Cerrada»; `vez` elige la forma."""
    desc = ESTADOS[codigo]
    formas = [desc.capitalize(), desc.lower(), sin_tildes(desc), desc.title(), f"{codigo}-{desc.capitalize()}"]
    if codigo == 8:
        formas.append("LEGALIZADA")
    return formas[vez % len(formas)]


def estados_en_texto_csv(lista: list[Orden]) -> bytes:
    """Un reporte «;» UTF-8 con BOM cuyo estado es texto: «Cerrada», «en ejecución», «EN EJECUCION», «8-Cerrada»."""
    filas = [ESTADOS_EN_TEXTO] + [[
        str(o.ot), _nulo(o.solicitud), codificado(o.actividad, initcap(o.actividad_desc)),
        o.estado_texto if o.estado_texto is not None else estado_en_texto(o.estado, i),
        fecha_dmy(o.creada), fecha_dmy(o.legalizada), codificado(o.causal, o.causal_desc),
        codificado(o.unidad, o.unidad_nombre), o.comentario] for i, o in enumerate(lista)]
    return _csv(filas, sep=";", codificacion="utf-8-sig")


SQL_XLSX = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "TASK_TYPE_ID", "ORDER_STATUS_ID", "CREATED_DATE",
            "EXEC_ESTIMATE_DATE", "LEGALIZATION_DATE", "CAUSAL_ID", "CLASE_CAUSAL", "OPERATING_UNIT_ID",
            "SUBSCRIBER_ID", "COMMENT_"]
CONSULTA = """SELECT O.ORDER_ID, A.PACKAGE_ID, A.ACTIVITY_ID || ' - ' || I.DESCRIPTION ACTIVITY_ID,
       O.TASK_TYPE_ID || ' - ' || T.DESCRIPTION TASK_TYPE_ID,
       O.ORDER_STATUS_ID || ' - ' || S.DESCRIPTION ORDER_STATUS_ID,
       O.CREATED_DATE, O.EXEC_ESTIMATE_DATE, O.LEGALIZATION_DATE, O.CAUSAL_ID || ' - ' || C.DESCRIPTION CAUSAL_ID,
       C.CLASS_CAUSAL_ID CLASE_CAUSAL, O.OPERATING_UNIT_ID || ' - ' || U.NAME OPERATING_UNIT_ID,
       A.SUBSCRIBER_ID, A.COMMENT_
  FROM OR_ORDER O JOIN OR_ORDER_ACTIVITY A ON A.ORDER_ID = O.ORDER_ID
  JOIN GE_ITEMS I ON I.ITEMS_ID = A.ACTIVITY_ID JOIN OR_ORDER_STATUS S ON S.ORDER_STATUS_ID = O.ORDER_STATUS_ID
  LEFT JOIN GE_CAUSAL C ON C.CAUSAL_ID = O.CAUSAL_ID
  LEFT JOIN OR_OPERATING_UNIT U ON U.OPERATING_UNIT_ID = O.OPERATING_UNIT_ID
  JOIN OR_TASK_TYPE T ON T.TASK_TYPE_ID = O.TASK_TYPE_ID
 WHERE A.ACTIVITY_ID IN (52137, 8074, 52001, 52300) AND O.CREATED_DATE >= DATE '2025-12-01'""".split("\n")


def sql_developer_xlsx(lista: list[Orden], consulta_primero: bool = False) -> bytes:
    """SQL Developer → Exportar → xlsx: «SQL Results» (encabezado en la fila 1) y «SQL Statement» (la consulta)."""
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True})
    libro.set_properties({"created": dt.datetime(2026, 11, 30, 18, 0)})  # mismos bytes cada vez
    if consulta_primero:
        consulta = libro.add_worksheet("SQL Statement")
    hoja = libro.add_worksheet("SQL Results")
    if not consulta_primero:
        consulta = libro.add_worksheet("SQL Statement")
    for i, linea in enumerate(CONSULTA):
        consulta.write_string(i, 0, linea)
    formato = libro.add_format({"num_format": "dd/mm/yy hh:mm:ss"})
    hoja.write_row(0, 0, SQL_XLSX)
    for fila, o in enumerate(lista, start=1):
        valores = [o.ot, o.solicitud, codificado(o.actividad, o.actividad_desc),
                   codificado(o.tipo_trabajo, o.tipo_trabajo_desc), _estado(o), o.creada, o.limite, o.legalizada,
                   codificado(o.causal, o.causal_desc), o.causal_clase, codificado(o.unidad, o.unidad_nombre),
                   o.suscriptor, o.comentario]
        for col, v in enumerate(valores):
            _celda(hoja, fila, col, v, formato)
    libro.close()
    return salida.getvalue()


def _celda(hoja, fila: int, col: int, v, formato) -> None:
    if isinstance(v, dt.datetime):
        hoja.write_datetime(fila, col, v, formato)
    elif isinstance(v, int):
        hoja.write_number(fila, col, v)
    elif v:
        hoja.write_string(fila, col, v)


XLS = ["N° Orden", "Solicitud", "Cod Actividad", "Descripción Actividad", "Estado", "Fecha Registro",
       "Fecha Legalización", "Causal", "Clase Causal", "Unidad Operativa", "Tipo Trabajo", "Observaciones"]
XLS_HOJA = "Reporte OTs"
XLS_PRIMERA_FILA = 4  # fila de Excel de la primera orden: título, en blanco, encabezado


def xls_97(lista: list[Orden]) -> bytes:
    """Excel 97-2003 de una macro: título «COMTECO R.L.», fila en blanco, encabezado, fechas reales, totales.
    El estado es el código como número (se lee 8.0)."""
    libro = xlwt.Workbook(encoding="utf-8")
    hoja = libro.add_sheet(XLS_HOJA)
    fecha = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    hoja.write_merge(0, 0, 0, 3, "COMTECO R.L.")
    for col, t in enumerate(XLS):
        hoja.write(2, col, t)
    fila = XLS_PRIMERA_FILA - 1
    for fila, o in enumerate(lista, start=XLS_PRIMERA_FILA - 1):
        valores = [o.ot, o.solicitud, o.actividad, o.actividad_desc,
                   o.estado_texto if o.estado_texto is not None else o.estado, o.creada, o.legalizada,
                   codificado(o.causal, o.causal_desc), o.causal_clase, codificado(o.unidad, o.unidad_nombre),
                   codificado(o.tipo_trabajo, o.tipo_trabajo_desc), o.comentario]
        for col, v in enumerate(valores):
            if isinstance(v, dt.datetime):
                hoja.write(fila, col, v, fecha)
            elif v is not None and v != "":
                hoja.write(fila, col, v)
    hoja.write(fila + 1, 0, "TOTAL")
    hoja.write(fila + 1, 1, len(lista))
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


ALIAS_A_MANO = ["ORDER_ID", "PACKAGE_ID", "CODIGO_ACTIIVDAD", "DESCRIPCION_ACTIVIDAD", "ESTADO", "A.CREATED_DATE",
                "TRUNC(A.LEGALIZATION_DATE)", "CAUSAL_ID", "CLASE_CAUSAL", "OPERATING_UNIT_ID", "TASK_TYPE_ID",
                "SUBSCRIBER_ID", "ORDER_ID"]  # columnas A…M: la M es el ORDER_ID de la otra tabla de la unión


def relacionada(ot: int) -> int:
    """La orden relacionada (OR_RELATED_ORDER) que la variante «distinta» pone en la segunda columna ORDER_ID."""
    return ot + 700_000


def alias_a_mano_csv(lista: list[Orden], segunda_ot: str = "igual") -> bytes:
    """Alias escritos a mano: errata, expresiones y ORDER_ID dos veces (`segunda_ot` = "igual" o "relacionada")."""
    filas = [ALIAS_A_MANO] + [[
        str(o.ot), _nulo(o.solicitud), str(o.actividad), initcap(o.actividad_desc), _estado(o), fecha_rr(o.creada),
        fecha_rr(o.legalizada, hora=False), codificado(o.causal, o.causal_desc), _nulo(o.causal_clase),
        codificado(o.unidad, o.unidad_nombre), codificado(o.tipo_trabajo, o.tipo_trabajo_desc), _nulo(o.suscriptor),
        str(o.ot if segunda_ot == "igual" else relacionada(o.ot))] for o in lista]
    return _csv(filas)
