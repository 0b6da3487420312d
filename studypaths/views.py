"""studypaths: views (DESIGN §2). Nothing here yet."""
