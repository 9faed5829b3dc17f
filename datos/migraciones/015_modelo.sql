-- El modelo (vistas y macros de consultas/modelo/, issue 20) sale de las migraciones: se aplica al abrir la base,
-- después de ellas, cuando cambió su texto. Esta tabla guarda el hash del texto con que se creó cada objeto: abrir
-- una base al día compara y no rehace nada. Una migración que se aplica borra estas filas (sus tablas pueden haber
-- cambiado debajo del modelo) y el modelo entero se vuelve a crear.
CREATE TABLE modelo (
    nombre       VARCHAR PRIMARY KEY,      -- el objeto, que es también el nombre de su archivo
    tipo         VARCHAR NOT NULL CHECK (tipo IN ('VIEW', 'MACRO', 'MACRO TABLE')),
    hash         VARCHAR NOT NULL,         -- sha256 del texto del archivo
    aplicado_en  TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp)
);
