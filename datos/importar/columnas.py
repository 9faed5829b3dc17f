"""Reconocer encabezados: se normalizan (minúsculas, sin tildes ni puntuación) y se buscan en listas de sinónimos."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# campo → (nombre para el usuario, sinónimos normalizados en orden de preferencia)
CAMPOS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ot": ("N° de orden (OT)", (
        "order_id", "nro_orden", "n_orden", "no_orden", "num_orden", "numero_orden", "numero_de_orden", "orden",
        "ot", "n_ot", "nro_ot", "no_ot", "num_ot", "numero_ot", "orden_de_trabajo", "nro_orden_de_trabajo",
        "n_orden_de_trabajo", "orden_trabajo", "id_orden", "numero_orden_trabajo", "codigo_orden")),
    "solicitud": ("N° de solicitud / trámite", (
        "package_id", "solicitud", "nro_solicitud", "n_solicitud", "no_solicitud", "numero_solicitud",
        "numero_de_solicitud", "tramite", "nro_tramite", "n_tramite", "no_tramite", "numero_tramite", "paquete",
        "codigo_solicitud", "id_solicitud", "id_paquete")),
    "actividad": ("Actividad (código)", (
        "activity_id", "cod_actividad", "codigo_actividad", "cod_act", "actividad", "id_actividad",
        "actividad_codigo", "codigo_de_actividad", "items_id", "codigo_item")),
    "actividad_desc": ("Descripción de la actividad", (
        "descripcion_actividad", "desc_actividad", "actividad_descripcion", "nombre_actividad",
        "descripcion_de_actividad", "activity_desc", "activity_description", "desc_item")),
    "tipo_trabajo": ("Tipo de trabajo", (
        "task_type_id", "tipo_trabajo", "tipo_de_trabajo", "cod_tipo_trabajo", "codigo_tipo_trabajo",
        "id_tipo_trabajo")),
    "estado": ("Estado", (
        "order_status_id", "estado", "estado_ot", "estado_orden", "estado_de_la_orden", "status", "order_status",
        "codigo_estado", "cod_estado", "estado_de_orden")),
    "fecha_registro": ("Fecha de registro", (
        "created_date", "f_registro", "fecha_registro", "fecha_de_registro", "fecha_creacion", "f_creacion",
        "fecha_de_creacion", "fec_registro", "fecha_crea", "fec_creacion")),
    "fecha_atencion": ("Fecha de atención / legalización", (
        "legalization_date", "execution_final_date", "f_atencion", "fecha_atencion", "fecha_de_atencion",
        "fecha_legalizacion", "f_legalizacion", "fecha_de_legalizacion", "fecha_ejecucion", "f_ejecucion",
        "fec_atencion", "fecha_legaliza", "fec_legalizacion", "fecha_final_ejecucion")),
    "fecha_anulacion": ("Fecha de anulación", ("fecha_anulacion", "f_anulacion", "fecha_de_anulacion", "fec_anulacion")),
    "causal": ("Causal", (
        "causal_id", "causal", "causal_anulacion", "causal_de_anulacion", "motivo_anulacion", "motivo_de_anulacion",
        "motivo", "codigo_causal", "cod_causal", "causal_legalizacion")),
    "causal_desc": ("Descripción de la causal", (
        "descripcion_causal", "desc_causal", "nombre_causal", "causal_descripcion")),
    "causal_clase": ("Clase de causal", (
        "class_causal_id", "clase_causal", "clase_de_causal", "tipo_causal", "causal_clase")),
    "fecha_limite": ("Fecha límite", (
        "max_date_to_legalize", "exec_estimate_date", "fecha_limite", "f_limite", "fecha_compromiso",
        "fecha_maxima", "fecha_estimada")),
    "unidad_operativa": ("Unidad operativa", (
        "operating_unit_id", "unidad_operativa", "u_operativa", "unidad", "unidad_de_trabajo",
        "codigo_unidad_operativa", "cod_unidad_operativa", "id_unidad_operativa")),
    "unidad_desc": ("Nombre de la unidad operativa", (
        "nombre_unidad_operativa", "nombre_unidad", "desc_unidad_operativa", "descripcion_unidad_operativa")),
    "tecnico": ("Técnico", ("tecnico", "tecnico_asignado", "nombre_tecnico", "personal", "responsable")),
    "cliente": ("Cliente", ("nombre_cliente", "cliente", "solicitante", "nombre_solicitante", "nombre",
                            "nombre_suscriptor", "suscriptor", "subscriber_id")),
    "ci_nit": ("CI / NIT", ("ci_nit", "ci", "nit", "ci_o_nit", "nit_ci", "documento", "nro_documento", "identificacion")),
    "direccion": ("Dirección", ("direccion", "domicilio", "address")),
    "zona": ("Zona", ("zona", "barrio", "localidad")),
    "observacion": ("Observación", ("observaciones", "observacion", "comment", "comentario", "comentarios", "obs",
                                    "order_comment")),
}
OBLIGATORIOS = ("ot", "actividad", "estado", "fecha_registro")
# Nombres de columnas de Oracle (OR_ORDER) que delatan una consulta OSF directa.
COLUMNAS_OSF = {"order_id", "package_id", "activity_id", "order_status_id", "created_date", "task_type_id",
                "operating_unit_id", "causal_id", "legalization_date", "max_date_to_legalize", "comment"}

# La segunda familia: exportaciones de facturación (CxC) — DISENO §3.1 «Billing»: FACTURA (FACTCODI, FACTFEGE),
# CUENCOBR (CUCOCODI), CARGOS (CARGDOSO = 'PP-' || PACKAGE_ID, CARGCONC, CARGVALO, CARGSIGN) y los reportes de caja.
CAMPOS_FACTURAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "factura": ("N° de factura", (
        "factcodi", "nro_factura", "n_factura", "no_factura", "num_factura", "numero_factura", "numero_de_factura",
        "nro_de_factura", "factura", "cucofact", "codigo_factura", "id_factura", "n_de_factura")),
    "fecha_emision": ("Fecha de emisión", (
        "factfege", "fecha_emision", "fecha_de_emision", "f_emision", "fec_emision", "fecha_factura",
        "fecha_de_factura", "fecha_generacion", "fecha_de_generacion", "fecha_emision_factura")),
    "cuenta_cobro": ("Cuenta de cobro", (
        "cucocodi", "cargcuco", "cuenta_cobro", "cuenta_de_cobro", "nro_cuenta_cobro", "n_cuenta_cobro",
        "cuenta_por_cobrar", "nro_cxc", "cxc")),
    "documento": ("Documento de soporte (CARGDOSO)", ("cargdoso", "documento_soporte", "doc_soporte",
                                                    "documento_de_soporte")),
    "solicitud": ("N° de solicitud / trámite", (
        "package_id", "nro_solicitud", "solicitud", "n_solicitud", "no_solicitud", "numero_solicitud",
        "numero_de_solicitud", "tramite", "nro_tramite", "n_tramite", "numero_tramite", "id_solicitud")),
    "concepto": ("Concepto", ("cargconc", "concepto", "concepto_cobro", "concepto_de_cobro", "desc_concepto",
                              "descripcion_concepto", "conccodi", "concdesc", "detalle", "glosa")),
    "importe": ("Importe (Bs.)", (
        "cargvalo", "importe_bs", "importe", "monto_bs", "monto", "valor", "valor_bs", "importe_total", "total_bs",
        "valor_cargo", "monto_total", "total")),
    "signo": ("Signo (DB/CR)", ("cargsign", "signo", "db_cr", "debito_credito", "tipo_movimiento", "naturaleza")),
    "ci_nit": ("CI / NIT", ("ci_nit", "nit", "ci", "nit_ci", "ci_o_nit", "factnit", "nit_factura", "documento",
                            "nro_documento", "identificacion")),
    "cliente": ("Nombre / razón social", (
        "nombre_factura", "razon_social", "nombre_razon_social", "nombre_cliente", "cliente", "nombre", "titular",
        "suscriptor", "nombre_suscriptor")),
    "estado": ("Estado de la factura", ("estado_factura", "estado_de_factura", "estado_de_la_factura", "factesta",
                                        "estado", "situacion")),
}
OBLIGATORIOS_FACTURAS = ("factura", "fecha_emision", "importe")
COLUMNAS_OSF_FACTURAS = {"factcodi", "factfege", "cucocodi", "cargcuco", "cargdoso", "cargconc", "cargvalo",
                         "cargsign", "cucofact"}


@dataclass(frozen=True)
class Catalogo:
    """Una familia de exportaciones: sus campos (nombre y sinónimos) y cuáles son obligatorios."""
    tipo: str                          # "ordenes" | "facturas"
    nombre: str                        # cómo se dice en un mensaje: «de órdenes»
    campos: dict
    obligatorios: tuple[str, ...]
    columnas_osf: frozenset[str]
    uno_de: tuple[str, ...] = ()       # además, al menos uno de estos campos
    sinonimo: dict = field(default_factory=dict, compare=False, repr=False)
    prioridad: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.sinonimo.update({s: campo for campo, (_, sins) in self.campos.items() for s in sins})
        self.prioridad.update({s: i for _, (_, sins) in self.campos.items() for i, s in enumerate(sins)})

    def faltan(self, mapeo: dict) -> list[str]:
        """Los obligatorios que no están (y, si falta todo el grupo `uno_de`, su primero)."""
        faltan = [c for c in self.obligatorios if c not in mapeo]
        if self.uno_de and not any(c in mapeo for c in self.uno_de):
            faltan.append(self.uno_de[0])
        return faltan


ORDENES = Catalogo("ordenes", "de órdenes", CAMPOS, OBLIGATORIOS, frozenset(COLUMNAS_OSF))
FACTURAS = Catalogo("facturas", "de facturación (CxC)", CAMPOS_FACTURAS, OBLIGATORIOS_FACTURAS,
                    frozenset(COLUMNAS_OSF_FACTURAS), uno_de=("solicitud", "documento"))
CATALOGOS = (ORDENES, FACTURAS)  # ante un empate, órdenes

_SINONIMO = ORDENES.sinonimo
_PRIORIDAD = ORDENES.prioridad
# Un identificador de columna dentro de una expresión SQL (no el nombre de una función): «A.ORDER_ID», «"CREATED_DATE"».
_IDENTIFICADOR = re.compile(r'(?<![\w.])(?:"?\w+"?\.)?"?([A-Za-z_]\w*)"?(?!\s*[(\w])')


@dataclass
class Reconocidos:
    mapeo: dict[str, int]                                              # campo → índice de la columna que se lee
    aproximados: dict[str, int] = field(default_factory=dict)          # campos tomados por parecido (también en mapeo)
    repetidas: dict[str, list[int]] = field(default_factory=dict)      # campo → otras columnas con el mismo encabezado


def normalizar(encabezado: str | None) -> str:
    texto = unicodedata.normalize("NFKD", str(encabezado or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", texto.lower()).strip("_")


def _clave(encabezado: str | None, catalogo: Catalogo = ORDENES) -> str | None:
    """El sinónimo que nombra el encabezado: tal cual, o la columna que lee una expresión escrita como alias
    (`TRUNC(A.LEGALIZATION_DATE)`, `A.CREATED_DATE`, `NVL(A.CAUSAL_ID, 0)`), o sin el «_1» con que SQL Developer
    distingue una columna repetida."""
    sinonimos = catalogo.sinonimo
    clave = normalizar(encabezado)
    if clave in sinonimos:
        return clave
    texto = str(encabezado or "")
    if re.search(r'[(."|]', texto):
        sin_literales = re.sub(r"'[^']*'", " ", texto)
        for m in _IDENTIFICADOR.finditer(sin_literales):
            if (candidata := normalizar(m.group(1))) in sinonimos:
                return candidata
    sin_sufijo = re.sub(r"_\d+$", "", clave)
    return sin_sufijo if sin_sufijo in sinonimos else None


def reconocer(encabezados: list[str | None], catalogo: Catalogo = ORDENES) -> dict[str, int]:
    """campo → índice de columna. Si dos columnas sirven al mismo campo, gana el sinónimo preferido."""
    return _exactos(encabezados, catalogo)[0]


def _exactos(encabezados: list[str | None], catalogo: Catalogo = ORDENES
             ) -> tuple[dict[str, int], dict[str, list[int]]]:
    elegido: dict[str, tuple[int, int]] = {}
    por_clave: dict[str, list[int]] = {}
    for i, enc in enumerate(encabezados):
        clave = _clave(enc, catalogo)
        if clave is None:
            continue
        por_clave.setdefault(clave, []).append(i)
        campo = catalogo.sinonimo[clave]
        if campo not in elegido or catalogo.prioridad[clave] < elegido[campo][0]:
            elegido[campo] = (catalogo.prioridad[clave], i)
    mapeo = {campo: i for campo, (_, i) in elegido.items()}
    # Las otras columnas con el mismo nombre que la elegida (un join exportado dos veces): se comparan al validar.
    repetidas = {campo: resto for campo, i in mapeo.items()
                 if (resto := [j for j in por_clave[_clave(encabezados[i], catalogo)] if j != i])}
    return mapeo, repetidas


def reconocer_todo(encabezados: list[str | None], catalogo: Catalogo = ORDENES) -> Reconocidos:
    """Como reconocer(), y además: un encabezado a una o dos letras de distancia de un sinónimo de un campo que no
    se encontró se toma por ese campo (y se dice), y las columnas repetidas se señalan."""
    from rapidfuzz.distance import OSA

    mapeo, repetidas = _exactos(encabezados, catalogo)
    usadas = {i for i in mapeo.values()} | {j for js in repetidas.values() for j in js}
    aproximados: dict[str, int] = {}
    faltan = [c for c in catalogo.campos if c not in mapeo]
    for i, enc in enumerate(encabezados):
        clave = normalizar(enc)
        if i in usadas or len(clave) < 6:
            continue
        limite = 1 if len(clave) < 10 else 2
        distancias = {}
        for campo in faltan:
            d = min(OSA.distance(clave, s, score_cutoff=limite) for s in catalogo.campos[campo][1])
            if d <= limite:
                distancias[campo] = d
        if distancias:
            mejor = min(distancias.values())
            ganadores = [c for c, d in distancias.items() if d == mejor]
            if len(ganadores) == 1 and ganadores[0] not in aproximados:  # ante la duda, no se adivina
                aproximados[ganadores[0]] = i
    return Reconocidos({**mapeo, **aproximados}, aproximados, repetidas)


def letra_columna(indice: int) -> str:
    """A, B, …, Z, AA… como las nombra Excel (índice desde 0)."""
    letras = ""
    indice += 1
    while indice:
        indice, resto = divmod(indice - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


def es_osf(encabezados: list[str | None], catalogo: Catalogo = ORDENES) -> bool:
    return sum(_clave(e, catalogo) in catalogo.columnas_osf for e in encabezados) >= 3
