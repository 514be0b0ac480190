"""People and their keys: registration, login, invitations, roles, password resets, API tokens."""
