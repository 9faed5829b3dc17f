-- entrada (fila + un VARCHAR por campo) → normalizado: tipado, con el estado del procedimiento.
-- Las filas totalmente vacías y las de pie (totales, después de la última OT numérica) se descartan.
-- Actividad, estado, causal y unidad tienen pocos valores distintos: se interpretan una vez por valor.
-- Cada fecha se lee con el formato detectado para su columna ($formato_*) y, si no calza, con leer_fecha.
CREATE OR REPLACE TEMP TABLE normalizado AS
WITH ultima AS (
    SELECT coalesce(max(fila) FILTER (WHERE TRY_CAST(ot_txt AS DOUBLE) IS NOT NULL), max(fila)) AS fila FROM entrada
), actividades AS (
    SELECT actividad_txt,
           regexp_extract(actividad_txt, '^\s*(\d+)(?:\.0+)?\s*(?:[-–—]\s*(.*))?$', ['codigo', 'desc']) AS act
    FROM (SELECT DISTINCT actividad_txt FROM entrada)
), estados AS (
    SELECT t.estado_txt, m.estado
    FROM (SELECT DISTINCT estado_txt FROM entrada) t
    LEFT JOIN mapeo_estados m ON m.valor = normalizar_valor(t.estado_txt)
), causales AS (
    SELECT causal_txt, nullif(trim(regexp_replace(causal_txt, '^\s*\d+\s*-\s*', '')), '') AS causal
    FROM (SELECT DISTINCT causal_txt FROM entrada)
), unidades AS (
    SELECT unidad_operativa_txt,
           nullif(trim(regexp_replace(unidad_operativa_txt, '^\s*\d+\s*-\s*', '')), '') AS unidad_operativa
    FROM (SELECT DISTINCT unidad_operativa_txt FROM entrada)
)
SELECT
    e.fila,
    ot_txt, actividad_txt, estado_txt, fecha_registro_txt, fecha_atencion_txt, fecha_anulacion_txt, fecha_limite_txt,
    TRY_CAST(nullif(regexp_extract(ot_txt, '^\s*(\d+)(?:\.0+)?\s*$', 1), '') AS BIGINT) AS ot,
    nullif(regexp_replace(trim(solicitud_txt), '\.0+$', ''), '') AS solicitud,
    TRY_CAST(nullif(a.act.codigo, '') AS INTEGER) AS actividad_codigo,
    coalesce(nullif(trim(actividad_desc_txt), ''), nullif(trim(a.act.desc), '')) AS actividad,
    nullif(trim(estado_txt), '') AS estado_origen,
    s.estado,
    coalesce(try_strptime(fecha_registro_txt, $formato_registro), leer_fecha(fecha_registro_txt, $formatos)) AS fecha_registro,
    coalesce(try_strptime(fecha_atencion_txt, $formato_atencion), leer_fecha(fecha_atencion_txt, $formatos)) AS fecha_atencion,
    coalesce(try_strptime(fecha_anulacion_txt, $formato_anulacion), leer_fecha(fecha_anulacion_txt, $formatos)) AS fecha_anulacion,
    c.causal,
    coalesce(try_strptime(fecha_limite_txt, $formato_limite), leer_fecha(fecha_limite_txt, $formatos)) AS fecha_limite,
    u.unidad_operativa,
    nullif(trim(tecnico_txt), '') AS tecnico,
    nullif(trim(cliente_txt), '') AS cliente,
    nullif(trim(ci_nit_txt), '') AS ci_nit,
    nullif(trim(direccion_txt), '') AS direccion,
    nullif(trim(zona_txt), '') AS zona,
    nullif(trim(observacion_txt), '') AS observacion
FROM entrada e
LEFT JOIN actividades a USING (actividad_txt)
LEFT JOIN estados s USING (estado_txt)
LEFT JOIN causales c USING (causal_txt)
LEFT JOIN unidades u USING (unidad_operativa_txt)
WHERE coalesce(ot_txt, actividad_txt, estado_txt, fecha_registro_txt) IS NOT NULL
  AND e.fila <= (SELECT fila FROM ultima);
