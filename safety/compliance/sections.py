"""The four sections a council's findings are shown in, and the rules in each."""

from __future__ import annotations

MEMBERSHIP = ("R01", "R02", "R03", "R04", "R05")
MEETINGS = ("R06", "R07", "R08", "R09", "R10", "R11", "R18")
CONCERNS = ("R16",)
PLANS = ("R12", "R13", "R14", "R15", "R17")

SECTIONS = (
    ("membership", MEMBERSHIP),
    ("meetings", MEETINGS),
    ("concerns", CONCERNS),
    ("plans", PLANS),
)
"""In the order a reader meets them: who sits on the council, what it does, what it answers,
what it plans and reports. Together they hold R01-R18 once each."""
