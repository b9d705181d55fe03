"""The use cases (nghiệp vụ): one function per thing a user does, shared by the edges — the command
line (``secassess.cli``) and the web server — which only parse, call one use case, and present.

A use case

- takes the workspace, an :class:`~secassess.app.actor.Actor` (who, with which role and unit) and
  plain typed inputs;
- checks authorisation (:mod:`secassess.app.actor`): another unit's record is "not found" for a unit
  officer, a change by a viewer is refused;
- owns its transaction (``Workspace.write()``: all or nothing), orchestrating the domain packages
  below it (assessment, scan, remediation, …) — which never call each other upwards;
- returns a typed result (frozen dataclasses) with the counts and records an edge needs; what the
  user is told is the edge's business, in the user's language.

Layering (a test checks the package imports have no cycle): ``cli`` / web → ``app`` → ``reporting``,
``oscal`` → ``remediation``, ``scan``, ``incident`` → ``assessment`` → ``inventory``, ``evidence``,
``catalog``, ``scoring`` → ``store``, and the ground floor (``vocabulary``, ``errors``, ``i18n``,
``text``, ``clock``, ``config``, ``dburl``, ``fsutil``, ``yamlio``).
"""
