"""studypaths: errors (DESIGN §2). Nothing here yet."""
