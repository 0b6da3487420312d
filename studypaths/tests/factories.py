"""factory-boy factories for studypaths."""
