"""Placeholder until its module lands."""

from safety.consultations.blueprint import bp  # noqa: F401
