"""factory-boy factories for resumes."""
