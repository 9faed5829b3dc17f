"""Cuentas locales: claves con scrypt (sal aleatoria, costo alto), bloqueo tras intentos fallidos."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from datos.conexion import escribiendo
from datos.permisos import ROLES, Usuario, exigir

_N, _R, _P = 2**14, 8, 1


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


def agregar(con, quien: Usuario, usuario: str, nombre: str, rol: str, clave: str) -> None:
    exigir(quien, "administrar")
    if rol not in ROLES or rol == "sistema":
        raise ValueError(f"Rol desconocido «{rol}».")
    with escribiendo:
        con.execute("INSERT INTO usuarios (usuario, nombre, rol, clave_hash) VALUES ($u, $n, $r, $h)",
                    {"u": usuario, "n": nombre, "r": rol, "h": hash_clave(clave)})
        con.execute("INSERT INTO auditoria (usuario, accion, detalle) VALUES ($q, 'usuario_agregado', $d)",
                    {"q": quien.usuario, "d": f"{usuario} ({rol})"})


def autenticar(con, usuario: str, clave: str) -> Usuario | None:
    fila = con.execute("SELECT usuario, nombre, rol, clave_hash FROM usuarios WHERE usuario = $u AND activo",
                       {"u": usuario}).fetchone()
    if fila and clave_correcta(clave, fila[3]):
        return Usuario(fila[0], fila[1], fila[2])
    return None
