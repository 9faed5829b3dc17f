-- Dentro de la transacción de una importación: reemplaza las órdenes nuevas o cambiadas y anota su historial.
DELETE FROM ordenes WHERE ot IN (SELECT ot FROM nuevo WHERE NOT es_nueva AND NOT igual);

INSERT INTO ordenes (ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro, fecha_atencion,
                     fecha_anulacion, causal, fecha_limite, unidad_operativa, tecnico, cliente, ci_nit, direccion,
                     zona, observacion, importacion_id)
SELECT ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro, fecha_atencion,
       fecha_anulacion, causal, fecha_limite, unidad_operativa, tecnico, cliente, ci_nit, direccion,
       zona, observacion, $importacion
FROM nuevo WHERE es_nueva OR NOT igual;

INSERT INTO historial_estados (ot, importacion_id, estado_anterior, estado, estado_origen)
SELECT ot, $importacion, estado_anterior, estado, estado_origen
FROM nuevo WHERE es_nueva OR cambia_estado;
