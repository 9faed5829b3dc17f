"""Quién puede hacer qué. Se comprueba en la capa de datos, antes de cada escritura."""
from __future__ import annotations

from dataclasses import dataclass

from datos.errores import ErrorUsuario

ROLES = {
    "atencion": "Resp. Atención de Clientes",
    "retencion": "Resp. Retención de Clientes",
    "jefatura": "Jefa de División",
    "administrador": "Administrador",
    "facturacion": "Encargada de Facturación",
    "sistema": "Sistema (línea de comandos)",
}

ACCIONES = {
    # Abrir «Importar»: quien importa alguna familia. Cada familia pide además la suya (se sabe al leer el archivo).
    "importar": ("importar exportaciones de Smartflex", {"atencion", "retencion", "facturacion", "sistema"}),
    "importar_ordenes": ("importar exportaciones de órdenes", {"atencion", "retencion", "sistema"}),
    "importar_facturas": ("importar exportaciones de facturación (CxC)", {"facturacion", "sistema"}),
    "seguimiento": ("registrar seguimiento de órdenes", {"atencion", "retencion"}),
    # Leer las bandejas (qué se hizo con cada orden): también la jefatura, sin datos personales ni formularios, y la
    # Encargada de Facturación (lee las órdenes y su historia para conciliar; no escribe seguimiento).
    "ver_bandejas": ("ver las bandejas de seguimiento", {"atencion", "retencion", "jefatura", "facturacion"}),
    "ausencias": ("registrar ausencias", {"atencion", "retencion", "administrador"}),
    "administrar": ("administrar usuarios y configuración", {"administrador", "sistema"}),
    # Facturación concilia por nombre y CI/NIT: los ve, como en las facturas que emite.
    "ver_personales": ("ver datos personales de clientes", {"atencion", "retencion", "administrador", "facturacion"}),
    # Conciliación CxC (paso 15): la ve quien la hace, quien la revisa y el administrador (que fija la tarifa).
    "ver_conciliacion": ("ver la conciliación de facturas CxC", {"facturacion", "jefatura", "administrador"}),
    "conciliar": ("explicar excepciones y firmar la conciliación («Elaborado por»)", {"facturacion"}),
    "revisar_conciliacion": ("firmar la revisión de la conciliación («Revisado por»)", {"jefatura"}),
    # Notas sobre la tendencia del KPI (issue 25): quienes la leen para explicarla.
    "anotar": ("anotar la tendencia del KPI", {"atencion", "retencion", "jefatura"}),
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
