-- Meses abreviados en español (Oracle con NLS español: «01-ENE-26») → en inglés, los que strptime conoce.
-- Sólo los que difieren; JUL, MAR, NOV… ya se leen.
CREATE OR REPLACE MACRO mes_en_ingles(x) AS
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(x,
        '([-/ ])ene([-/ .])', '\1jan\2', 'i'), '([-/ ])abr([-/ .])', '\1apr\2', 'i'),
        '([-/ ])ago([-/ .])', '\1aug\2', 'i'), '([-/ ])dic([-/ .])', '\1dec\2', 'i'), '([-/ ])set([-/ .])', '\1sep\2', 'i');
