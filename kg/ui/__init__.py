"""The faces of kg: the command line, the web app (kg serve), terminal rendering, progress,
pictures, entity profiles and store statistics."""
