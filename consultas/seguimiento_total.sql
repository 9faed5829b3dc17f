-- Cuántos registros de seguimiento hay (para paginar seguimiento_recientes).
-- Lee: tabla seguimientos (todas las versiones, como seguimiento_recientes).
SELECT count(*) AS registros FROM seguimientos
