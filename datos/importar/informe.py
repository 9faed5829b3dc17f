"""El resumen y la lista de problemas de una importación, como texto para la consola."""
from __future__ import annotations

from consultas.formato import texto_entero
from datos.importar.modelo import Resultado

MAX_PROBLEMAS = 200


def texto_resumen(res: Resultado) -> str:
    if res.ya_importado:
        return f"= {res.archivo}: ya se importó {res.ya_importado}; no se cambió nada."
    lineas = [f"✓ {res.archivo} ({res.lectura.familia}; {res.lectura.detalle})",
              f"  filas leídas: {texto_entero(res.filas_leidas)}",
              f"  órdenes nuevas: {texto_entero(res.nuevas)}",
              f"  órdenes actualizadas: {texto_entero(res.actualizadas)}"]
    lineas += [f"    {t}: {texto_entero(n)}" for t, n in res.transiciones.items()]
    lineas += [f"  sin cambios: {texto_entero(res.sin_cambio)}",
               f"  filas duplicadas idénticas (colapsadas): {texto_entero(res.duplicados)}",
               f"  órdenes de otras actividades (guardadas, fuera del indicador): {texto_entero(res.otras_actividades)}"]
    lineas += [f"  ⚠ {a}" for a in res.advertencias]
    return "\n".join(lineas)


def texto_problemas(res: Resultado) -> str:
    unidad = res.lectura.unidad if res.lectura else "línea"
    lineas = [f"✗ {res.archivo}: RECHAZADO, no se escribió nada. {len(res.problemas)} problema(s):"]
    for p in res.problemas[:MAX_PROBLEMAS]:
        donde = f"{unidad} {p.fila}" if p.fila else "archivo"
        columna = f", columna «{p.columna}»" if p.columna else ""
        valor = f", valor «{p.valor}»" if p.valor is not None else ""
        lineas.append(f"  - {donde}{columna}{valor}: {p.problema} → {p.que_hacer}")
    if len(res.problemas) > MAX_PROBLEMAS:
        lineas.append(f"  … y {len(res.problemas) - MAX_PROBLEMAS} problema(s) más.")
    return "\n".join(lineas)
