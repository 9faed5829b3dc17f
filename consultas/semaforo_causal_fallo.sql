-- Órdenes ATENDIDAS del KPI de un mes (mismos filtros que kpi_mensual) legalizadas con una causal de fallo
-- (vista ordenes_con_causal_fallo, migración 007). No cambia el KPI: el Semáforo sólo lo avisa.
-- Las unidades de $unidades (la clave de semaforo_opciones o el nombre en cualquier ortografía) como códigos y
-- como los nombres tal como vienen en las órdenes, igual que en kpi_mensual. Sin $unidades no se lee nada.
WITH elegidas AS (
    SELECT list_transform(CAST($unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)) AS codigos,
           -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
           list_filter((SELECT list(DISTINCT unidad_operativa) FROM ordenes
                        WHERE CAST($unidades AS VARCHAR[]) IS NOT NULL
                          AND actividad_codigo IN (SELECT codigo FROM actividades_poste)),
                       lambda n: list_contains(list_transform(CAST($unidades AS VARCHAR[]),
                                                              lambda u: normalizar_valor(u)),
                                               normalizar_valor(n))) AS nombres
)
SELECT count(*) AS legalizadas_con_causal_fallo
FROM ordenes o, elegidas e
WHERE o.estado = 'ATENDIDO'
  AND o.ot IN (SELECT ot FROM ordenes_con_causal_fallo)
  AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
  AND o.fecha_registro >= CAST($mes AS DATE)
  AND o.fecha_registro < CAST($mes AS DATE) + INTERVAL 1 MONTH
  AND (CAST($actividades AS INTEGER[]) IS NULL OR list_contains(CAST($actividades AS INTEGER[]), o.actividad_codigo))
  AND (CAST($zonas AS VARCHAR[]) IS NULL OR list_contains(CAST($zonas AS VARCHAR[]), o.zona))
  AND (CAST($unidades AS VARCHAR[]) IS NULL
       OR list_contains(e.codigos, o.unidad_codigo) OR list_contains(e.nombres, o.unidad_operativa))
