"""Placeholder until its module lands."""

from safety.concerns.blueprint import bp  # noqa: F401
