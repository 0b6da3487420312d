"""factory-boy factories for planning."""
