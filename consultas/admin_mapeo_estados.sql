-- Equivalencias «valor de Smartflex (normalizado) → estado del procedimiento».
-- Lee: tabla mapeo_estados.
SELECT valor, estado
FROM mapeo_estados
ORDER BY CASE estado WHEN 'REGISTRADO' THEN 1 WHEN 'ATENDIDO' THEN 2 ELSE 3 END, valor
