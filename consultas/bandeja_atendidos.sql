-- Bandeja ATENDIDO: atendidas de movimiento de poste registradas en el periodo, con el tiempo de atención
-- (registro → atención, en días) y la verificación actual. $verificacion: NULL (todas), 'sin_verificar',
-- 'conforme' o 'con_observacion'. Primero las legalizadas con causal de fallo que falta verificar (OSF las
-- cerró sin el trabajo hecho), después la atención más reciente.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- $reciente_desde (una fecha, o NULL = todas): sólo lo de ahora, las atendidas sin verificar desde ese día (la
-- definición de Seguimiento: pendientes_de_ahora, a $hoy con $dias); después de las de causal de fallo, la más
-- antigua primero.
-- Lee: ordenes_del_kpi (sólo las elegidas), seguimientos_actuales (la verificación), ordenes_con_causal_fallo,
-- pendientes_de_ahora (lo de ahora), ordenes y actividades_varias (anchas).
WITH verificaciones AS (
    SELECT ot, resultado, texto AS verificacion_texto, autor AS verificacion_autor, creado_en AS verificacion_fecha
    FROM seguimientos_actuales
    WHERE tipo = 'verificacion'
),
-- Página con columnas angostas; las anchas se leen sólo de esas filas (ver bandeja_anulados).
pagina AS (
    SELECT o.ot, o.fecha_atencion, f.ot IS NOT NULL AS causal_fallo,
           f.ot IS NOT NULL AND v.resultado IS NULL AS fallo_sin_verificar
    FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) o
    LEFT JOIN verificaciones v USING (ot)
    LEFT JOIN ordenes_con_causal_fallo f USING (ot)
    WHERE o.elegida AND o.estado = 'ATENDIDO'
      AND ($verificacion IS NULL OR coalesce(v.resultado, 'sin_verificar') = $verificacion)
      AND ($reciente_desde IS NULL OR o.ot IN (
           SELECT ot FROM pendientes_de_ahora(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta,
                                              $reciente_desde)
           WHERE de_ahora AND categoria = 'atendido_sin_verificar'))
    ORDER BY fallo_sin_verificar DESC, CASE WHEN $reciente_desde IS NOT NULL THEN o.fecha_atencion END,
             o.fecha_atencion DESC NULLS LAST, o.ot
    LIMIT $limite OFFSET $desplazamiento
)
SELECT o.ot, o.solicitud, o.fecha_registro, o.fecha_atencion,
       round(date_diff('minute', o.fecha_registro, o.fecha_atencion) / 1440.0, 1) AS dias_atencion,
       p.causal_fallo, o.causal, o.unidad_operativa, o.tecnico, o.zona,
       CASE WHEN $personales THEN o.cliente END AS cliente,
       CASE WHEN $personales THEN o.ci_nit END AS ci_nit,
       CASE WHEN $personales THEN o.direccion END AS direccion,
       coalesce(v.resultado, 'sin_verificar') AS verificacion,
       v.verificacion_texto, v.verificacion_autor, v.verificacion_fecha,
       texto_actividades(o.actividad_codigo, o.actividad, v2.varias) AS actividades
FROM pagina p
JOIN ordenes o USING (ot)
LEFT JOIN actividades_varias v2 USING (ot)
LEFT JOIN verificaciones v USING (ot)
ORDER BY p.fallo_sin_verificar DESC, CASE WHEN $reciente_desde IS NOT NULL THEN p.fecha_atencion END,
         p.fecha_atencion DESC NULLS LAST, p.ot
