"""Configuración que cambia el administrador: equivalencias de estados, actividades de
movimiento de poste y umbral del indicador. Cada cambio queda en `auditoria` con quién y cuándo."""
from __future__ import annotations

from datos.conexion import transaccion
from datos.dominio import ESTADOS
from datos.errores import DatoInvalido
from datos.permisos import Usuario, exigir


# Ajustes que se pueden cambiar desde la página, con su rango válido (enteros). Uno que la base todavía no tiene vale
# lo de VALOR_INICIAL.
AJUSTES = {
    "umbral_kpi": ("umbral del indicador (%)", 1, 100),
    "dias_sin_coordinacion": ("días sin coordinación", 1, 365),
    "dias_frescura": ("días sin importar antes de avisar", 1, 60),
    "respaldos_a_conservar": ("número de respaldos a conservar", 1, 365),
    "horas_sesion": ("horas que dura la sesión en el navegador", 1, 72),
    # 0: firmar un mes con excepciones sin explicar pide confirmación; 1: no se puede (cada una necesita su texto).
    "explicar_toda_excepcion": ("exigir una explicación por excepción antes de firmar (0 = no, 1 = sí)", 0, 1),
}
VALOR_INICIAL = {"umbral_kpi": 98, "dias_sin_coordinacion": 7, "dias_frescura": 2, "respaldos_a_conservar": 14,
                 "horas_sesion": 8,
                 "explicar_toda_excepcion": 0}


def valor_ajuste(con, clave: str) -> int:
    """Un ajuste entero, o su valor inicial si nadie lo cambió todavía."""
    from datos.conexion import ajuste

    valor = ajuste(con, clave)
    return int(valor) if valor is not None else VALOR_INICIAL[clave]


def auditar(con, quien: Usuario | str, accion: str, detalle: str | None = None) -> None:
    """Agrega una fila a la auditoría. Se llama dentro de la transacción del cambio."""
    usuario = quien if isinstance(quien, str) else quien.usuario
    con.execute("INSERT INTO auditoria (usuario, accion, detalle) VALUES ($u, $a, $d)",
                {"u": usuario, "a": accion, "d": detalle})


# --- Equivalencias de estados -------------------------------------------------------------------

def guardar_mapeo(con, quien: Usuario, valor: str, estado: str) -> str:
    """Agrega o cambia una equivalencia «valor de Smartflex → estado». Devuelve la clave guardada: el código si el
    valor lo trae («8 - CERRADA» → «8»: el código decide), si no la descripción normalizada (clave_estado)."""
    exigir(quien, "administrar")
    if estado not in ESTADOS:
        raise DatoInvalido(f"Estado «{estado}» no válido: use REGISTRADO, ATENDIDO o ANULADO.")
    if not valor or not valor.strip():
        raise DatoInvalido("Escriba el valor tal como aparece en la exportación de Smartflex.")
    with transaccion(con):
        (normal,) = con.execute("SELECT clave_estado($v)", {"v": valor}).fetchone()
        if normal is None:
            raise DatoInvalido(f"«{valor}» no tiene código ni descripción.")
        antes = con.execute("SELECT estado FROM mapeo_estados WHERE valor = $v", {"v": normal}).fetchone()
        if antes and antes[0] == estado:
            return normal
        con.execute("INSERT OR REPLACE INTO mapeo_estados (valor, estado) VALUES ($v, $e)",
                    {"v": normal, "e": estado})
        if antes:
            auditar(con, quien, "mapeo_cambiado", f"«{normal}»: {antes[0]} → {estado}")
        else:
            auditar(con, quien, "mapeo_agregado", f"«{normal}» → {estado}")
    return normal


def quitar_mapeo(con, quien: Usuario, valor: str) -> None:
    exigir(quien, "administrar")
    with transaccion(con):
        antes = con.execute("SELECT valor, estado FROM mapeo_estados WHERE valor = clave_estado($v)",
                            {"v": valor}).fetchone()
        if not antes:
            raise DatoInvalido(f"No hay una equivalencia para «{valor}».")
        con.execute("DELETE FROM mapeo_estados WHERE valor = $v", {"v": antes[0]})
        auditar(con, quien, "mapeo_quitado", f"«{antes[0]}» (era {antes[1]})")


# --- Actividades de movimiento de poste ---------------------------------------------------------

def guardar_actividad(con, quien: Usuario, codigo: int, descripcion: str) -> None:
    exigir(quien, "administrar")
    codigo = int(codigo)
    if codigo <= 0:
        raise DatoInvalido("El código de actividad debe ser un número entero positivo.")
    descripcion = (descripcion or "").strip()
    if not descripcion:
        raise DatoInvalido("Escriba la descripción de la actividad.")
    with transaccion(con):
        antes = con.execute("SELECT descripcion FROM actividades_poste WHERE codigo = $c",
                            {"c": codigo}).fetchone()
        if antes and antes[0] == descripcion:
            return
        con.execute("INSERT OR REPLACE INTO actividades_poste (codigo, descripcion) VALUES ($c, $d)",
                    {"c": codigo, "d": descripcion})
        if antes:
            auditar(con, quien, "actividad_cambiada", f"{codigo}: «{antes[0]}» → «{descripcion}»")
        else:
            auditar(con, quien, "actividad_agregada", f"{codigo} – {descripcion}")


def quitar_actividad(con, quien: Usuario, codigo: int) -> None:
    exigir(quien, "administrar")
    with transaccion(con):
        antes = con.execute("SELECT descripcion FROM actividades_poste WHERE codigo = $c",
                            {"c": int(codigo)}).fetchone()
        if not antes:
            raise DatoInvalido(f"La actividad {codigo} no está en la lista.")
        (quedan,) = con.execute("SELECT count(*) FROM actividades_poste").fetchone()
        if quedan <= 1:
            # Sin actividades el indicador quedaría vacío para todos los meses.
            raise DatoInvalido("Debe quedar al menos una actividad de movimiento de poste.")
        con.execute("DELETE FROM actividades_poste WHERE codigo = $c", {"c": int(codigo)})
        auditar(con, quien, "actividad_quitada", f"{codigo} – {antes[0]}")


# --- Ajustes ------------------------------------------------------------------------------------

def cambiar_ajuste(con, quien: Usuario, clave: str, valor) -> None:
    """Cambia un ajuste entero (p. ej. umbral_kpi): el indicador compara enteros, sin redondeo."""
    exigir(quien, "administrar")
    if clave not in AJUSTES:
        raise DatoInvalido(f"Ajuste desconocido «{clave}».")
    nombre, minimo, maximo = AJUSTES[clave]
    try:
        entero = int(str(valor).strip())
    except ValueError:
        raise DatoInvalido(f"El {nombre} debe ser un número entero.") from None
    if not minimo <= entero <= maximo:
        raise DatoInvalido(f"El {nombre} debe estar entre {minimo} y {maximo}.")
    with transaccion(con):
        fila = con.execute("SELECT valor FROM ajustes WHERE clave = $c", {"c": clave}).fetchone()
        antes = fila or (str(VALOR_INICIAL[clave]),)  # el que nunca se cambió vale su valor inicial
        if antes[0] == str(entero):
            return
        con.execute("INSERT OR REPLACE INTO ajustes (clave, valor) VALUES ($c, $v)",
                    {"c": clave, "v": str(entero)})
        auditar(con, quien, "ajuste_cambiado",
                f"{nombre}: {antes[0]} → {entero}")


def cambiar_umbral(con, quien: Usuario, umbral) -> None:
    cambiar_ajuste(con, quien, "umbral_kpi", umbral)


# --- Causales de fallo --------------------------------------------------------------------------

def _codigo_causal(codigo) -> int:
    """El código de causal como entero positivo (CAUSAL_ID de OSF); ValueError en español si no lo es."""
    mensaje = "El código de causal debe ser un número entero positivo (el CAUSAL_ID de Smartflex)."
    if isinstance(codigo, float) and codigo.is_integer():  # un número leído de Excel o de un campo numérico
        codigo = int(codigo)
    try:
        entero = int(str(codigo if codigo is not None else "").strip())
    except ValueError:
        raise DatoInvalido(mensaje) from None
    if entero <= 0:
        raise DatoInvalido(mensaje)
    return entero


def marcar_causal_fallo(con, quien: Usuario, codigo, descripcion: str | None = None) -> None:
    """Marca una causal como «fallo» para cuando la exportación no trae su clase (GE_CAUSAL.CLASS_CAUSAL_ID):
    las órdenes ATENDIDAS con ese código quedan señaladas (vista ordenes_con_causal_fallo). El KPI no cambia."""
    exigir(quien, "administrar")
    codigo = _codigo_causal(codigo)
    descripcion = (descripcion or "").strip() or None
    with transaccion(con):
        antes = con.execute("SELECT descripcion FROM causales_fallo WHERE codigo = $c", {"c": codigo}).fetchone()
        if antes and antes[0] == descripcion:
            return
        con.execute("INSERT OR REPLACE INTO causales_fallo (codigo, descripcion) VALUES ($c, $d)",
                    {"c": codigo, "d": descripcion})
        if antes:
            auditar(con, quien, "causal_fallo_cambiada", f"{codigo}: «{antes[0] or ''}» → «{descripcion or ''}»")
        else:
            auditar(con, quien, "causal_fallo_marcada", f"{codigo}" + (f" – {descripcion}" if descripcion else ""))


def quitar_causal_fallo(con, quien: Usuario, codigo) -> None:
    exigir(quien, "administrar")
    codigo = _codigo_causal(codigo)
    with transaccion(con):
        antes = con.execute("SELECT descripcion FROM causales_fallo WHERE codigo = $c", {"c": codigo}).fetchone()
        if not antes:
            raise DatoInvalido(f"La causal {codigo} no está marcada como fallo.")
        con.execute("DELETE FROM causales_fallo WHERE codigo = $c", {"c": codigo})
        auditar(con, quien, "causal_fallo_quitada", f"{codigo}" + (f" – {antes[0]}" if antes[0] else ""))
