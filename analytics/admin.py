"""analytics: admin (DESIGN §2). Nothing here yet."""
