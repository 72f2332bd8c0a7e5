"""User accounts, roles, sign-in and the failed-login record."""
