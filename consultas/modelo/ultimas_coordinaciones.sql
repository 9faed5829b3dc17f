-- La última coordinación de cada orden: otra pregunta que la actual, porque una coordinación escrita hoy puede
-- contar un contacto anterior. La vigente con la fecha_coordinacion más reciente; a igual fecha, la de id mayor.
CREATE OR REPLACE VIEW ultimas_coordinaciones AS
SELECT * FROM seguimientos_vigentes
WHERE tipo = 'coordinacion'
QUALIFY row_number() OVER (PARTITION BY ot ORDER BY fecha_coordinacion DESC, id DESC) = 1;
