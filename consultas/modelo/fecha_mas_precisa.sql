-- La fecha que queda de una orden o factura que vuelve a llegar: la del archivo, salvo que su columna venga sin hora
-- (`sin_hora`: el spool de SQL*Plus con DD/MM/RR, TOAD con DD-MON-RR) y caiga el mismo día que la que ya estaba.
-- Ese 00:00 sólo dice el día: la hora conocida se conserva (la edad y el tiempo de atención no se corren horas). Un
-- día distinto, una fecha que antes no estaba o una fila con hora (una columna mezclada, leída con otro formato) se
-- toma del archivo.
CREATE OR REPLACE MACRO fecha_mas_precisa(nueva, anterior, sin_hora) AS
    CASE WHEN sin_hora AND nueva = CAST(CAST(nueva AS DATE) AS TIMESTAMP) AND CAST(nueva AS DATE) = CAST(anterior AS DATE)
         THEN anterior ELSE nueva END;
