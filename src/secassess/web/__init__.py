"""The web server (máy chủ web): ``secassess serve``. FastAPI and uvicorn, pages rendered on the server
with Jinja2, htmx (vendored in ``static/``, no build step, no CDN) for the questionnaire's partial
updates. An edge like the command line: a route parses the request, calls one use case of
:mod:`secassess.app` with the logged-in user as the actor, and renders the result in the user's language.

- :mod:`.settings`   what ``serve`` is told (workspace, trusted proxies, login policy)
- :mod:`.security`   client address and scheme behind a proxy, headers, cookies, CSRF, body limits
- :mod:`.context`    the request's context: session, user, language, CSRF token
- :mod:`.render`     Jinja2 environment and responses
- :mod:`.app`        the application: middleware, error pages, routes (``routes/``)
- :mod:`.server`     running it with uvicorn (one process or several workers)
"""
