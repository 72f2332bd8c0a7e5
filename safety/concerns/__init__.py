"""Community concerns: intake, honest case tracking, answers and notifications."""
