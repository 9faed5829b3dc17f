-- Opciones de los filtros del Semáforo, en una sola lectura: meses con órdenes de poste,
-- zonas y unidades operativas presentes y actividades configuradas.
WITH poste AS (
    SELECT fecha_registro, zona, unidad_operativa
    FROM ordenes
    WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste)
)
SELECT
    (SELECT date_trunc('month', min(fecha_registro))::DATE FROM poste) AS primer_mes,
    (SELECT date_trunc('month', max(fecha_registro))::DATE FROM poste) AS ultimo_mes,
    (SELECT coalesce(list(DISTINCT zona ORDER BY zona), []) FROM poste WHERE zona IS NOT NULL) AS zonas,
    (SELECT coalesce(list(DISTINCT unidad_operativa ORDER BY unidad_operativa), [])
       FROM poste WHERE unidad_operativa IS NOT NULL) AS unidades,
    (SELECT coalesce(list(codigo ORDER BY codigo), []) FROM actividades_poste) AS actividades,
    (SELECT coalesce(list(descripcion ORDER BY codigo), []) FROM actividades_poste) AS descripciones
