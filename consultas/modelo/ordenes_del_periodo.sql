-- Las de poste registradas en el periodo (en_periodo de la fecha de registro).
CREATE OR REPLACE MACRO ordenes_del_periodo(desde, hasta) AS TABLE
SELECT * FROM ordenes_poste
WHERE en_periodo(fecha_registro, desde, hasta);
