-- Las órdenes como quedaron al terminar la importación getvariable('corte') (issue 25: el KPI antes y después de una
-- importación). Es una vista TEMPORAL llamada `ordenes`, creada en un cursor aparte (consultas/cambios.py): en ese
-- cursor tapa a la tabla, y las vistas y macros del modelo (ordenes_poste, ordenes_del_kpi, los trámites…) y la
-- consulta del KPI leen a través de ella sin saberlo. Así el antes y el después salen del mismo camino que el
-- Semáforo, en la unidad que tenga el KPI (OT o trámite).
-- Sólo se reescriben las órdenes que alguna importación posterior tocó (pocas, si el corte es reciente): las demás ya
-- estaban como hoy. De las tocadas, las que ya existían al corte vuelven con el último estado que el historial les dio
-- hasta entonces; las que llegaron después no están. Lo demás (fechas, solicitud, zona…) es lo de hoy: el historial
-- sólo guarda estados. Una orden sin historial (no vino por una importación) cuenta como estaba.
-- `ordenes_guardadas` se reemplaza por el nombre completo de la tabla (catálogo.main.ordenes) antes de correrla.
-- Lee: tabla ordenes, historial_estados.
CREATE OR REPLACE TEMP VIEW ordenes AS
WITH tocadas AS (
    SELECT DISTINCT ot FROM historial_estados WHERE importacion_id > getvariable('corte')
),
al_corte AS (
    SELECT ot, arg_max(estado, importacion_id) AS estado, arg_max(estado_origen, importacion_id) AS estado_origen
    FROM historial_estados
    WHERE importacion_id <= getvariable('corte') AND ot IN (SELECT ot FROM tocadas)
    GROUP BY ot
)
SELECT * FROM ordenes_guardadas WHERE ot NOT IN (SELECT ot FROM tocadas)
UNION ALL
SELECT o.* REPLACE (c.estado AS estado, c.estado_origen AS estado_origen)
FROM ordenes_guardadas o JOIN al_corte c USING (ot)
