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
), pendientes AS (
    -- DuckDB deja usar el alias edad_dias en la misma lista.
    SELECT o.*, date_diff('day', CAST(o.fecha_registro AS DATE), CAST($hoy AS DATE)) AS edad_dias,
           tramo_edad(edad_dias) AS tramo
    FROM ordenes o
    WHERE o.estado = 'REGISTRADO'
      AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
      AND ($desde IS NULL OR o.fecha_registro >= CAST($desde AS DATE))
      AND ($hasta IS NULL OR o.fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
)
SELECT p.ot, p.solicitud, p.fecha_registro, p.edad_dias, p.tramo,
       p.fecha_limite,
       p.fecha_limite IS NOT NULL AND CAST(p.fecha_limite AS DATE) < CAST($hoy AS DATE) AS vencida,
       CASE WHEN CAST(p.fecha_limite AS DATE) < CAST($hoy AS DATE)
            THEN date_diff('day', CAST(p.fecha_limite AS DATE), CAST($hoy AS DATE)) END AS dias_vencida,
       p.unidad_operativa, p.tecnico, p.zona,
       CASE WHEN $personales THEN p.cliente END AS cliente,
       CASE WHEN $personales THEN p.ci_nit END AS ci_nit,
       CASE WHEN $personales THEN p.direccion END AS direccion,
       k.ultima_coordinacion,
       date_diff('day', k.ultima_coordinacion, CAST($hoy AS DATE)) AS dias_desde_coordinacion,
       k.coordinacion_contacto, k.fecha_acordada, k.coordinacion_texto, k.coordinacion_autor
FROM pendientes p
LEFT JOIN coordinaciones k USING (ot)
WHERE ($tramo IS NULL OR p.tramo = $tramo)
  AND (NOT $solo_vencidas OR CAST(p.fecha_limite AS DATE) < CAST($hoy AS DATE))
ORDER BY p.fecha_registro, p.ot
LIMIT $limite OFFSET $desplazamiento
