"""Partner customs administrations the platform exchanges messages with (issue 18, item 5)."""
