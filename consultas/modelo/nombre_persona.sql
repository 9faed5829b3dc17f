-- Cómo se nombra a quien hizo algo (issue 24: nombres, no usuarios): el nombre de su cuenta ($nombre, de la tabla
-- usuarios); si no es una cuenta, lo que es: la carga de demostración (demo/), la carpeta de entrada (la importa la
-- tarea programada, operacion/entrada.py), la línea de órdenes (cli/comun.py: «pepe (CLI)», con su usuario del
-- sistema operativo); si no, el usuario tal cual. Los usuarios en la tabla usuarios ganan: una cuenta «demo» se
-- nombra por su cuenta.
CREATE OR REPLACE MACRO nombre_persona(usuario, nombre) AS coalesce(nombre, CASE
    WHEN usuario = 'demo' THEN 'Datos de demostración'
    WHEN usuario = 'carpeta de entrada' THEN 'Carpeta de entrada (automática)'
    WHEN usuario = 'sistema' THEN 'Sistema (línea de comandos)'
    WHEN usuario LIKE '% (CLI)' THEN 'Línea de comandos (' || left(usuario, length(usuario) - 6) || ')'
END, usuario);
