-- Las otras OT del trámite de la OT $ot (la misma solicitud, clave_tramite; una OT sin solicitud no tiene otras),
-- con su estado y fechas, la primera registrada primero. `poste`: si es de movimiento de poste (sólo ésas hacen el
-- trámite y su estado); `reemplazo`: su marca si otra OT del trámite lo atendió.
-- Lee: tabla ordenes, ordenes_poste, ordenes_reemplazadas, actividades_varias.
SELECT o.ot, o.estado, o.fecha_registro, o.fecha_atencion, o.fecha_anulacion,
       o.ot IN (SELECT ot FROM ordenes_poste) AS poste, r.marca AS reemplazo,
       texto_actividades(o.actividad_codigo, o.actividad, v.varias) AS actividades
FROM ordenes o
LEFT JOIN ordenes_reemplazadas r USING (ot)
LEFT JOIN actividades_varias v USING (ot)
WHERE o.solicitud = (SELECT solicitud FROM ordenes WHERE ot = $ot) AND o.ot <> $ot
ORDER BY o.fecha_registro, o.ot
