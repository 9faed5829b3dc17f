-- Una fecha de una exportación, como la lee la importación: con el formato detectado para su columna (`formato`) y,
-- si no calza, con leer_fecha (que también traduce los meses en español) o con los formatos de nanosegundos
-- (`formatos_ns`, que devuelven TIMESTAMP_NS: se pasan a TIMESTAMP); un año de dos dígitos sigue la regla RR de Oracle
-- (siglo_rr). La usan las órdenes (cuatro fechas) y las facturas (la de emisión).
CREATE OR REPLACE MACRO fecha_exportada(txt, formato, formatos, formatos_ns) AS
    siglo_rr(coalesce(CAST(try_strptime(txt, formato) AS TIMESTAMP),
                      leer_fecha(txt, formatos),
                      CAST(try_strptime(trim(txt), formatos_ns) AS TIMESTAMP)), txt);
