-- Las actividades de cada OT que trae más de una (ordenes_actividades, issue 22) como lista ordenada por código, para
-- texto_actividades. Sólo las OT con varias: las demás tienen su actividad en `ordenes`.
CREATE OR REPLACE VIEW actividades_varias AS
SELECT ot, list({'codigo': actividad_codigo, 'descripcion': actividad} ORDER BY actividad_codigo) AS varias
FROM ordenes_actividades
GROUP BY ot;
