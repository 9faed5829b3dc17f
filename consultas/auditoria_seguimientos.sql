-- Registros de seguimiento (medidas correctivas, coordinaciones, verificaciones) con autor y hora.
SELECT creado_en AS fecha, autor AS usuario, rol, suplente, ot, tipo, texto,
       fecha_contacto, contacto, fecha_acordada, resultado, corrige_a, id
FROM seguimientos
WHERE ($persona = '' OR strpos(lower(autor), lower($persona)) > 0)
  AND creado_en >= CAST($desde AS DATE)
  AND creado_en < CAST($hasta AS DATE) + INTERVAL 1 DAY
ORDER BY creado_en DESC, id DESC
