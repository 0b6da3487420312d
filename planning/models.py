"""planning: models (DESIGN §2). Nothing here yet."""
