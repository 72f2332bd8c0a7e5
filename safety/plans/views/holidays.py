"""Placeholder until its module lands."""

from safety.plans.blueprint import bp  # noqa: F401
