"""analytics: tasks (DESIGN §2). Nothing here yet."""
