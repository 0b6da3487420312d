"""factory-boy factories for analytics."""
