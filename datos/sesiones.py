"""Sesiones del navegador: que el ingreso sobreviva a F5 o a una pestaña nueva.

Al ingresar se crea un token aleatorio (secrets.token_urlsafe, 256 bits) que el navegador guarda en una cookie; la
base guarda sólo su SHA-256, así que quien copie la base no tiene con qué entrar. Un token vale hasta `expira_en`
(ajuste «horas_sesion», 8 h si nadie lo cambió) mientras la cuenta siga activa y la sesión no se haya revocado: al
salir, al cambiarle la contraseña y al desactivar la cuenta. Nada se borra: la fila revocada queda con cuándo y por qué.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import NamedTuple

from datos import reloj
from datos.administracion import valor_ajuste
from datos.conexion import transaccion
from datos.permisos import Usuario

MOTIVOS = ("salida", "clave_cambiada", "cuenta_desactivada")


class Sesion(NamedTuple):
    token: str              # lo único que va al navegador
    expira_en: dt.datetime  # hora de Bolivia
    segundos: int           # para el max-age de la cookie


def hash_token(token: str) -> str:
    # Un token de 256 bits aleatorios no se adivina probando: basta un hash rápido (no scrypt, como las claves).
    return hashlib.sha256(token.encode()).hexdigest()


def crear(con, quien: Usuario, *, ahora: dt.datetime | None = None) -> Sesion:
    """Una sesión nueva para quien acaba de ingresar; devuelve el token (que no se guarda) y cuándo vence."""
    ahora = ahora or reloj.ahora()
    segundos = valor_ajuste(con, "horas_sesion") * 3600
    token = secrets.token_urlsafe(32)
    expira_en = ahora + dt.timedelta(seconds=segundos)
    with transaccion(con):
        con.execute("INSERT INTO sesiones (token_hash, usuario, creada_en, expira_en) VALUES ($h, $u, $c, $e)",
                    {"h": hash_token(token), "u": quien.usuario, "c": ahora, "e": expira_en})
    return Sesion(token, expira_en, segundos)


def validar(con, token: str | None, *, ahora: dt.datetime | None = None) -> Usuario | None:
    """Quien tiene esa sesión, con su nombre y rol de hoy; None si el token no existe, venció, se revocó o la cuenta
    está desactivada."""
    if not token:
        return None
    ahora = ahora or reloj.ahora()
    fila = con.execute(
        "SELECT u.usuario, u.nombre, u.rol FROM sesiones s JOIN usuarios u ON u.usuario = s.usuario "
        "WHERE s.token_hash = $h AND s.revocada_en IS NULL AND s.expira_en > $a AND u.activo",
        {"h": hash_token(token), "a": ahora}).fetchone()
    return Usuario(*fila) if fila else None


def revocar(con, token: str | None, *, ahora: dt.datetime | None = None) -> None:
    """Al salir: esa sesión deja de valer (las otras pestañas o equipos de la misma persona siguen)."""
    if not token:
        return
    with transaccion(con):
        con.execute("UPDATE sesiones SET revocada_en = $a, motivo = 'salida', revocada_por = usuario "
                    "WHERE token_hash = $h AND revocada_en IS NULL",
                    {"a": ahora or reloj.ahora(), "h": hash_token(token)})


def revocar_de(con, usuario: str, motivo: str, quien: Usuario | str, *, ahora: dt.datetime | None = None) -> int:
    """Todas las sesiones vigentes de una cuenta (contraseña cambiada, cuenta desactivada). Se llama dentro de la
    transacción del cambio, como `auditar`: si el cambio no se guarda, las sesiones tampoco se revocan."""
    if motivo not in MOTIVOS:
        raise ValueError(f"motivo de revocación desconocido: {motivo}")
    por = quien if isinstance(quien, str) else quien.usuario
    return len(con.execute(
        "UPDATE sesiones SET revocada_en = $a, motivo = $m, revocada_por = $p "
        "WHERE usuario = $u AND revocada_en IS NULL RETURNING id",
        {"a": ahora or reloj.ahora(), "m": motivo, "p": por, "u": usuario}).fetchall())
