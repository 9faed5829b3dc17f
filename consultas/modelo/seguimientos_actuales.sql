-- El registro actual de cada tipo de una orden: de sus vigentes de ese tipo (puede haber varios: un registro nuevo
-- no corrige al anterior), el de id mayor, el último escrito. El id lo da la secuencia al guardar: nunca empata,
-- no depende del reloj, y una corrección siempre tiene un id mayor que la versión que corrige.
CREATE OR REPLACE VIEW seguimientos_actuales AS
SELECT * FROM seguimientos_vigentes
QUALIFY row_number() OVER (PARTITION BY ot, tipo ORDER BY id DESC) = 1;
