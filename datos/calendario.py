"""El calendario de trabajo (DISENO §9): días hábiles de lunes a viernes sin los feriados de Bolivia —fijos y móviles
(Carnaval, Viernes Santo, Corpus Christi) y los que se trasladan al lunes— que da el paquete `holidays`, ni los que
agrega el administrador (Cochabamba, un día de la empresa; tabla `feriados`, auditada). Y la hora de las tareas del
día: lo que la gente recibe por correo sale desde esa hora de un día hábil, nunca de noche."""
from __future__ import annotations

import datetime as dt
import functools
import re
from contextlib import closing
from dataclasses import dataclass

from datos.administracion import auditar
from datos.conexion import ajuste, transaccion
from datos.errores import DatoInvalido
from datos.permisos import Usuario, exigir

HORA_TAREAS = "hora_tareas"  # clave en ajustes
HORA_POR_OMISION = dt.time(8, 0)
# Lo que la gente recibe sale en horario de oficina: desde la hora del ajuste hasta esta hora del mismo día.
FIN_DEL_DIA = dt.time(20, 0)
HORA_MINIMA, HORA_MAXIMA = dt.time(6, 0), dt.time(12, 0)


@functools.lru_cache(maxsize=64)
def _nacionales(anio: int) -> dict[dt.date, str]:
    # Importar holidays y armar el año cuesta ~0,7 s: sólo cuando se pregunta por un día, una vez por año y proceso.
    import holidays
    return dict(holidays.Bolivia(years=anio, language="es"))


@dataclass(frozen=True)
class Feriado:
    fecha: dt.date
    nombre: str
    origen: str  # 'nacional' | 'propio'


class Calendario:
    """Los feriados propios leídos una vez de la base; los nacionales, del paquete holidays."""

    def __init__(self, propios: list[tuple[dt.date, str, bool]] = ()):
        self._unicos = {f: n for f, n, cada in propios if not cada}
        self._anuales = {(f.month, f.day): (f.year, n) for f, n, cada in propios if cada}

    @classmethod
    def de(cls, con) -> "Calendario":
        return cls(con.execute("SELECT fecha, nombre, cada_anio FROM feriados").fetchall())

    def propio(self, dia: dt.date) -> str | None:
        if dia in self._unicos:
            return self._unicos[dia]
        desde, nombre = self._anuales.get((dia.month, dia.day), (None, None))
        return nombre if desde is not None and dia.year >= desde else None

    def feriado(self, dia: dt.date) -> str | None:
        """El nombre del feriado de ese día (nacional primero), o None."""
        return _nacionales(dia.year).get(dia) or self.propio(dia)

    def es_habil(self, dia: dt.date) -> bool:
        return dia.weekday() < 5 and self.feriado(dia) is None

    def primer_dia_habil(self, mes: dt.date) -> dt.date:
        dia = mes.replace(day=1)
        while not self.es_habil(dia):
            dia += dt.timedelta(days=1)
        return dia

    def feriados_del_anio(self, anio: int) -> list[Feriado]:
        dias = [Feriado(f, n, "nacional") for f, n in _nacionales(anio).items()]
        for mes_dia in self._anuales:
            try:
                dia = dt.date(anio, *mes_dia)
            except ValueError:  # 29/02 en un año que no es bisiesto
                continue
            if (nombre := self.propio(dia)) is not None:
                dias.append(Feriado(dia, nombre, "propio"))
        dias += [Feriado(f, n, "propio") for f, n in self._unicos.items() if f.year == anio]
        return sorted(dias, key=lambda f: (f.fecha, f.origen))


# --- La hora de las tareas del día --------------------------------------------------------------------

def leer_hora(texto: str) -> dt.time:
    """«8:00», «08:30» → time. DatoInvalido en español si no es una hora de la mañana válida."""
    m = re.fullmatch(r"\s*(\d{1,2})[:.h](\d{2})\s*", str(texto or ""))
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise DatoInvalido(f"«{texto}» no es una hora: escríbala como HH:MM, por ejemplo 08:00.")
    hora = dt.time(int(m[1]), int(m[2]))
    if not HORA_MINIMA <= hora <= HORA_MAXIMA:
        raise DatoInvalido(f"La hora de las tareas del día debe estar entre las {HORA_MINIMA:%H:%M} y las "
                           f"{HORA_MAXIMA:%H:%M} (lo que se envía a la gente sale en horario de oficina).")
    return hora


def hora_tareas(con) -> dt.time:
    valor = ajuste(con, HORA_TAREAS)
    return dt.time.fromisoformat(valor) if valor else HORA_POR_OMISION


def cambiar_hora_tareas(con, quien: Usuario, texto) -> dt.time:
    exigir(quien, "administrar")
    hora = texto if isinstance(texto, dt.time) else leer_hora(texto)
    with closing(con.cursor()) as cur, transaccion(cur):
        antes = hora_tareas(cur)
        if antes != hora:
            cur.execute("INSERT OR REPLACE INTO ajustes VALUES ($c, $v)", {"c": HORA_TAREAS, "v": f"{hora:%H:%M}"})
            auditar(cur, quien, "ajuste_cambiado", f"hora de las tareas del día: {antes:%H:%M} → {hora:%H:%M}")
    return hora


def en_horario(con, ahora: dt.datetime) -> bool:
    """Si a esta hora sale lo que la gente recibe: un día hábil, entre la hora de las tareas y FIN_DEL_DIA."""
    return (hora_tareas(con) <= ahora.time() < FIN_DEL_DIA) and Calendario.de(con).es_habil(ahora.date())


# --- Feriados propios ---------------------------------------------------------------------------------

def _texto(fecha: dt.date, cada_anio: bool) -> str:
    return f"{fecha:%d/%m} cada año desde {fecha.year}" if cada_anio else f"{fecha:%d/%m/%Y}"


def agregar_feriado(con, quien: Usuario, fecha: dt.date, nombre: str, cada_anio: bool = False) -> None:
    exigir(quien, "administrar")
    nombre = (nombre or "").strip()
    if not nombre:
        raise DatoInvalido("Escriba el nombre del feriado (p. ej. «Aniversario de Cochabamba»).")
    if not isinstance(fecha, dt.date):
        raise DatoInvalido("Elija la fecha del feriado.")
    with closing(con.cursor()) as cur, transaccion(cur):
        calendario = Calendario.de(cur)
        if (ya := calendario.feriado(fecha)) is not None:
            raise DatoInvalido(f"El {fecha:%d/%m/%Y} ya es feriado ({ya}).")
        cur.execute("INSERT INTO feriados VALUES ($f, $n, $c, $q, current_localtimestamp())",
                    {"f": fecha, "n": nombre, "c": bool(cada_anio), "q": quien.usuario})
        auditar(cur, quien, "feriado_agregado", f"{_texto(fecha, cada_anio)} – {nombre}")


def quitar_feriado(con, quien: Usuario, fecha: dt.date) -> str:
    """Quita el feriado propio de esa fecha (la de su alta, o cualquier año de uno que se repite: se quita entero).
    Los nacionales no se quitan: los da la ley. Devuelve qué se quitó."""
    exigir(quien, "administrar")
    with closing(con.cursor()) as cur, transaccion(cur):
        # La fecha de su alta o, para uno que se repite, la de cualquier año desde entonces (14/09/2026).
        antes = cur.execute(
            "SELECT fecha, nombre, cada_anio FROM feriados WHERE fecha = $f OR (cada_anio AND month(fecha) = $m "
            "AND day(fecha) = $d AND year(fecha) <= $a) ORDER BY fecha = $f DESC LIMIT 1",
            {"f": fecha, "m": fecha.month, "d": fecha.day, "a": fecha.year}).fetchone()
        if not antes:
            if nacional := _nacionales(fecha.year).get(fecha):
                raise DatoInvalido(f"El {fecha:%d/%m/%Y} es un feriado nacional ({nacional}): no se puede quitar.")
            raise DatoInvalido(f"No hay un feriado agregado el {fecha:%d/%m/%Y}.")
        alta, nombre, cada_anio = antes
        cur.execute("DELETE FROM feriados WHERE fecha = $f", {"f": alta})
        auditar(cur, quien, "feriado_quitado", quitado := f"{_texto(alta, cada_anio)} – {nombre}")
    return quitado


def feriados_propios(con) -> list[tuple[dt.date, str, bool]]:
    return con.execute("SELECT fecha, nombre, cada_anio FROM feriados ORDER BY fecha").fetchall()
