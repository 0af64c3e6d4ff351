"""The command line: option parsing, terminal rendering, progress, pictures, entity profiles and
store statistics."""
