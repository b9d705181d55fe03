"""The bundled demo: a fictional province (tỉnh Sông Lam) — its configuration, inventory, answers
files with evidence, an nmap sample, and the scenario that ``secassess demo`` runs (flow.py)."""
