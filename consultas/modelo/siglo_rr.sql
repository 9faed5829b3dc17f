-- Año de dos dígitos con la regla RR de Oracle (00–49 → 20xx, 50–99 → 19xx), sólo si el texto no traía el año con
-- cuatro dígitos (un «0026» escrito así se queda en 0026 y se rechaza). Dos casos: %Y también lee «26» (año 26), y
-- %y sigue la regla de POSIX (hasta 68 → 20xx).
CREATE OR REPLACE MACRO siglo_rr(ts, txt) AS CASE
    WHEN year(ts) < 100 AND NOT regexp_matches(txt, '(^|[^0-9])[0-9]{4}([^0-9]|$)')
        THEN ts + to_years(CASE WHEN year(ts) < 50 THEN 2000 ELSE 1900 END)
    WHEN year(ts) BETWEEN 2050 AND 2068 AND NOT regexp_matches(txt, '(^|[^0-9])[0-9]{4}([^0-9]|$)')
        THEN ts - INTERVAL 100 YEAR
    ELSE ts
END;
