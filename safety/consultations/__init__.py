"""Meetings, public consultations and community activities: the councils' recorded work."""
