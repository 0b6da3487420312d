"""studypaths: selectors (DESIGN §2). Nothing here yet."""
