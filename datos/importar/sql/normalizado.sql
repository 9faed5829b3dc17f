-- numerado (normalizado_t + fila, sin filas vacías ni pie) → la vista normalizado que usan la validación y la
-- escritura. Actividad, estado, causal y unidad tienen pocos valores distintos: se interpretan una vez por valor
-- (un solo recorrido junta las combinaciones que aparecen).
CREATE OR REPLACE TEMP TABLE valores AS
SELECT actividad_txt, estado_origen, causal_txt, unidad_operativa_txt FROM numerado GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE actividades_leidas AS
SELECT actividad_txt,
       TRY_CAST(nullif(act.codigo, '') AS INTEGER) AS actividad_codigo,
       nullif(trim(act.desc), '') AS actividad
FROM (SELECT actividad_txt,
             regexp_extract(actividad_txt, '^\s*(\d+)(?:\.0+)?\s*(?:[-–—]\s*(.*))?$', ['codigo', 'desc']) AS act
      FROM (SELECT DISTINCT actividad_txt FROM valores));

CREATE OR REPLACE TEMP TABLE estados_leidos AS
SELECT t.estado_origen, m.estado
FROM (SELECT DISTINCT estado_origen FROM valores) t
LEFT JOIN mapeo_estados m ON m.valor = normalizar_valor(t.estado_origen);

CREATE OR REPLACE TEMP TABLE causales_leidas AS
SELECT causal_txt, nullif(trim(regexp_replace(causal_txt, '^\s*\d+\s*-\s*', '')), '') AS causal
FROM (SELECT DISTINCT causal_txt FROM valores);

CREATE OR REPLACE TEMP TABLE unidades_leidas AS
SELECT unidad_operativa_txt,
       nullif(trim(regexp_replace(unidad_operativa_txt, '^\s*\d+\s*-\s*', '')), '') AS unidad_operativa
FROM (SELECT DISTINCT unidad_operativa_txt FROM valores);

-- Las OT que aparecen más de una vez (en un archivo sano, ninguna): los duplicados se tratan sólo aquí.
-- Una exportación suele venir ordenada por OT: si cada OT es mayor que la anterior (lag() OVER () sigue el orden
-- del archivo) no hay repetidas y no hace falta agrupar un millón de filas.
CREATE OR REPLACE TEMP TABLE ot_repetidas AS
SELECT ot, count(*) AS veces FROM numerado
WHERE ot IS NOT NULL
  AND (SELECT count(*) FILTER (WHERE ot <= anterior) > 0
       FROM (SELECT ot, lag(ot) OVER () AS anterior FROM normalizado_t WHERE ot IS NOT NULL))
GROUP BY ot HAVING count(*) > 1;

CREATE OR REPLACE TEMP VIEW normalizado AS
SELECT
    n.pos, n.fila, n.ot, n.ot_txt, n.solicitud,
    n.actividad_txt, a.actividad_codigo,
    coalesce(n.actividad_desc, a.actividad) AS actividad,
    n.estado_origen, s.estado,
    n.fecha_registro, n.fecha_registro_txt, n.fecha_atencion, n.fecha_atencion_txt,
    n.fecha_anulacion, n.fecha_anulacion_txt, n.fecha_limite, n.fecha_limite_txt,
    c.causal, u.unidad_operativa,
    n.tecnico, n.cliente, n.ci_nit, n.direccion, n.zona, n.observacion
FROM numerado n
LEFT JOIN actividades_leidas a USING (actividad_txt)
LEFT JOIN estados_leidos s USING (estado_origen)
LEFT JOIN causales_leidas c USING (causal_txt)
LEFT JOIN unidades_leidas u USING (unidad_operativa_txt);
