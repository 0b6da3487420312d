"""planning: services (DESIGN §2). Nothing here yet."""
