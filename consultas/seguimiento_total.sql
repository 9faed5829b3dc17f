-- Cuántos registros de seguimiento hay (para paginar seguimiento_recientes).
SELECT count(*) AS registros FROM seguimientos
