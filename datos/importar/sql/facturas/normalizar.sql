-- Facturas (segunda familia): entrada (un VARCHAR por campo de columnas.CAMPOS_FACTURAS) → normalizado_t, tipado.
-- Como normalizar.sql: sólo proyecciones, así la fila i de normalizado_t es el registro i del archivo. El texto
-- original de un valor se guarda sólo si no se pudo leer (o si la fecha leída es imposible), para listar el problema.
-- La solicitud sale de «Nro. Solicitud» («3812159» o «PP-3812159») o de CARGDOSO = 'PP-' || PACKAGE_ID.
CREATE OR REPLACE TEMP TABLE normalizado_t AS
SELECT
    fila_origen,
    lugar,
    -- Vacía y `celdas` como en órdenes: el texto de la fila sólo si no es un dato seguro (factura y fecha).
    CASE WHEN factura IS NULL OR fecha_emision IS NULL THEN celdas_txt IS NULL ELSE false END AS vacia,
    CASE WHEN factura IS NULL OR fecha_emision IS NULL THEN celdas_txt END AS celdas,
    factura,
    fecha_emision,
    CASE WHEN fecha_emision IS NULL OR fecha_emision < TIMESTAMP '2000-01-01'
              OR CAST(fecha_emision AS DATE) > CAST($hoy AS DATE) + 1
        THEN limpio(fecha_emision_txt) END AS fecha_emision_txt,
    limpio(CASE WHEN contains(cuenta_cobro_txt, '.') THEN regexp_replace(cuenta_cobro_txt, '\.0+$', '')
                ELSE cuenta_cobro_txt END) AS cuenta_cobro,
    solicitud_leida,
    CASE WHEN solicitud_leida IS NULL THEN limpio(solicitud_txt) END AS solicitud_txt,
    limpio(documento_txt) AS documento,
    nullif(regexp_extract(documento_txt, '(?i)^\s*PP\s*-\s*(\d+)\s*$', 1), '') AS solicitud_documento,
    limpio(concepto_txt) AS concepto_txt,
    importe_leido,
    CASE WHEN importe_leido IS NULL THEN limpio(importe_txt) END AS importe_txt,
    limpio(signo_txt) AS signo_txt,
    limpio(ci_nit_txt) AS ci_nit,
    limpio(cliente_txt) AS cliente,
    limpio(estado_txt) AS estado_origen,
    difiere_txt
FROM (
    SELECT *,
        -- «40101.0» (Excel) → «40101»
        limpio(CASE WHEN contains(factura_txt, '.') THEN regexp_replace(factura_txt, '\.0+$', '') ELSE factura_txt END)
            AS factura,
        fecha_exportada(fecha_emision_txt, $formato_emision, $formatos, $formatos_ns) AS fecha_emision,
        nullif(regexp_extract(solicitud_txt, '(?i)^\s*(?:PP\s*-\s*)?(\d+)(?:\.0+)?\s*$', 1), '') AS solicitud_leida,
        importe_de(importe_txt) AS importe_leido
    FROM entrada
);
