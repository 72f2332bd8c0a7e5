"""Compliance with the Administrative Instruction: pure rules, the facts they read, explanations."""
