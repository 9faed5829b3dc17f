-- Correo y respaldos (issue 16). Los datos del servidor SMTP y su clave nunca van a la base: están en
-- .streamlit/secrets.toml o en variables de entorno (datos/correo.py).

-- Quién recibe cada tipo de correo: el administrador elige roles; reciben los usuarios activos de esos roles que
-- tienen correo. Al empezar, como dice el procedimiento: el informe mensual a la Jefa de División; las alertas a
-- quienes hacen el seguimiento y a la jefatura.
CREATE TABLE destinatarios (
    tipo  VARCHAR NOT NULL CHECK (tipo IN ('alerta', 'informe_mensual')),
    rol   VARCHAR NOT NULL CHECK (rol IN ('atencion', 'retencion', 'jefatura', 'administrador', 'facturacion')),
    PRIMARY KEY (tipo, rol)
);
INSERT INTO destinatarios VALUES
    ('alerta', 'atencion'), ('alerta', 'retencion'), ('alerta', 'jefatura'),
    ('informe_mensual', 'jefatura');

-- Un envío por (tipo, periodo): el periodo es la clave de lo enviado (el mes del informe, el día y el motivo de una
-- alerta), así nada sale dos veces. «enviando» reserva el envío mientras se habla con el servidor (otro proceso no
-- lo repite); uno fallido se reintenta en la corrida siguiente y su error queda a la vista en Administración.
CREATE SEQUENCE seq_envios START 1;
CREATE TABLE envios (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_envios'),
    tipo            VARCHAR NOT NULL CHECK (tipo IN ('alerta', 'informe_mensual')),
    periodo         VARCHAR NOT NULL,
    asunto          VARCHAR NOT NULL,
    destinatarios   VARCHAR,               -- las direcciones del último intento, separadas por coma
    estado          VARCHAR NOT NULL CHECK (estado IN ('enviando', 'enviado', 'fallido')),
    intentos        INTEGER NOT NULL DEFAULT 0,
    error           VARCHAR,               -- en español, para el administrador (nunca la clave)
    primer_intento  TIMESTAMP NOT NULL,
    ultimo_intento  TIMESTAMP NOT NULL,
    enviado_en      TIMESTAMP,
    UNIQUE (tipo, periodo)
);

-- Cuántos respaldos diarios se conservan (datos/respaldo.py borra los más viejos).
INSERT INTO ajustes VALUES ('respaldos_a_conservar', '14') ON CONFLICT DO NOTHING;
