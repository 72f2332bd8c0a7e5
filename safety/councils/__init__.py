"""Municipalities, their Community Safety Councils and the councils' members."""
