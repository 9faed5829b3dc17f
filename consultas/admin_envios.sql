-- Los últimos envíos de correo, con su estado, intentos y error (Administración → Correo y respaldos).
-- Lee: tabla envios.
SELECT tipo, periodo, asunto, estado, intentos, destinatarios, error, ultimo_intento, enviado_en
FROM envios
ORDER BY ultimo_intento DESC, id DESC
LIMIT 50
