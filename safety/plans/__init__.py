"""Action plans: drafting, public comment, adoption, progress and activity reports."""
