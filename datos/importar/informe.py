"""El resumen y la lista de problemas de una importación, como texto para la consola."""
from __future__ import annotations

import pandas as pd

from datos.formato import texto_entero
from datos.importar.modelo import Resultado

MAX_PROBLEMAS = 200


def texto_resumen(res: Resultado) -> str:
    if res.ya_importado:
        return f"= {res.archivo}: ya se importó {res.ya_importado}; no se cambió nada."
    que = "facturas" if res.tipo == "facturas" else "órdenes"
    lineas = [f"✓ {res.archivo} ({res.lectura.familia}; {res.lectura.detalle})"]
    lineas += [f"  ⚠ {a}" for a in avisos_lectura(res)]
    lineas += [f"  filas leídas: {texto_entero(res.filas_leidas)}",
              f"  {que} nuevas: {texto_entero(res.nuevas)}",
              f"  {que} actualizadas: {texto_entero(res.actualizadas)}"]
    lineas += [f"    {t}: {texto_entero(n)}" for t, n in res.transiciones.items()]
    lineas += [f"  sin cambios: {texto_entero(res.sin_cambio)}",
               f"  filas duplicadas idénticas (colapsadas): {texto_entero(res.duplicados)}",
               f"  {ETIQUETA_OTRAS[res.tipo]}: {texto_entero(res.otras_actividades)}"]
    if res.varias_actividades:
        lineas.append(f"  OT con varias actividades (una fila por actividad; cuentan una vez): "
                      f"{texto_entero(res.varias_actividades)}")
    lineas += [f"  ⚠ {a}" for a in res.advertencias]
    return "\n".join(lineas)


# Qué cuenta `otras_actividades` en cada familia.
ETIQUETA_OTRAS = {"ordenes": "órdenes de otras actividades (guardadas, fuera del indicador)",
                  "facturas": "cargos de otros conceptos (guardados, fuera de la conciliación)"}


def avisos_lectura(res: Resultado) -> list[str]:
    """Lo que se leyó de una forma que conviene confirmar: la hoja elegida de un libro, encabezados tomados por
    parecido («CODIGO_ACTIIVDAD» leído como «Actividad (código)»)."""
    lectura, avisos = res.lectura, []
    if lectura is None:
        return avisos
    if lectura.hoja and lectura.hojas_omitidas:
        otras = ", ".join(f"«{h}»" for h in lectura.hojas_omitidas)
        avisos.append(f"se leyó la hoja «{lectura.hoja}»; se omitieron {otras} (sin tabla de órdenes).")
    campos = lectura.catalogo.campos
    avisos += [f"encabezado «{lectura.encabezados[i]}» (columna {lectura.letra(i)}) leído como «{campos[campo][0]}» "
               "por parecido; revise que sea esa columna." for campo, i in lectura.aproximados.items()]
    return avisos


def texto_problemas(res: Resultado) -> str:
    lineas = [f"✗ {res.archivo}: RECHAZADO, no se escribió nada. {len(res.problemas)} problema(s):"]
    for p in res.problemas[:MAX_PROBLEMAS]:
        donde = p.donde
        columna = f", columna «{p.columna}»" if p.columna else ""
        valor = f", valor «{p.valor}»" if p.valor is not None else ""
        lineas.append(f"  - {donde}{columna}{valor}: {p.problema} → {p.que_hacer}")
    if len(res.problemas) > MAX_PROBLEMAS:
        lineas.append(f"  … y {len(res.problemas) - MAX_PROBLEMAS} problema(s) más.")
    return "\n".join(lineas)


def tabla_mapeo(res: Resultado) -> pd.DataFrame:
    """Cada campo del sistema y la columna del archivo que lo trae (o que falta)."""
    lectura = res.lectura
    def columna(campo: str) -> str:
        if campo not in lectura.mapeo:
            return "—"
        i = lectura.mapeo[campo]
        return lectura.encabezados[i] + (" (por parecido)" if campo in lectura.aproximados else "")
    catalogo = lectura.catalogo
    obligatorios = set(catalogo.obligatorios)
    filas = [{"Campo": nombre, "Columna del archivo": columna(campo),
              "Obligatorio": "sí" if campo in obligatorios else ("uno de los dos" if campo in catalogo.uno_de else "")}
             for campo, (nombre, _) in catalogo.campos.items()]
    usadas = set(lectura.mapeo.values())
    filas += [{"Campo": "(no se usa)", "Columna del archivo": e, "Obligatorio": ""}
              for i, e in enumerate(lectura.encabezados) if i not in usadas and e and e.strip()]
    return pd.DataFrame(filas)


def tabla_problemas(res: Resultado) -> pd.DataFrame:
    hojas = any(p.hoja for p in res.problemas)
    lugares = any(p.lugar for p in res.problemas)
    unidad = "Lugar" if lugares else "Fila" if hojas else (res.lectura.unidad if res.lectura else "línea").capitalize()
    columnas = ["Archivo", *(["Hoja"] if hojas else []), unidad, "Columna", "Valor", "Problema", "Qué hacer"]
    return pd.DataFrame([{"Archivo": p.archivo, "Hoja": p.hoja, unidad: p.lugar or p.fila if lugares else p.fila,
                          "Columna": p.columna, "Valor": p.valor,
                          "Problema": p.problema, "Qué hacer": p.que_hacer} for p in res.problemas],
                        columns=columnas)


def tabla_transiciones(res: Resultado) -> pd.DataFrame:
    return pd.DataFrame([{"Cambio de estado": t, "Órdenes": n} for t, n in res.transiciones.items()],
                        columns=["Cambio de estado", "Órdenes"])
