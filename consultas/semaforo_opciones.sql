-- Opciones de los filtros del Semáforo en una sola lectura de las órdenes de poste: meses con
-- órdenes, zonas y unidades operativas presentes; y las actividades configuradas.
SELECT date_trunc('month', min(o.fecha_registro))::DATE AS primer_mes,
       date_trunc('month', max(o.fecha_registro))::DATE AS ultimo_mes,
       coalesce(list(DISTINCT o.zona ORDER BY o.zona) FILTER (WHERE o.zona IS NOT NULL), []) AS zonas,
       coalesce(list(DISTINCT o.unidad_operativa ORDER BY o.unidad_operativa)
                FILTER (WHERE o.unidad_operativa IS NOT NULL), []) AS unidades,
       (SELECT coalesce(list(codigo ORDER BY codigo), []) FROM actividades_poste) AS actividades,
       (SELECT coalesce(list(descripcion ORDER BY codigo), []) FROM actividades_poste) AS descripciones
FROM ordenes o
WHERE o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
