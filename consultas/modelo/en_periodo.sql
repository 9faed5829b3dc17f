-- Si el momento `fecha` cae del día `desde` al día `hasta`, los dos enteros; NULL = sin ese extremo.
CREATE OR REPLACE MACRO en_periodo(fecha, desde, hasta) AS
    (desde IS NULL OR fecha >= CAST(desde AS DATE)) AND (hasta IS NULL OR fecha < CAST(hasta AS DATE) + INTERVAL 1 DAY);
