-- Registros de seguimiento (medidas correctivas, coordinaciones, verificaciones) con autor y hora.
-- Lee: tabla seguimientos (todas las versiones: es la auditoría), en_periodo.
SELECT creado_en AS fecha, autor AS usuario, rol, suplente, ot, tipo, texto,
       fecha_contacto, contacto, fecha_acordada, resultado, corrige_a, id
FROM seguimientos
WHERE ($persona = '' OR strpos(lower(autor), lower($persona)) > 0)
  AND en_periodo(creado_en, $desde, $hasta)
ORDER BY creado_en DESC, id DESC
