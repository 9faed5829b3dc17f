-- numerado (normalizado_t + fila, sin filas vacías ni pie) → la vista normalizado que usan la validación y la
-- escritura. Actividad, estado, causal y unidad tienen pocos valores distintos: se interpretan una vez por valor
-- (un solo recorrido junta las combinaciones que aparecen).
CREATE OR REPLACE TEMP TABLE valores AS
SELECT actividad_txt, estado_origen, causal_txt, causal_clase_txt, unidad_operativa_txt, tipo_trabajo_txt
FROM numerado GROUP BY ALL;

-- Cada valor codificado («ID - DESC», «ID : DESC», el código solo, « - » vacío) se parte con codigo_de y
-- descripcion_de (migración 007).
CREATE OR REPLACE TEMP TABLE actividades_leidas AS
SELECT actividad_txt, TRY_CAST(codigo_de(actividad_txt) AS INTEGER) AS actividad_codigo,
       descripcion_de(actividad_txt) AS actividad
FROM (SELECT DISTINCT actividad_txt FROM valores);

-- Si el valor trae código, el código decide; si no, la descripción sin mayúsculas ni tildes (clave_estado).
CREATE OR REPLACE TEMP TABLE estados_leidos AS
SELECT t.estado_origen, m.estado
FROM (SELECT DISTINCT estado_origen FROM valores) t
LEFT JOIN mapeo_estados m ON m.valor = clave_estado(t.estado_origen);

CREATE OR REPLACE TEMP TABLE causales_leidas AS
SELECT causal_txt, codigo_de(causal_txt) AS causal_codigo, descripcion_de(causal_txt) AS causal
FROM (SELECT DISTINCT causal_txt FROM valores);

-- GE_CAUSAL.CLASS_CAUSAL_ID: 1 éxito, 2 fallo (el código, o la palabra); otra cosa queda NULL y es un problema.
CREATE OR REPLACE TEMP TABLE clases_leidas AS
SELECT causal_clase_txt,
       CAST(CASE WHEN codigo_de(causal_clase_txt) IN (1, 2) THEN codigo_de(causal_clase_txt)
                 WHEN codigo_de(causal_clase_txt) IS NULL
                      THEN CASE normalizar_valor(descripcion_de(causal_clase_txt))
                               WHEN 'exito' THEN 1 WHEN 'exitosa' THEN 1 WHEN 'fallo' THEN 2 WHEN 'fallida' THEN 2 END
            END AS SMALLINT) AS causal_clase
FROM (SELECT DISTINCT causal_clase_txt FROM valores);

CREATE OR REPLACE TEMP TABLE unidades_leidas AS
SELECT unidad_operativa_txt, codigo_de(unidad_operativa_txt) AS unidad_codigo,
       descripcion_de(unidad_operativa_txt) AS unidad_operativa
FROM (SELECT DISTINCT unidad_operativa_txt FROM valores);

CREATE OR REPLACE TEMP TABLE tipos_leidos AS
SELECT tipo_trabajo_txt, codigo_de(tipo_trabajo_txt) AS tipo_trabajo_codigo, descripcion_de(tipo_trabajo_txt) AS tipo_trabajo
FROM (SELECT DISTINCT tipo_trabajo_txt FROM valores);

-- Las OT que aparecen más de una vez (en un archivo sano, ninguna): los duplicados se tratan sólo aquí.
-- Una exportación suele venir ordenada por OT: si cada OT es mayor que la anterior (lag() OVER () sigue el orden
-- del archivo) no hay repetidas y no hace falta agrupar un millón de filas.
CREATE OR REPLACE TEMP TABLE ot_repetidas AS
SELECT ot, count(*) AS veces FROM numerado
WHERE ot IS NOT NULL
  AND (SELECT count(*) FILTER (WHERE ot <= anterior) > 0
       FROM (SELECT ot, lag(ot) OVER () AS anterior FROM normalizado_t WHERE ot IS NOT NULL))
GROUP BY ot HAVING count(*) > 1;

-- Una fecha como la lee el usuario en un mensaje (con los microsegundos sólo si los tiene).
CREATE OR REPLACE TEMP MACRO fecha_vista(x) AS
    CASE WHEN microsecond(x) % 1000000 = 0 THEN strftime(x, '%d/%m/%Y %H:%M:%S')
         ELSE strftime(x, '%d/%m/%Y %H:%M:%S.%f') END;

CREATE OR REPLACE TEMP VIEW normalizado AS
SELECT
    n.pos, n.fila, n.lugar, n.ot, n.ot_txt, n.solicitud,
    n.actividad_txt, a.actividad_codigo,
    coalesce(n.actividad_desc, a.actividad) AS actividad,
    n.estado_origen, s.estado,
    n.fecha_registro, n.fecha_registro_txt, n.fecha_atencion, n.fecha_atencion_txt,
    n.fecha_anulacion, n.fecha_anulacion_txt, n.fecha_limite, n.fecha_limite_txt,
    c.causal_codigo, coalesce(n.causal_desc, c.causal) AS causal, n.causal_clase_txt, k.causal_clase,
    u.unidad_codigo, coalesce(n.unidad_desc, u.unidad_operativa) AS unidad_operativa,
    t.tipo_trabajo_codigo, t.tipo_trabajo,
    n.tecnico, n.cliente, n.ci_nit, n.direccion, n.zona, n.observacion, n.difiere_txt
FROM numerado n
LEFT JOIN actividades_leidas a USING (actividad_txt)
LEFT JOIN estados_leidos s USING (estado_origen)
LEFT JOIN causales_leidas c USING (causal_txt)
LEFT JOIN clases_leidas k USING (causal_clase_txt)
LEFT JOIN unidades_leidas u USING (unidad_operativa_txt)
LEFT JOIN tipos_leidos t USING (tipo_trabajo_txt);

-- Una OT repetida con más de una actividad es una OT con varias actividades (una consulta que une OR_ORDER con
-- OR_ORDER_ACTIVITY la escribe una vez por actividad): sus filas deben coincidir en todo lo demás (problemas.sql).
-- Es de poste si alguna de sus actividades lo es. Sin repetidas, estas tablas salen vacías sin recorrer el archivo.
CREATE OR REPLACE TEMP TABLE actividades_ot AS
SELECT DISTINCT ot, actividad_codigo, actividad
FROM normalizado
WHERE ot IN (SELECT ot FROM ot_repetidas) AND actividad_codigo IS NOT NULL
  AND ot IN (SELECT ot FROM normalizado WHERE ot IN (SELECT ot FROM ot_repetidas)
             GROUP BY ot HAVING count(DISTINCT actividad_codigo) > 1);

CREATE OR REPLACE TEMP TABLE ot_varias AS
SELECT ot, bool_or(actividad_codigo IN (SELECT codigo FROM actividades_poste)) AS poste,
       list({'codigo': actividad_codigo, 'actividad': actividad} ORDER BY actividad_codigo, actividad) AS actividades
FROM actividades_ot GROUP BY ot;
