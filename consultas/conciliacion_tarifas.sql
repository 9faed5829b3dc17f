-- Las tarifas de la CxC de un trámite, desde cuándo rige cada una (la más reciente primero).
-- Lee: tarifas.
SELECT desde, importe FROM tarifas ORDER BY desde DESC
