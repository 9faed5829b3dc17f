"""El vocabulario del procedimiento OPE-SUM-GES-P08, en un solo lugar: estados, registros de seguimiento y sus
nombres, veredictos del indicador y qué campos son datos personales."""
from __future__ import annotations

# Los tres estados del procedimiento (DISENO §1, paso 6).
ESTADOS = ("REGISTRADO", "ATENDIDO", "ANULADO")
FINALES = frozenset({"ATENDIDO", "ANULADO"})

# Registros de seguimiento: el que corresponde a cada estado, su rótulo y cómo se nombra en un mensaje.
TIPO_POR_ESTADO = {"ANULADO": "medida_correctiva", "REGISTRADO": "coordinacion", "ATENDIDO": "verificacion"}
ETIQUETA_TIPO = {"medida_correctiva": "Medida correctiva", "coordinacion": "Coordinación",
                 "verificacion": "Verificación"}
NOMBRE_TIPO = {"medida_correctiva": "medida correctiva", "coordinacion": "coordinación con Gestión de Redes",
               "verificacion": "verificación"}

# Resultado de una verificación; una atendida sin verificación vigente está «sin verificar».
RESULTADOS = {"conforme": "Conforme", "con_observacion": "Con observación"}
SIN_VERIFICAR = "sin_verificar"
ETIQUETA_RESULTADO = {**RESULTADOS, SIN_VERIFICAR: "Sin verificar"}

# Veredicto del mes (DISENO §4).
ETIQUETA_VEREDICTO = {"APROBADO": "APROBADO", "OBSERVADO": "OBSERVADO", "SIN_TRAMITES": "Sin trámites"}

# Datos personales (DISENO §3): sólo los ve quien tiene «ver_personales». La observación de Smartflex es texto libre
# y suele traer nombres, teléfonos o direcciones: cuenta como personal. La zona no identifica a nadie y es un filtro
# del indicador: no lo es.
PERSONALES = {"cliente": "Cliente", "ci_nit": "CI/NIT", "direccion": "Dirección", "observacion": "Observación"}

# Las familias de exportaciones (importaciones.tipo): de cuándo son los datos se dice por familia, porque las órdenes
# pueden ser más viejas que la facturación («Órdenes al … · Facturación al …»).
TITULO_FAMILIA = {"ordenes": "Órdenes", "facturas": "Facturación"}


def titulo_familia(tipo) -> str:
    return TITULO_FAMILIA.get(tipo, str(tipo).capitalize())


# Las acciones de la tabla auditoria (datos.administracion.auditar y quienes la llaman), como se dicen.
ETIQUETA_ACCION = {
    "ingreso": "Ingresó", "salida": "Salió", "ingreso_fallido": "Ingreso rechazado", "cuenta_bloqueada": "Cuenta bloqueada",
    "usuario_agregado": "Cuenta creada", "usuario_desactivado": "Cuenta desactivada",
    "usuario_reactivado": "Cuenta reactivada", "rol_cambiado": "Rol cambiado", "correo_cambiado": "Correo cambiado",
    "clave_restablecida": "Contraseña restablecida", "ajuste_cambiado": "Ajuste cambiado",
    "mapeo_agregado": "Equivalencia de estado agregada", "mapeo_cambiado": "Equivalencia de estado cambiada",
    "mapeo_quitado": "Equivalencia de estado quitada", "actividad_agregada": "Actividad agregada",
    "actividad_cambiada": "Actividad cambiada", "actividad_quitada": "Actividad quitada",
    "causal_fallo_marcada": "Causal marcada como fallo", "causal_fallo_cambiada": "Causal de fallo cambiada",
    "causal_fallo_quitada": "Causal de fallo desmarcada", "destinatarios_cambiados": "Destinatarios cambiados",
    "tarifa_cambiada": "Tarifa cambiada", "tarifa_quitada": "Tarifa quitada",
    "estado_factura_agregado": "Estado de factura agregado", "estado_factura_cambiado": "Estado de factura cambiado",
    "concepto_poste_agregado": "Concepto de poste agregado", "concepto_poste_quitado": "Concepto de poste quitado",
    "conciliacion_firmada": "Conciliación firmada", "excepcion_explicada": "Excepción explicada",
    "seguimiento_agregado": "Seguimiento registrado", "seguimiento_corregido": "Seguimiento corregido",
    "ausencia_registrada": "Ausencia registrada", "ausencia_terminada": "Ausencia terminada antes",
    "ausencia_anulada": "Ausencia anulada",
}


def accion_en_palabras(accion: str) -> str:
    """Una acción nueva que todavía no esté en ETIQUETA_ACCION se lee igual: «feriado_agregado» → «Feriado agregado»."""
    return ETIQUETA_ACCION.get(accion) or str(accion).replace("_", " ").capitalize()
