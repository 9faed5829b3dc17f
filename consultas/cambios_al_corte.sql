-- Las órdenes como quedaron al terminar la importación getvariable('corte') (issue 25: el KPI antes y después de una
-- importación). Es una vista TEMPORAL llamada `ordenes`, creada en un cursor aparte (consultas/cambios.py): en ese
-- cursor tapa a la tabla, y las vistas y macros del modelo (ordenes_poste, ordenes_del_kpi, los trámites…) y la
-- consulta del KPI leen a través de ella sin saberlo. Así el antes y el después salen del mismo camino que el
-- Semáforo, en la unidad que tenga el KPI (OT o trámite).
-- Cada orden que ya existía entonces, con el último estado que le dio el historial hasta esa importación. Lo demás
-- (fechas, solicitud, zona…) es lo de hoy: el historial sólo guarda estados.
-- `ordenes_guardadas` se reemplaza por el nombre completo de la tabla (catálogo.main.ordenes) antes de correrla.
-- Lee: tabla ordenes, historial_estados.
CREATE OR REPLACE TEMP VIEW ordenes AS
SELECT o.* REPLACE (h.estado AS estado, h.estado_origen AS estado_origen)
FROM ordenes_guardadas o
JOIN (SELECT ot, arg_max(estado, importacion_id) AS estado, arg_max(estado_origen, importacion_id) AS estado_origen
      FROM historial_estados
      WHERE importacion_id <= getvariable('corte')
      GROUP BY ot) h USING (ot)
