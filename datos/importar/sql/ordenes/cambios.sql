-- Las repetidas ya se comprobaron iguales salvo la actividad (problemas.sql): el lote se queda con una fila por OT,
-- la primera de una actividad de poste si alguna lo es, y con la lista de actividades de una OT que trae varias.
-- Sin repetidas, `copias` sale vacía sin recorrer el archivo.
CREATE OR REPLACE TEMP TABLE copias AS
SELECT pos FROM numerado WHERE ot IN (SELECT ot FROM ot_repetidas)
QUALIFY row_number() OVER (PARTITION BY ot ORDER BY actividad_txt IN (
    SELECT actividad_txt FROM actividades_leidas WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste)
) DESC, pos) > 1;

CREATE OR REPLACE TEMP VIEW lote AS
SELECT l.*, v.actividades
FROM (SELECT * EXCLUDE (pos, fila, lugar) FROM normalizado ANTI JOIN copias USING (pos)) l
LEFT JOIN ot_varias v USING (ot);

-- Las actividades que cada OT de varias ya tenía en la base.
CREATE OR REPLACE TEMP TABLE actividades_antes AS
SELECT ot, list({'codigo': actividad_codigo, 'actividad': actividad} ORDER BY actividad_codigo, actividad) AS actividades
FROM ordenes_actividades GROUP BY ot;

-- lote (una fila por OT) frente a lo que ya hay en la base. Sólo las OT que ya existen necesitan comparación:
-- existentes guarda su fila final y qué cambió. Un campo que el archivo no trae ($con_*) conserva el valor
-- anterior; uno que sí trae lo reemplaza (aunque venga vacío). Una fecha de una columna sin hora (sin_hora_*) no
-- borra la hora que ya se conocía de ese mismo día (fecha_mas_precisa).
CREATE OR REPLACE TEMP TABLE existentes AS
WITH f AS (
    SELECT
        l.ot,
        CASE WHEN $con_solicitud THEN l.solicitud ELSE o.solicitud END AS solicitud,
        l.actividad_codigo,
        coalesce(l.actividad, CASE WHEN o.actividad_codigo = l.actividad_codigo THEN o.actividad END) AS actividad,
        l.estado,
        l.estado_origen,
        fecha_mas_precisa(l.fecha_registro, o.fecha_registro, $sin_hora_registro) AS fecha_registro,
        CASE WHEN $con_fecha_atencion THEN fecha_mas_precisa(l.fecha_atencion, o.fecha_atencion, $sin_hora_atencion)
             ELSE o.fecha_atencion END AS fecha_atencion,
        CASE WHEN $con_fecha_anulacion THEN fecha_mas_precisa(l.fecha_anulacion, o.fecha_anulacion, $sin_hora_anulacion)
             ELSE o.fecha_anulacion END AS fecha_anulacion,
        CASE WHEN $con_causal THEN l.causal ELSE o.causal END AS causal,
        CASE WHEN $con_causal THEN l.causal_codigo ELSE o.causal_codigo END AS causal_codigo,
        CASE WHEN $con_causal_clase THEN l.causal_clase ELSE o.causal_clase END AS causal_clase,
        CASE WHEN $con_fecha_limite THEN fecha_mas_precisa(l.fecha_limite, o.fecha_limite, $sin_hora_limite)
             ELSE o.fecha_limite END AS fecha_limite,
        CASE WHEN $con_unidad_operativa THEN l.unidad_operativa ELSE o.unidad_operativa END AS unidad_operativa,
        CASE WHEN $con_unidad_operativa THEN l.unidad_codigo ELSE o.unidad_codigo END AS unidad_codigo,
        CASE WHEN $con_tipo_trabajo THEN l.tipo_trabajo_codigo ELSE o.tipo_trabajo_codigo END AS tipo_trabajo_codigo,
        CASE WHEN $con_tipo_trabajo THEN l.tipo_trabajo ELSE o.tipo_trabajo END AS tipo_trabajo,
        CASE WHEN $con_tecnico THEN l.tecnico ELSE o.tecnico END AS tecnico,
        CASE WHEN $con_cliente THEN l.cliente ELSE o.cliente END AS cliente,
        CASE WHEN $con_ci_nit THEN l.ci_nit ELSE o.ci_nit END AS ci_nit,
        CASE WHEN $con_direccion THEN l.direccion ELSE o.direccion END AS direccion,
        CASE WHEN $con_zona THEN l.zona ELSE o.zona END AS zona,
        CASE WHEN $con_observacion THEN l.observacion ELSE o.observacion END AS observacion,
        l.actividades,
        o.estado AS estado_anterior,
        o.estado_origen AS origen_anterior,
        a.actividades AS actividades_antes
    FROM lote l
    JOIN ordenes o USING (ot)
    LEFT JOIN actividades_antes a USING (ot)
)
SELECT
    f.*,
    f.estado_anterior <> f.estado OR f.origen_anterior <> f.estado_origen AS cambia_estado,
    f.actividades IS NOT DISTINCT FROM f.actividades_antes AND (
    (f.solicitud, f.actividad_codigo, f.actividad, f.estado, f.estado_origen, f.fecha_registro, f.fecha_atencion,
     f.fecha_anulacion, f.causal, f.causal_codigo, f.causal_clase, f.fecha_limite, f.unidad_operativa, f.unidad_codigo,
     f.tipo_trabajo_codigo, f.tipo_trabajo, f.tecnico, f.cliente, f.ci_nit, f.direccion, f.zona, f.observacion)
    IS NOT DISTINCT FROM (
     o.solicitud, o.actividad_codigo, o.actividad, o.estado, o.estado_origen, o.fecha_registro, o.fecha_atencion,
     o.fecha_anulacion, o.causal, o.causal_codigo, o.causal_clase, o.fecha_limite, o.unidad_operativa, o.unidad_codigo,
     o.tipo_trabajo_codigo, o.tipo_trabajo, o.tecnico, o.cliente, o.ci_nit, o.direccion, o.zona, o.observacion)) AS igual
FROM f
JOIN ordenes o USING (ot);

-- Lo que cuenta el resumen: OT nuevas (las del lote que no estaban), actualizadas y sin cambio.
-- Una OT con varias actividades ocupa varias filas del archivo y es una sola OT.
SELECT $unicas - (SELECT count(*) - count(DISTINCT ot) FROM actividades_ot) - count(*),
       count(*) FILTER (NOT igual), count(*) FILTER (igual)
FROM existentes;
