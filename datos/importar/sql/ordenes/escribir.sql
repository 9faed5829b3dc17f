-- Dentro de la transacción de una importación: reemplaza las órdenes cambiadas, agrega las nuevas y anota
-- el historial. Cada OT queda una sola vez en ordenes: las que existían se borran antes de volver a insertarse.
DELETE FROM ordenes WHERE ot IN (SELECT ot FROM existentes WHERE NOT igual);

INSERT INTO ordenes (ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro, fecha_atencion,
                     fecha_anulacion, causal, causal_codigo, causal_clase, fecha_limite, unidad_operativa,
                     unidad_codigo, tipo_trabajo_codigo, tipo_trabajo, tecnico, cliente, ci_nit, direccion,
                     zona, observacion, importacion_id)
SELECT ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro, fecha_atencion,
       fecha_anulacion, causal, causal_codigo, causal_clase, fecha_limite, unidad_operativa, unidad_codigo,
       tipo_trabajo_codigo, tipo_trabajo, tecnico, cliente, ci_nit, direccion, zona, observacion, $importacion
FROM existentes WHERE NOT igual
UNION ALL
SELECT ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro, fecha_atencion,
       fecha_anulacion, causal, causal_codigo, causal_clase, fecha_limite, unidad_operativa, unidad_codigo,
       tipo_trabajo_codigo, tipo_trabajo, tecnico, cliente, ci_nit, direccion, zona, observacion, $importacion
FROM lote ANTI JOIN existentes USING (ot);

-- Las actividades de cada OT que cambió o es nueva: sólo las OT con varias tienen filas (migración 016).
DELETE FROM ordenes_actividades WHERE ot IN (SELECT ot FROM existentes WHERE NOT igual);

INSERT INTO ordenes_actividades (ot, actividad_codigo, actividad, importacion_id)
SELECT ot, a.codigo, a.actividad, $importacion
FROM (SELECT ot, unnest(actividades) AS a FROM ot_varias WHERE ot NOT IN (SELECT ot FROM existentes WHERE igual));

INSERT INTO historial_estados (ot, importacion_id, estado_anterior, estado, estado_origen)
SELECT ot, $importacion, estado_anterior, estado, estado_origen FROM existentes WHERE cambia_estado
UNION ALL
-- las nuevas se leen de ordenes (recién escritas) y no de lote, que volvería a recorrer los mapas
SELECT ot, $importacion, NULL, estado, estado_origen
FROM ordenes ANTI JOIN existentes USING (ot) WHERE importacion_id = $importacion;

-- Qué OT trajo esta importación y su día de registro (issue 25: las que falten en una exportación posterior del mismo
-- periodo): las que ya existían (existentes, iguales o no) y las nuevas, leídas de ordenes como el historial.
INSERT INTO importaciones_ordenes (importacion_id, ot, dia)
SELECT $importacion, ot, CAST(fecha_registro AS DATE) FROM existentes
UNION ALL
SELECT $importacion, ot, CAST(fecha_registro AS DATE)
FROM ordenes ANTI JOIN existentes USING (ot) WHERE importacion_id = $importacion;
