"""factory-boy factories for interviews."""
