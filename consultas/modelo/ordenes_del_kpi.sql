-- El recorte del KPI: las órdenes de poste del periodo, con `elegida` si pasan los filtros del Semáforo
-- (actividades INTEGER[], zonas VARCHAR[], unidades VARCHAR[]; NULL = todas). El KPI cuenta las elegidas y toma
-- el rango de meses de todas; la lista del mes, la causal de fallo y el informe leen sólo las elegidas.
-- Una actividad elegida vale también si es una de las otras de una OT con varias (ordenes_actividades, issue 22);
-- sin filtro de actividades no se lee esa tabla.
CREATE OR REPLACE MACRO ordenes_del_kpi(desde, hasta, actividades, zonas, unidades) AS TABLE
SELECT o.*,
       (CAST(actividades AS INTEGER[]) IS NULL OR list_contains(CAST(actividades AS INTEGER[]), o.actividad_codigo)
        OR x.ot IS NOT NULL)
       AND (CAST(zonas AS VARCHAR[]) IS NULL OR list_contains(CAST(zonas AS VARCHAR[]), o.zona))
       AND (CAST(unidades AS VARCHAR[]) IS NULL
            OR list_contains(e.codigos, o.unidad_codigo) OR list_contains(e.nombres, o.unidad_operativa)) AS elegida
FROM ordenes_del_periodo(desde, hasta) o
CROSS JOIN unidades_elegidas(unidades) e
LEFT JOIN (SELECT DISTINCT ot FROM ordenes_actividades
           WHERE list_contains(CAST(actividades AS INTEGER[]), actividad_codigo)) x ON x.ot = o.ot;
