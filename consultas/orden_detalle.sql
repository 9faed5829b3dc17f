-- Una orden con todos sus datos (los personales sólo con $personales) y la importación que la trajo.
-- `actividades`: todas las de la OT (texto_actividades); `reemplazo`: la marca si su trámite lo atendió otra OT.
-- Lee: tablas ordenes (cualquier OT, también de otra actividad) e importaciones, ordenes_con_causal_fallo,
-- actividades_varias, ordenes_reemplazadas.
SELECT o.ot, o.solicitud, o.actividad_codigo, o.actividad,
       texto_actividades(o.actividad_codigo, o.actividad, v.varias) AS actividades, r.marca AS reemplazo, o.estado, o.estado_origen,
       o.fecha_registro, o.fecha_atencion, o.fecha_anulacion, o.causal, o.fecha_limite,
       o.unidad_operativa, o.tecnico, o.zona, o.observacion,
       CASE WHEN $personales THEN o.cliente END AS cliente,
       CASE WHEN $personales THEN o.ci_nit END AS ci_nit,
       CASE WHEN $personales THEN o.direccion END AS direccion,
       i.archivo AS importacion_archivo, i.fecha AS importacion_fecha,
       o.ot IN (SELECT ot FROM ordenes_con_causal_fallo) AS causal_fallo
FROM ordenes o
LEFT JOIN importaciones i ON i.id = o.importacion_id
LEFT JOIN actividades_varias v ON v.ot = o.ot
LEFT JOIN ordenes_reemplazadas r ON r.ot = o.ot
WHERE o.ot = $ot
