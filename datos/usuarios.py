"""Cuentas locales: claves con scrypt (sal aleatoria, costo alto), bloqueo tras intentos fallidos.

Toda alta, baja, cambio de rol o de clave pasa por `exigir(quien, "administrar")` y queda en
`auditoria`. El ingreso no revela si el usuario existe: cualquier rechazo da el mismo mensaje.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets

from datos import reloj, sesiones
from datos.administracion import auditar
from datos.conexion import transaccion
from datos.errores import DatoInvalido
from datos.permisos import ROLES, Usuario, exigir

_N, _R, _P = 2**14, 8, 1

INTENTOS_MAXIMOS = 5
MINUTOS_BLOQUEO = 15
LARGO_MINIMO_CLAVE = 8
ROLES_DE_CUENTA = tuple(r for r in ROLES if r != "sistema")

MENSAJE_RECHAZO = (
    "Usuario o contraseña incorrectos, o cuenta bloqueada temporalmente. "
    f"Tras {INTENTOS_MAXIMOS} intentos fallidos la cuenta se bloquea {MINUTOS_BLOQUEO} minutos.")

# Contraseñas documentadas en el README: sólo existen en la base de demostración.
CUENTAS_DEMO = (
    ("ana", "Ana Atención", "atencion", "demo-ana"),
    ("rita", "Rita Retención", "retencion", "demo-rita"),
    ("julia", "Julia Jefa", "jefatura", "demo-julia"),
    ("admin", "Adm. Sistema", "administrador", "demo-admin"),
    ("fabiola", "Fabiola Facturación", "facturacion", "demo-fabiola"),
)

SISTEMA = Usuario("sistema", "Sistema (línea de comandos)", "sistema")

_PATRON_USUARIO = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
_PATRON_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class CuentaInvalida(DatoInvalido):
    """Datos de cuenta rechazados (con un mensaje para el usuario)."""


def hash_clave(clave: str) -> str:
    sal = secrets.token_bytes(16)
    h = hashlib.scrypt(clave.encode(), salt=sal, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(sal).decode()}${base64.b64encode(h).decode()}"


def clave_correcta(clave: str, guardado: str | None) -> bool:
    if not guardado:
        return False
    _, n, r, p, sal, h = guardado.split("$")
    calc = hashlib.scrypt(clave.encode(), salt=base64.b64decode(sal), n=int(n), r=int(r), p=int(p),
                          dklen=len(base64.b64decode(h)))
    return hmac.compare_digest(calc, base64.b64decode(h))


# Un hash de relleno: un usuario inexistente cuesta lo mismo que una clave equivocada (un scrypt con los mismos
# parámetros). Escrito, no calculado al importar: toda orden de `python -m datos` importa este módulo.
_HASH_RELLENO = f"scrypt${_N}${_R}${_P}${base64.b64encode(bytes(16)).decode()}${base64.b64encode(bytes(32)).decode()}"


def normalizar_usuario(usuario: str) -> str:
    return (usuario or "").strip().lower()


def validar_clave(clave: str) -> None:
    if len(clave or "") < LARGO_MINIMO_CLAVE:
        raise CuentaInvalida(f"La contraseña debe tener al menos {LARGO_MINIMO_CLAVE} caracteres.")


def _validar_rol(rol: str) -> None:
    if rol not in ROLES_DE_CUENTA:
        raise CuentaInvalida(f"Rol desconocido «{rol}». Use uno de: {', '.join(ROLES_DE_CUENTA)}.")


def _validar_email(email: str | None) -> str | None:
    email = (email or "").strip().lower() or None
    if email and not _PATRON_EMAIL.fullmatch(email):
        raise CuentaInvalida(f"El correo «{email}» no parece una dirección válida.")
    return email


# --- Altas y cambios (sólo administrador o la línea de comandos) --------------------------------

def agregar(con, quien: Usuario, usuario: str, nombre: str, rol: str, clave: str,
            email: str | None = None) -> str:
    """Crea una cuenta. Devuelve el nombre de usuario tal como quedó guardado."""
    exigir(quien, "administrar")
    usuario = normalizar_usuario(usuario)
    if not _PATRON_USUARIO.fullmatch(usuario):
        raise CuentaInvalida("El usuario debe tener de 2 a 40 caracteres: letras minúsculas sin tilde, "
                             "números, punto, guion o guion bajo, y empezar con letra o número.")
    nombre = (nombre or "").strip() or usuario
    _validar_rol(rol)
    validar_clave(clave)
    email = _validar_email(email)
    hash_ = hash_clave(clave)  # fuera del cerrojo: scrypt es lento a propósito
    with transaccion(con):
        if con.execute("SELECT 1 FROM usuarios WHERE usuario = $u", {"u": usuario}).fetchone():
            raise CuentaInvalida(f"Ya existe el usuario «{usuario}».")
        if email and con.execute("SELECT 1 FROM usuarios WHERE lower(email) = $e", {"e": email}).fetchone():
            raise CuentaInvalida(f"Otro usuario ya tiene el correo «{email}».")
        con.execute("INSERT INTO usuarios (usuario, nombre, rol, email, clave_hash) "
                    "VALUES ($u, $n, $r, $e, $h)",
                    {"u": usuario, "n": nombre, "r": rol, "e": email, "h": hash_})
        auditar(con, quien, "usuario_agregado", f"{usuario} ({rol})")
    return usuario


def _cuenta(con, usuario: str):
    fila = con.execute("SELECT usuario, rol, activo FROM usuarios WHERE usuario = $u",
                       {"u": normalizar_usuario(usuario)}).fetchone()
    if not fila:
        raise CuentaInvalida(f"No existe el usuario «{usuario}».")
    return fila


def _queda_otro_administrador(con, usuario: str) -> bool:
    (n,) = con.execute("SELECT count(*) FROM usuarios WHERE rol = 'administrador' AND activo "
                       "AND usuario <> $u", {"u": usuario}).fetchone()
    return n > 0


def cambiar_rol(con, quien: Usuario, usuario: str, rol: str) -> None:
    exigir(quien, "administrar")
    _validar_rol(rol)
    with transaccion(con):
        usuario, antes, activo = _cuenta(con, usuario)
        if antes == rol:
            return
        if antes == "administrador" and activo and not _queda_otro_administrador(con, usuario):
            raise CuentaInvalida("No se puede quitar el rol al último administrador activo.")
        con.execute("UPDATE usuarios SET rol = $r WHERE usuario = $u", {"r": rol, "u": usuario})
        auditar(con, quien, "rol_cambiado", f"{usuario}: {antes} → {rol}")


def desactivar(con, quien: Usuario, usuario: str) -> None:
    """Da de baja una cuenta sin borrarla: su nombre sigue en los registros que firmó."""
    exigir(quien, "administrar")
    with transaccion(con):
        usuario, rol, activo = _cuenta(con, usuario)
        if not activo:
            return
        if usuario == quien.usuario:
            raise CuentaInvalida("No puede desactivar su propia cuenta.")
        if rol == "administrador" and not _queda_otro_administrador(con, usuario):
            raise CuentaInvalida("No se puede desactivar al último administrador activo.")
        con.execute("UPDATE usuarios SET activo = false WHERE usuario = $u", {"u": usuario})
        sesiones.revocar_de(con, usuario, "cuenta_desactivada", quien)
        auditar(con, quien, "usuario_desactivado", usuario)


def reactivar(con, quien: Usuario, usuario: str) -> None:
    exigir(quien, "administrar")
    with transaccion(con):
        usuario, _, activo = _cuenta(con, usuario)
        if activo:
            return
        con.execute("UPDATE usuarios SET activo = true, intentos_fallidos = 0, bloqueado_hasta = NULL "
                    "WHERE usuario = $u", {"u": usuario})
        auditar(con, quien, "usuario_reactivado", usuario)


def restablecer_clave(con, quien: Usuario, usuario: str, clave: str) -> None:
    """Pone una clave nueva y levanta el bloqueo (el administrador la comunica en persona)."""
    exigir(quien, "administrar")
    validar_clave(clave)
    hash_ = hash_clave(clave)
    with transaccion(con):
        usuario, _, _ = _cuenta(con, usuario)
        con.execute("UPDATE usuarios SET clave_hash = $h, intentos_fallidos = 0, bloqueado_hasta = NULL "
                    "WHERE usuario = $u", {"h": hash_, "u": usuario})
        # Quien tenía la clave vieja no sigue adentro con una sesión abierta antes del cambio.
        sesiones.revocar_de(con, usuario, "clave_cambiada", quien)
        auditar(con, quien, "clave_restablecida", usuario)


def cambiar_email(con, quien: Usuario, usuario: str, email: str | None) -> None:
    exigir(quien, "administrar")
    email = _validar_email(email)
    with transaccion(con):
        usuario, _, _ = _cuenta(con, usuario)
        if email and con.execute("SELECT 1 FROM usuarios WHERE lower(email) = $e AND usuario <> $u",
                                 {"e": email, "u": usuario}).fetchone():
            raise CuentaInvalida(f"Otro usuario ya tiene el correo «{email}».")
        con.execute("UPDATE usuarios SET email = $e WHERE usuario = $u", {"e": email, "u": usuario})
        auditar(con, quien, "correo_cambiado", f"{usuario}: {email or '—'}")


def crear_cuentas_demo(con) -> None:
    """Cuentas de la base de demostración (contraseñas en CUENTAS_DEMO y en el README)."""
    for usuario, nombre, rol, clave in CUENTAS_DEMO:
        if not con.execute("SELECT 1 FROM usuarios WHERE usuario = $u", {"u": usuario}).fetchone():
            agregar(con, SISTEMA, usuario, nombre, rol, clave)


# --- Ingreso ------------------------------------------------------------------------------------

def autenticar(con, usuario: str, clave: str, *, ahora: dt.datetime | None = None) -> Usuario | None:
    """El usuario si la clave es correcta y la cuenta está activa y sin bloqueo; si no, None.

    Cada fallo de una cuenta existente suma un intento; al quinto la cuenta queda bloqueada
    MINUTOS_BLOQUEO minutos y, mientras dure, ni la clave correcta abre la sesión. Todo fallo queda en la auditoría
    (también durante el bloqueo y con un usuario que no existe) y cuesta lo mismo: un cálculo de scrypt y una
    escritura, así el tiempo de la respuesta no dice si la cuenta existe."""
    ahora = ahora or reloj.ahora()  # como bloqueado_hasta y admin_usuarios.sql
    usuario = normalizar_usuario(usuario)
    fila = con.execute("SELECT usuario, nombre, rol, clave_hash, intentos_fallidos, bloqueado_hasta "
                       "FROM usuarios WHERE usuario = $u AND activo", {"u": usuario}).fetchone()
    if fila is None:
        clave_correcta(clave or "", _HASH_RELLENO)
        # Lo escrito sólo si tiene forma de usuario: una clave tipeada en el campo equivocado no queda guardada.
        escrito = usuario if _PATRON_USUARIO.fullmatch(usuario) else "(no es un nombre de usuario)"
        with transaccion(con):
            auditar(con, escrito, "ingreso_desconocido", "usuario inexistente o desactivado")
        return None
    usuario, nombre, rol, guardado, intentos, bloqueado_hasta = fila
    if bloqueado_hasta is not None and bloqueado_hasta > ahora:
        clave_correcta(clave or "", _HASH_RELLENO)
        with transaccion(con):
            auditar(con, usuario, "ingreso_fallido", f"cuenta bloqueada hasta {bloqueado_hasta:%d/%m/%Y %H:%M}")
        return None
    if clave_correcta(clave or "", guardado):
        with transaccion(con):
            con.execute("UPDATE usuarios SET intentos_fallidos = 0, bloqueado_hasta = NULL "
                        "WHERE usuario = $u", {"u": usuario})
            auditar(con, usuario, "ingreso")
        return Usuario(usuario, nombre, rol)
    with transaccion(con):
        # Se relee dentro del cerrojo: dos intentos simultáneos no deben contarse como uno.
        (intentos,) = con.execute("SELECT intentos_fallidos FROM usuarios WHERE usuario = $u",
                                  {"u": usuario}).fetchone()
        intentos += 1
        if intentos >= INTENTOS_MAXIMOS:
            hasta = ahora + dt.timedelta(minutes=MINUTOS_BLOQUEO)
            con.execute("UPDATE usuarios SET intentos_fallidos = 0, bloqueado_hasta = $h WHERE usuario = $u",
                        {"h": hasta, "u": usuario})
            auditar(con, usuario, "cuenta_bloqueada",
                    f"{INTENTOS_MAXIMOS} intentos fallidos; bloqueada hasta {hasta:%d/%m/%Y %H:%M}")
        else:
            con.execute("UPDATE usuarios SET intentos_fallidos = $i WHERE usuario = $u",
                        {"i": intentos, "u": usuario})
            auditar(con, usuario, "ingreso_fallido", f"intento {intentos} de {INTENTOS_MAXIMOS}")
    return None


def por_email(con, email: str | None) -> Usuario | None:
    """Cuenta activa con ese correo (ingreso con OpenID Connect)."""
    email = (email or "").strip().lower()
    if not email:
        return None
    fila = con.execute("SELECT usuario, nombre, rol FROM usuarios WHERE lower(email) = $e AND activo",
                       {"e": email}).fetchone()
    return Usuario(*fila) if fila else None


def registrar_ingreso_externo(con, quien: Usuario) -> None:
    with transaccion(con):
        auditar(con, quien, "ingreso", "OpenID Connect")


def registrar_salida(con, quien: Usuario) -> None:
    with transaccion(con):
        auditar(con, quien, "salida")


def hay_cuentas(con) -> bool:
    return con.execute("SELECT 1 FROM usuarios LIMIT 1").fetchone() is not None
