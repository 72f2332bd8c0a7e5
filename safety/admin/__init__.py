"""Administrator pages for accounts: create, invite, change role, deactivate, reset."""
