"""CSO self-registration, the organisation list and verification."""
