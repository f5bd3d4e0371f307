"""Word lists, patterns and thresholds, kept apart from the code that applies them."""
