-- Fecha y hora de cada registro (importación, seguimiento, ausencia, cuenta, auditoría) en hora de Bolivia.
-- current_localtimestamp() usa la zona del servidor (la variable TZ del proceso): en un servidor en UTC
-- un seguimiento de las 21:00 de La Paz quedaba a la 01:00 del día siguiente. timezone() con la zona fija
-- no depende del servidor. Las filas ya guardadas no se tocan.
ALTER TABLE importaciones ALTER COLUMN fecha SET DEFAULT timezone('America/La_Paz', current_timestamp);
ALTER TABLE historial_estados ALTER COLUMN fecha SET DEFAULT timezone('America/La_Paz', current_timestamp);
ALTER TABLE seguimientos ALTER COLUMN creado_en SET DEFAULT timezone('America/La_Paz', current_timestamp);
ALTER TABLE usuarios ALTER COLUMN creado_en SET DEFAULT timezone('America/La_Paz', current_timestamp);
ALTER TABLE ausencias ALTER COLUMN creado_en SET DEFAULT timezone('America/La_Paz', current_timestamp);
ALTER TABLE auditoria ALTER COLUMN fecha SET DEFAULT timezone('America/La_Paz', current_timestamp);
