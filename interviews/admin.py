"""interviews: admin (DESIGN §2). Nothing here yet."""
