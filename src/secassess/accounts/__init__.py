"""Accounts of the web server (tài khoản): users with a role and, for a unit officer, a unit; their
passwords (argon2id, :mod:`.passwords`); their sessions and login attempts (:mod:`.service`).

Who may do what with an account is the use cases' business (``secassess.app.accounts``)."""
