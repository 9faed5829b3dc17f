"""Reconocer encabezados: se normalizan (minúsculas, sin tildes ni puntuación) y se buscan en listas de sinónimos."""
from __future__ import annotations

import re
import unicodedata

# campo → (nombre para el usuario, sinónimos normalizados en orden de preferencia)
CAMPOS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ot": ("N° de orden (OT)", (
        "order_id", "nro_orden", "n_orden", "no_orden", "num_orden", "numero_orden", "numero_de_orden", "orden",
        "ot", "n_ot", "nro_ot", "no_ot", "num_ot", "numero_ot", "orden_de_trabajo", "nro_orden_de_trabajo",
        "n_orden_de_trabajo", "orden_trabajo", "id_orden")),
    "solicitud": ("N° de solicitud / trámite", (
        "package_id", "solicitud", "nro_solicitud", "n_solicitud", "no_solicitud", "numero_solicitud",
        "numero_de_solicitud", "tramite", "nro_tramite", "n_tramite", "no_tramite", "numero_tramite", "paquete")),
    "actividad": ("Actividad (código)", (
        "activity_id", "cod_actividad", "codigo_actividad", "cod_act", "actividad", "id_actividad",
        "actividad_codigo", "codigo_de_actividad")),
    "actividad_desc": ("Descripción de la actividad", (
        "descripcion_actividad", "desc_actividad", "actividad_descripcion", "nombre_actividad",
        "descripcion_de_actividad", "activity_desc", "activity_description")),
    "estado": ("Estado", (
        "order_status_id", "estado", "estado_ot", "estado_orden", "estado_de_la_orden", "status", "order_status")),
    "fecha_registro": ("Fecha de registro", (
        "created_date", "f_registro", "fecha_registro", "fecha_de_registro", "fecha_creacion", "f_creacion",
        "fecha_de_creacion", "fec_registro")),
    "fecha_atencion": ("Fecha de atención / legalización", (
        "legalization_date", "execution_final_date", "f_atencion", "fecha_atencion", "fecha_de_atencion",
        "fecha_legalizacion", "f_legalizacion", "fecha_de_legalizacion", "fecha_ejecucion", "f_ejecucion",
        "fec_atencion")),
    "fecha_anulacion": ("Fecha de anulación", ("fecha_anulacion", "f_anulacion", "fecha_de_anulacion", "fec_anulacion")),
    "causal": ("Causal", (
        "causal_id", "causal", "causal_anulacion", "causal_de_anulacion", "motivo_anulacion", "motivo_de_anulacion",
        "motivo")),
    "fecha_limite": ("Fecha límite", (
        "max_date_to_legalize", "exec_estimate_date", "fecha_limite", "f_limite", "fecha_compromiso",
        "fecha_maxima", "fecha_estimada")),
    "unidad_operativa": ("Unidad operativa", (
        "operating_unit_id", "unidad_operativa", "u_operativa", "unidad", "unidad_de_trabajo")),
    "tecnico": ("Técnico", ("tecnico", "tecnico_asignado", "nombre_tecnico", "personal", "responsable")),
    "cliente": ("Cliente", ("nombre_cliente", "cliente", "solicitante", "nombre_solicitante", "nombre", "subscriber_id")),
    "ci_nit": ("CI / NIT", ("ci_nit", "ci", "nit", "ci_o_nit", "nit_ci", "documento", "nro_documento", "identificacion")),
    "direccion": ("Dirección", ("direccion", "domicilio", "address")),
    "zona": ("Zona", ("zona", "barrio", "localidad")),
    "observacion": ("Observación", ("observaciones", "observacion", "comment", "comentario", "comentarios", "obs")),
}
OBLIGATORIOS = ("ot", "actividad", "estado", "fecha_registro")
# Nombres de columnas de Oracle (OR_ORDER) que delatan una consulta OSF directa.
COLUMNAS_OSF = {"order_id", "package_id", "activity_id", "order_status_id", "created_date", "task_type_id",
                "operating_unit_id", "causal_id", "legalization_date", "max_date_to_legalize", "comment"}

_SINONIMO = {s: campo for campo, (_, sins) in CAMPOS.items() for s in sins}
_PRIORIDAD = {s: i for _, (_, sins) in CAMPOS.items() for i, s in enumerate(sins)}


def normalizar(encabezado: str | None) -> str:
    texto = unicodedata.normalize("NFKD", str(encabezado or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", texto.lower()).strip("_")


def reconocer(encabezados: list[str | None]) -> dict[str, int]:
    """campo → índice de columna. Si dos columnas sirven al mismo campo, gana el sinónimo preferido."""
    elegido: dict[str, tuple[int, int]] = {}
    for i, enc in enumerate(encabezados):
        clave = normalizar(enc)
        campo = _SINONIMO.get(clave)
        if campo and (campo not in elegido or _PRIORIDAD[clave] < elegido[campo][0]):
            elegido[campo] = (_PRIORIDAD[clave], i)
    return {campo: i for campo, (_, i) in elegido.items()}


def es_osf(encabezados: list[str | None]) -> bool:
    return sum(normalizar(e) in COLUMNAS_OSF for e in encabezados) >= 3
