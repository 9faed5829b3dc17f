-- Registros de seguimiento (medidas correctivas, coordinaciones, verificaciones) con autor y hora.
-- La persona, por parte de su usuario o de su nombre.
-- Lee: tabla usuarios, tabla seguimientos (todas las versiones: es la auditoría), en_periodo.
SELECT creado_en AS fecha, autor AS usuario, rol, suplente, ot, tipo, texto,
       fecha_contacto, contacto, fecha_acordada, resultado, corrige_a, id
FROM seguimientos
WHERE ($persona = '' OR strpos(lower(autor), lower($persona)) > 0
       OR autor IN (SELECT usuario FROM usuarios WHERE strpos(lower(nombre), lower($persona)) > 0))
  AND en_periodo(creado_en, $desde, $hasta)
ORDER BY creado_en DESC, id DESC
