-- El hash de cada importación pasa de SHA-512 a BLAKE3 (también criptográfico, ~10× más rápido sin instrucciones SHA):
-- las nuevas se guardan como «blake3:<hex>»; las anteriores conservan su SHA-512 en hex, sin prefijo, y la
-- importación lo sigue calculando mientras la base tenga alguna, para reconocer esos archivos.
COMMENT ON COLUMN importaciones.hash IS 'blake3:<hex> del contenido; antes de la migración 006, SHA-512 en hex';
