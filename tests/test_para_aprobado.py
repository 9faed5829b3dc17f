"""«Para APROBADO faltan…» (issue 25): la regla entera del KPI en la frontera."""
from __future__ import annotations

from consultas.para_aprobado import para_aprobado


def test_48_de_49_con_una_pendiente_falta_1():
    meta = para_aprobado(48, 49, 1)
    assert meta.faltan == 1 and meta.alcanza and not meta.aprobado
    assert meta.texto() == "Falta 1 de 1 pendiente: con 49 de 49 sería 100,00 %."


def test_49_de_50_ya_esta_aprobado():
    meta = para_aprobado(49, 50, 1)
    assert meta.faltan == 0 and meta.aprobado
    assert meta.texto() == "Ya está APROBADO: 49 de 50, 98,00 % (meta 98 %)."


def test_47_de_50_con_dos_pendientes_faltan_2_exactos():
    # 49/50 es justo 98 %: 48/50 (96 %) no alcanza; la cuenta no pasa por decimales.
    assert para_aprobado(47, 50, 2).faltan == 2
    assert para_aprobado(47, 50, 3).texto() == "Faltan 2 de los 3 pendientes: con 49 de 50 sería 98,00 %… con 50 de " \
                                               "50, 100,00 %."


def test_ya_no_alcanza():
    meta = para_aprobado(26, 28, 1)  # aun con 27 de 28: 96,42 %
    assert meta.faltan is None and not meta.alcanza
    assert meta.texto() == "Ya no alcanza: aun atendiendo todo (1 pendiente) quedaría en 96,42 % (27 de 28)."
    assert para_aprobado(48, 49, 0).texto() == "Ya no alcanza: no quedan pendientes y el mes queda en 97,95 %."


def test_el_ejemplo_del_issue_con_otra_meta():
    meta = para_aprobado(19, 28, 9, umbral=78)
    assert meta.texto() == "Faltan 3 de los 9 pendientes: con 22 de 28 sería 78,57 %… con 28 de 28, 100,00 %."


def test_el_minimo_es_exacto_para_todo_total():
    # Para cada total y cada punto de partida: atender `faltan` alcanza la meta y uno menos no.
    for total in range(1, 160):
        for atendidos in range(total + 1):
            k = para_aprobado(atendidos, total, total - atendidos).faltan
            assert (atendidos + k) * 100 >= 98 * total
            assert k == 0 or (atendidos + k - 1) * 100 < 98 * total, (atendidos, total)


def test_sin_tramites_no_hay_meta():
    assert para_aprobado(0, 0, 0) is None
