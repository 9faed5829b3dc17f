-- Bandeja ANULADO: órdenes anuladas de movimiento de poste registradas en el periodo, con su medida
-- correctiva vigente (la versión que ningún otro registro corrige). Una página: $limite / $desplazamiento.
-- Datos personales sólo con $personales. $causal: NULL (todas) o la clave de bandeja_anulados_causales
-- (normalizada aquí: un texto sin código vale en cualquier ortografía).
-- $causal como código y como las descripciones tal como vienen en las órdenes sin código: normalizar_valor corre
-- sobre las descripciones distintas y no sobre cada orden (100.000 anuladas: 20 ms y no 200 ms).
WITH elegida AS (
    SELECT TRY_CAST($causal AS BIGINT) AS codigo, normalizar_valor($causal) = '(sin causal)' AS sin_causal,
           -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
           list_filter((SELECT list(DISTINCT causal) FROM ordenes
                        WHERE $causal IS NOT NULL AND estado = 'ANULADO' AND causal_codigo IS NULL),
                       lambda t: coalesce(nullif(normalizar_valor(t), ''), '(sin causal)')
                                 = normalizar_valor($causal)) AS textos
),
medidas AS (
    SELECT ot, count(*) AS medidas, arg_max(texto, id) AS ultima_medida, arg_max(autor, id) AS medida_autor,
           max(creado_en) AS medida_fecha
    FROM seguimientos_vigentes
    WHERE tipo = 'medida_correctiva'
    GROUP BY ot
),
-- Primero se elige la página con columnas angostas y después se leen las anchas sólo de esas filas
-- (leer cliente, dirección, etc. de todas las anuladas duplicaba el tiempo con 1.000.000 de órdenes).
pagina AS (
    SELECT o.ot, o.fecha_anulacion, o.fecha_registro
    FROM ordenes o
    CROSS JOIN elegida c
    LEFT JOIN medidas m USING (ot)
    WHERE o.estado = 'ANULADO'
      AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
      AND ($desde IS NULL OR o.fecha_registro >= CAST($desde AS DATE))
      AND ($hasta IS NULL OR o.fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
      AND (NOT $sin_medida OR m.ot IS NULL)
      AND ($causal IS NULL OR o.causal_codigo = c.codigo
           OR (o.causal_codigo IS NULL AND (list_contains(c.textos, o.causal) OR (o.causal IS NULL AND c.sin_causal))))
    ORDER BY o.fecha_anulacion DESC NULLS LAST, o.fecha_registro DESC, o.ot
    LIMIT $limite OFFSET $desplazamiento
)
SELECT o.ot, o.solicitud, o.causal, o.fecha_registro, o.fecha_anulacion, o.tecnico, o.unidad_operativa, o.zona,
       CASE WHEN $personales THEN o.cliente END AS cliente,
       CASE WHEN $personales THEN o.ci_nit END AS ci_nit,
       CASE WHEN $personales THEN o.direccion END AS direccion,
       m.ot IS NOT NULL AS con_medida,
       m.ultima_medida, m.medida_autor, m.medida_fecha
FROM pagina p
JOIN ordenes o USING (ot)
LEFT JOIN medidas m USING (ot)
ORDER BY p.fecha_anulacion DESC NULLS LAST, p.fecha_registro DESC, p.ot
