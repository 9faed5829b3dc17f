-- El código de un valor codificado («8 - CERRADA», «8 : Cerrada», «8-Cerrada», «8», «8.0» de Excel), o NULL.
CREATE OR REPLACE MACRO codigo_de(x) AS
    TRY_CAST(regexp_extract(x, '^\s*(-?\d+)(?:\.0+)?\s*(?:[-–—:]|$)', 1) AS BIGINT);
