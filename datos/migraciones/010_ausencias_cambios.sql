-- Una ausencia registrada puede terminar antes o anularse (se registró por error): como el seguimiento, nada se
-- borra ni se reescribe; cada cambio es una fila con su autor y su hora, y la vista dice cómo quedó cada ausencia.
CREATE SEQUENCE seq_ausencias_cambios START 1;
CREATE TABLE ausencias_cambios (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_ausencias_cambios'),
    ausencia_id     INTEGER NOT NULL,
    tipo            VARCHAR NOT NULL CHECK (tipo IN ('terminada', 'anulada')),
    hasta           DATE,                  -- terminada: el nuevo último día
    motivo          VARCHAR,
    registrado_por  VARCHAR NOT NULL,
    creado_en       TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp),
    CHECK (tipo <> 'terminada' OR hasta IS NOT NULL)
);
-- La vista de cómo quedó cada ausencia (ausencias_efectivas) vive en consultas/modelo/.
