-- Bandeja ANULADO: órdenes anuladas de movimiento de poste registradas en el periodo, con su medida
-- correctiva actual. Una página: $limite / $desplazamiento. Datos personales sólo con $personales.
-- $causal: NULL (todas) o la clave de bandeja_anulados_causales (un texto sin código vale en cualquier ortografía).
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- $reciente_desde (una fecha, o NULL = todas): sólo lo de ahora, las anuladas sin medida desde ese día (la definición
-- de Seguimiento: pendientes_de_ahora, a $hoy con $dias), la más antigua primero; si no, la más reciente primero.
-- $reemplazadas: también las reemplazadas (su trámite lo atendió otra OT: no piden medida), con su marca.
-- Lee: anuladas_del_periodo (periodo y causal), ordenes_del_kpi (los filtros), seguimientos_actuales (la medida),
-- pendientes_de_ahora (lo de ahora), ordenes_reemplazadas, ordenes y actividades_varias (columnas anchas).
WITH medidas AS (
    SELECT ot, texto AS ultima_medida, autor AS medida_autor, creado_en AS medida_fecha
    FROM seguimientos_actuales
    WHERE tipo = 'medida_correctiva'
),
-- Primero se elige la página con columnas angostas y después se leen las anchas sólo de esas filas
-- (leer cliente, dirección, etc. de todas las anuladas duplicaba el tiempo con 1.000.000 de órdenes).
pagina AS (
    SELECT o.ot, o.fecha_anulacion, o.fecha_registro
    FROM anuladas_del_periodo($desde, $hasta, $causal) o
    -- Los filtros del Semáforo. El estado también aquí: el join arma su tabla sólo con anuladas (1 M de órdenes: −55 ms).
    SEMI JOIN ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) k
        ON k.ot = o.ot AND k.elegida AND k.estado = 'ANULADO'
    LEFT JOIN medidas m USING (ot)
    WHERE (NOT $sin_medida OR m.ot IS NULL)
      AND ($reciente_desde IS NULL OR o.ot IN (
           SELECT ot FROM pendientes_de_ahora(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta,
                                              $reciente_desde)
           WHERE de_ahora AND categoria = 'anulado_sin_medida'))
      AND ($reemplazadas OR o.ot NOT IN (SELECT ot FROM ordenes_reemplazadas))
    ORDER BY CASE WHEN $reciente_desde IS NOT NULL THEN o.fecha_anulacion END,
             o.fecha_anulacion DESC NULLS LAST, o.fecha_registro DESC, o.ot
    LIMIT $limite OFFSET $desplazamiento
)
SELECT o.ot, r.marca AS reemplazo, o.solicitud, o.causal, o.fecha_registro, o.fecha_anulacion, o.tecnico, o.unidad_operativa, o.zona,
       CASE WHEN $personales THEN o.cliente END AS cliente,
       CASE WHEN $personales THEN o.ci_nit END AS ci_nit,
       CASE WHEN $personales THEN o.direccion END AS direccion,
       m.ot IS NOT NULL AS con_medida,
       m.ultima_medida, m.medida_autor, m.medida_fecha,
       texto_actividades(o.actividad_codigo, o.actividad, v.varias) AS actividades
FROM pagina p
JOIN ordenes o USING (ot)
LEFT JOIN medidas m USING (ot)
LEFT JOIN ordenes_reemplazadas r USING (ot)
LEFT JOIN actividades_varias v USING (ot)
ORDER BY CASE WHEN $reciente_desde IS NOT NULL THEN p.fecha_anulacion END,
         p.fecha_anulacion DESC NULLS LAST, p.fecha_registro DESC, p.ot
