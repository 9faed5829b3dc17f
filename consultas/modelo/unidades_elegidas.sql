-- Las unidades operativas elegidas (la clave de semaforo_opciones o el nombre en cualquier ortografía) como
-- códigos y como los nombres tal como vienen en las órdenes de poste, también los nombres sin código que se unen a un
-- código elegido (codigos_unidos): normalizar_valor corre sobre los nombres distintos y no sobre cada orden (1 M de
-- órdenes, una unidad: ~60 ms; normalizando cada orden, ~180 ms). Sin unidades no lee nada.
CREATE OR REPLACE MACRO unidades_elegidas(unidades) AS TABLE
SELECT list_transform(CAST(unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)) AS codigos,
       (SELECT list(texto)
        FROM codigos_unidos((SELECT list({'codigo': codigo, 'texto': texto})
                             FROM (SELECT unidad_codigo AS codigo, unidad_operativa AS texto FROM ordenes_poste
                                   WHERE CAST(unidades AS VARCHAR[]) IS NOT NULL GROUP BY ALL)))
        WHERE list_contains(list_transform(CAST(unidades AS VARCHAR[]), lambda u: normalizar_valor(u)), norma)
           OR (codigo IS NULL
               AND list_contains(list_transform(CAST(unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)), unido))
       ) AS nombres;
