-- Bandeja REGISTRADO: pendientes de movimiento de poste registradas en el periodo, la más antigua primero,
-- con su edad en días a $hoy, tramo (0–7, 8–15, 16–30, > 30), vencimiento contra la fecha límite de
-- Smartflex (si la exportación la trae) y la última coordinación vigente con Gestión de Redes.
WITH coordinaciones AS (
    SELECT ot,
           max(coalesce(fecha_contacto, CAST(creado_en AS DATE))) AS ultima_coordinacion,
           arg_max(texto, coalesce(fecha_contacto, CAST(creado_en AS DATE))) AS coordinacion_texto,
           arg_max(contacto, coalesce(fecha_contacto, CAST(creado_en AS DATE))) AS coordinacion_contacto,
           arg_max(fecha_acordada, coalesce(fecha_contacto, CAST(creado_en AS DATE))) AS fecha_acordada,
           arg_max(autor, coalesce(fecha_contacto, CAST(creado_en AS DATE))) AS coordinacion_autor
    FROM seguimientos_vigentes
    WHERE tipo = 'coordinacion'
    GROUP BY ot
),
-- Página con columnas angostas; las anchas se leen sólo de esas filas (ver bandeja_anulados).
pagina AS (
    SELECT o.ot, o.fecha_registro
    FROM ordenes o
    WHERE o.estado = 'REGISTRADO'
      AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
      AND ($desde IS NULL OR o.fecha_registro >= CAST($desde AS DATE))
      AND ($hasta IS NULL OR o.fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
      AND ($tramo IS NULL
           OR tramo_edad(date_diff('day', CAST(o.fecha_registro AS DATE), CAST($hoy AS DATE))) = $tramo)
      AND (NOT $solo_vencidas OR CAST(o.fecha_limite AS DATE) < CAST($hoy AS DATE))
    ORDER BY o.fecha_registro, o.ot
    LIMIT $limite OFFSET $desplazamiento
)
-- DuckDB deja usar el alias edad_dias en la misma lista.
SELECT o.ot, o.solicitud, o.fecha_registro,
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
       k.ultima_coordinacion,
       date_diff('day', k.ultima_coordinacion, CAST($hoy AS DATE)) AS dias_desde_coordinacion,
       k.coordinacion_contacto, k.fecha_acordada, k.coordinacion_texto, k.coordinacion_autor
FROM pagina p
JOIN ordenes o USING (ot)
LEFT JOIN coordinaciones k USING (ot)
ORDER BY p.fecha_registro, p.ot
