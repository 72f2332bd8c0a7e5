"""Real-browser journeys: Playwright drives Debian's Chromium against a live server."""
