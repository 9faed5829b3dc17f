"""Quién puede hacer qué. Se comprueba en la capa de datos, antes de cada escritura."""
from __future__ import annotations

from dataclasses import dataclass

from datos.errores import ErrorUsuario

ROLES = {
    "atencion": "Resp. Atención de Clientes",
    "retencion": "Resp. Retención de Clientes",
    "jefatura": "Jefa de División",
    "administrador": "Administrador",
    "sistema": "Sistema (línea de comandos)",
}

ACCIONES = {
    "importar": ("importar exportaciones de Smartflex", {"atencion", "retencion", "sistema"}),
    "seguimiento": ("registrar seguimiento de órdenes", {"atencion", "retencion"}),
    # Leer las bandejas (qué se hizo con cada orden): también la jefatura, sin datos personales ni formularios.
    "ver_bandejas": ("ver las bandejas de seguimiento", {"atencion", "retencion", "jefatura"}),
    "ausencias": ("registrar ausencias", {"atencion", "retencion", "administrador"}),
    "administrar": ("administrar usuarios y configuración", {"administrador", "sistema"}),
    "ver_personales": ("ver datos personales de clientes", {"atencion", "retencion", "administrador"}),
    # Quién hizo qué: el administrador y la jefatura (control), sin poder cambiar nada.
    "ver_auditoria": ("ver la auditoría", {"administrador", "jefatura"}),
}


class PermisoDenegado(ErrorUsuario):
    """Una escritura intentada por un rol que no puede hacerla."""


@dataclass(frozen=True)
class Usuario:
    usuario: str
    nombre: str
    rol: str

    @property
    def rol_nombre(self) -> str:
        return ROLES.get(self.rol, self.rol)


def puede(usuario: Usuario | None, accion: str) -> bool:
    return usuario is not None and usuario.rol in ACCIONES[accion][1]


def exigir(usuario: Usuario | None, accion: str) -> None:
    if not puede(usuario, accion):
        quien = f"El rol «{usuario.rol_nombre}»" if usuario else "Un usuario sin sesión"
        raise PermisoDenegado(f"{quien} no puede {ACCIONES[accion][0]}.")
