-- Normaliza un valor de texto para compararlo: sin espacios sobrantes, minúsculas, sin tildes,
-- y «8-LEGALIZADA» igual que «8 - legalizada».
CREATE OR REPLACE MACRO normalizar_valor(x) AS
    regexp_replace(lower(strip_accents(trim(regexp_replace(x, '\s+', ' ', 'g')))), '\s*-\s*', ' - ', 'g');
