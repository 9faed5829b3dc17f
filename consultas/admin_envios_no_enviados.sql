-- Los correos que quedaron «no enviados» (ya no correspondía reintentarlos), con su motivo y si una alerta posterior
-- los mencionó. El más nuevo primero.
-- Lee: tabla envios (migración 018).
SELECT tipo, periodo, asunto, error, intentos, ultimo_intento, mencionado_en
FROM envios
WHERE estado = 'no_enviada'
ORDER BY periodo DESC
LIMIT 20
