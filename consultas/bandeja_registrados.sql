-- Bandeja REGISTRADO: pendientes de movimiento de poste registradas en el periodo, la más antigua primero,
-- con su edad en días a $hoy, tramo (0–7, 8–15, 16–30, > 30), vencimiento contra la fecha límite de
-- Smartflex (si la exportación la trae) y la última coordinación con Gestión de Redes.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- $reciente_desde (una fecha, o NULL = todas): sólo lo de ahora, las que no tuvieron coordinación en los últimos $dias
-- días (la definición de Seguimiento: pendientes_de_ahora; a una pendiente la fecha no la deja fuera).
-- $reemplazadas: también las reemplazadas (su trámite ya lo atendió otra OT: no piden coordinación), con su marca.
-- Lee: ordenes_del_kpi (sólo las elegidas), ordenes_reemplazadas, pendientes_de_ahora (lo de ahora),
-- ultimas_coordinaciones, ordenes y actividades_varias (columnas anchas).
WITH
-- Página con columnas angostas; las anchas se leen sólo de esas filas (ver bandeja_anulados).
pagina AS (
    SELECT o.ot, o.fecha_registro
    FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) o
    WHERE o.elegida AND o.estado = 'REGISTRADO'
      AND ($reciente_desde IS NULL OR o.ot IN (
           SELECT ot FROM pendientes_de_ahora(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta,
                                              $reciente_desde)
           WHERE de_ahora AND categoria = 'registrado_sin_coordinar'))
      AND ($tramo IS NULL
           OR tramo_edad(date_diff('day', CAST(o.fecha_registro AS DATE), CAST($hoy AS DATE))) = $tramo)
      AND (NOT $solo_vencidas OR CAST(o.fecha_limite AS DATE) < CAST($hoy AS DATE))
      AND ($reemplazadas OR o.ot NOT IN (SELECT ot FROM ordenes_reemplazadas))
    ORDER BY o.fecha_registro, o.ot
    LIMIT $limite OFFSET $desplazamiento
)
-- DuckDB deja usar el alias edad_dias en la misma lista.
SELECT o.ot, r.marca AS reemplazo, o.solicitud, o.fecha_registro,
       date_diff('day', CAST(o.fecha_registro AS DATE), CAST($hoy AS DATE)) AS edad_dias,
       tramo_edad(edad_dias) AS tramo,
       o.fecha_limite,
       o.fecha_limite IS NOT NULL AND CAST(o.fecha_limite AS DATE) < CAST($hoy AS DATE) AS vencida,
       CASE WHEN CAST(o.fecha_limite AS DATE) < CAST($hoy AS DATE)
            THEN date_diff('day', CAST(o.fecha_limite AS DATE), CAST($hoy AS DATE)) END AS dias_vencida,
       o.unidad_operativa, o.tecnico, o.zona,
       CASE WHEN $personales THEN o.cliente END AS cliente,
       CASE WHEN $personales THEN o.ci_nit END AS ci_nit,
       CASE WHEN $personales THEN o.direccion END AS direccion,
       k.fecha_coordinacion AS ultima_coordinacion,
       date_diff('day', k.fecha_coordinacion, CAST($hoy AS DATE)) AS dias_desde_coordinacion,
       k.contacto AS coordinacion_contacto, k.fecha_acordada, k.texto AS coordinacion_texto,
       k.autor AS coordinacion_autor,
       texto_actividades(o.actividad_codigo, o.actividad, v.varias) AS actividades
FROM pagina p
JOIN ordenes o USING (ot)
LEFT JOIN ultimas_coordinaciones k USING (ot)
LEFT JOIN ordenes_reemplazadas r USING (ot)
LEFT JOIN actividades_varias v USING (ot)
ORDER BY p.fecha_registro, p.ot
