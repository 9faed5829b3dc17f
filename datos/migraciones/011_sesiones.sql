-- Sesiones del navegador: el ingreso sobrevive a F5 y a una pestaña nueva mientras no venza ni se revoque.
-- El navegador guarda un token aleatorio en una cookie; aquí sólo su SHA-256 (quien lea la base no puede usarlo).
-- Como el resto del proyecto, nada se borra: una sesión revocada conserva su fila, con cuándo y por qué.
CREATE SEQUENCE seq_sesiones START 1;
CREATE TABLE sesiones (
    id           INTEGER PRIMARY KEY DEFAULT nextval('seq_sesiones'),
    token_hash   VARCHAR NOT NULL UNIQUE,      -- sha256 hexadecimal del token de la cookie
    usuario      VARCHAR NOT NULL,
    creada_en    TIMESTAMP NOT NULL,           -- hora de Bolivia, como el resto de los registros
    expira_en    TIMESTAMP NOT NULL,
    revocada_en  TIMESTAMP,
    motivo       VARCHAR CHECK (motivo IN ('salida', 'clave_cambiada', 'cuenta_desactivada')),
    revocada_por VARCHAR,
    CHECK (expira_en > creada_en),
    CHECK ((revocada_en IS NULL) = (motivo IS NULL))
);
