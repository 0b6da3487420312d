"""analytics: selectors (DESIGN §2). Nothing here yet."""
