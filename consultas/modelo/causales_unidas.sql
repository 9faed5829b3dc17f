-- Las ortografías de causal de todas las anuladas de poste, con su código unido (codigos_unidos). De todas y no
-- sólo del periodo: la clave de una causal no cambia con el periodo ni con los filtros, y el Pareto
-- (bandeja_anulados_causales) y anuladas_del_periodo la calculan igual. `leer` = false no lee nada.
CREATE OR REPLACE MACRO causales_unidas(leer) AS TABLE
-- GROUP BY y no list(DISTINCT {…}): agrupar dos columnas cuesta menos que comparar structs.
SELECT * FROM codigos_unidos((SELECT list({'codigo': codigo, 'texto': texto})
                              FROM (SELECT causal_codigo AS codigo, causal AS texto FROM ordenes_poste
                                    WHERE leer AND estado = 'ANULADO' GROUP BY ALL)));
