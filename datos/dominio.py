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
