"""The routes, one module per part of the site; each parses, calls one use case, renders."""
