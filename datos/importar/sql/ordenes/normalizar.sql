-- entrada (un VARCHAR por campo) → normalizado_t: tipado. Es la única pasada sobre el archivo.
-- Sólo proyecciones, sin filtros ni uniones: así la fila i de normalizado_t es el registro i del archivo
-- (DuckDB conserva el orden de inserción) y su número de línea se deduce de su posición (rowid).
-- Los textos originales de una fecha o de la OT se guardan sólo si no se pudieron leer o si la fecha leída es imposible
-- (antes de 2000 o después de mañana, $hoy; la límite, a más de cinco años): para listar el problema tal como se ve.
-- Cada fecha se lee con fecha_exportada (consultas/modelo/): el formato detectado para su columna ($formato_*) y, si
-- no calza, leer_fecha o los formatos de nanosegundos ($formatos_ns); un año de dos dígitos, con la regla RR de Oracle.
CREATE OR REPLACE TEMP TABLE normalizado_t AS
SELECT
    fila_origen,
    lugar,
    -- Vacía: ninguna celda con texto (de cualquier columna). `celdas`, el texto de la fila, sólo sin OT legible: para
    -- reconocer un pie por lo que dice. La importación cambia `celdas_txt` por la expresión sobre las celdas
    -- (_texto_fila): dentro del CASE no se arma el texto de las filas con OT.
    CASE WHEN ot IS NULL THEN celdas_txt IS NULL ELSE false END AS vacia,
    CASE WHEN ot IS NULL THEN celdas_txt END AS celdas,
    ot,
    CASE WHEN ot IS NULL THEN ot_txt END AS ot_txt,
    -- «123.0» (Excel) → «123»; la expresión regular sólo donde hay un punto: en un millón de filas se nota
    limpio(CASE WHEN contains(solicitud_txt, '.') THEN regexp_replace(solicitud_txt, '\.0+$', '') ELSE solicitud_txt END)
        AS solicitud,
    limpio(actividad_txt) AS actividad_txt,
    limpio(actividad_desc_txt) AS actividad_desc,
    limpio(tipo_trabajo_txt) AS tipo_trabajo_txt,
    limpio(estado_txt) AS estado_origen,
    fecha_registro,
    CASE WHEN fecha_registro IS NULL OR fecha_registro < TIMESTAMP '2000-01-01' OR CAST(fecha_registro AS DATE) > CAST($hoy AS DATE) + 1
        THEN limpio(fecha_registro_txt) END AS fecha_registro_txt,
    fecha_atencion,
    CASE WHEN fecha_atencion IS NULL OR fecha_atencion < TIMESTAMP '2000-01-01' OR CAST(fecha_atencion AS DATE) > CAST($hoy AS DATE) + 1
        THEN limpio(fecha_atencion_txt) END AS fecha_atencion_txt,
    fecha_anulacion,
    CASE WHEN fecha_anulacion IS NULL OR fecha_anulacion < TIMESTAMP '2000-01-01' OR CAST(fecha_anulacion AS DATE) > CAST($hoy AS DATE) + 1
        THEN limpio(fecha_anulacion_txt) END AS fecha_anulacion_txt,
    fecha_limite,
    CASE WHEN fecha_limite IS NULL OR fecha_limite < TIMESTAMP '2000-01-01' OR fecha_limite > CAST($hoy AS DATE) + INTERVAL 5 YEAR
        THEN limpio(fecha_limite_txt) END AS fecha_limite_txt,
    limpio(causal_txt) AS causal_txt,
    limpio(causal_desc_txt) AS causal_desc,
    limpio(causal_clase_txt) AS causal_clase_txt,
    limpio(unidad_operativa_txt) AS unidad_operativa_txt,
    limpio(unidad_desc_txt) AS unidad_desc,
    limpio(tecnico_txt) AS tecnico,
    limpio(cliente_txt) AS cliente,
    limpio(ci_nit_txt) AS ci_nit,
    limpio(direccion_txt) AS direccion,
    limpio(zona_txt) AS zona,
    limpio(observacion_txt) AS observacion,
    difiere_txt
FROM (
    SELECT *,
        -- Sólo dígitos (con espacios o «.0» alrededor). La expresión regular es lo caro: antes se prueba si el texto
        -- ya es el número tal cual, y sólo lo demás (p. ej. «0123», «5001.0») pasa por ella. Sin nullif() alrededor:
        -- repetiría la expresión y DuckDB la calcularía aparte, para todas las filas (TRY_CAST('') ya es NULL).
        coalesce(CASE WHEN TRY_CAST(ot_txt AS UBIGINT)::VARCHAR = ot_txt THEN TRY_CAST(ot_txt AS BIGINT) END,
                 TRY_CAST(regexp_extract(ot_txt, '^\s*(\d+)(?:\.0+)?\s*$', 1) AS BIGINT)) AS ot,
        fecha_exportada(fecha_registro_txt, $formato_registro, $formatos, $formatos_ns) AS fecha_registro,
        fecha_exportada(fecha_atencion_txt, $formato_atencion, $formatos, $formatos_ns) AS fecha_atencion,
        fecha_exportada(fecha_anulacion_txt, $formato_anulacion, $formatos, $formatos_ns) AS fecha_anulacion,
        fecha_exportada(fecha_limite_txt, $formato_limite, $formatos, $formatos_ns) AS fecha_limite
    FROM entrada
);
