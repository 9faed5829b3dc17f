-- entrada (fila + un VARCHAR por campo) → normalizado: tipado, con el estado del procedimiento.
-- Las filas de pie (totales) al final y las filas totalmente vacías se descartan.
CREATE OR REPLACE TEMP TABLE normalizado AS
WITH e AS (
    SELECT *,
        nullif(trim(ot_txt), '') AS ot_limpio,
        regexp_extract(actividad_txt, '^\s*(\d+)(?:\.0+)?\s*(?:[-–—]\s*(.*))?$', ['codigo', 'desc']) AS act
    FROM entrada
    WHERE coalesce(ot_txt, actividad_txt, estado_txt, fecha_registro_txt) IS NOT NULL
), con_pie AS (
    SELECT *,
        -- Pie: filas sin número de orden después de la última orden con número.
        fila > max(CASE WHEN regexp_full_match(ot_limpio, '\d+(\.0+)?') THEN fila END) OVER () AS es_pie
    FROM e
)
SELECT
    fila,
    ot_txt, actividad_txt, estado_txt, fecha_registro_txt, fecha_atencion_txt, fecha_anulacion_txt, fecha_limite_txt,
    TRY_CAST(regexp_extract(ot_limpio, '^(\d+)(?:\.0+)?$', 1) AS BIGINT) AS ot,
    nullif(regexp_replace(trim(solicitud_txt), '\.0+$', ''), '') AS solicitud,
    TRY_CAST(nullif(act.codigo, '') AS INTEGER) AS actividad_codigo,
    coalesce(nullif(trim(actividad_desc_txt), ''), nullif(trim(act.desc), '')) AS actividad,
    nullif(trim(estado_txt), '') AS estado_origen,
    m.estado,
    leer_fecha(fecha_registro_txt) AS fecha_registro,
    leer_fecha(fecha_atencion_txt) AS fecha_atencion,
    leer_fecha(fecha_anulacion_txt) AS fecha_anulacion,
    nullif(trim(regexp_replace(causal_txt, '^\s*\d+\s*-\s*', '')), '') AS causal,
    leer_fecha(fecha_limite_txt) AS fecha_limite,
    nullif(trim(regexp_replace(unidad_operativa_txt, '^\s*\d+\s*-\s*', '')), '') AS unidad_operativa,
    nullif(trim(tecnico_txt), '') AS tecnico,
    nullif(trim(cliente_txt), '') AS cliente,
    nullif(trim(ci_nit_txt), '') AS ci_nit,
    nullif(trim(direccion_txt), '') AS direccion,
    nullif(trim(zona_txt), '') AS zona,
    nullif(trim(observacion_txt), '') AS observacion
FROM con_pie
LEFT JOIN mapeo_estados m ON m.valor = normalizar_valor(estado_txt)
WHERE NOT coalesce(es_pie, false);
