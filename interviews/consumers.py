"""interviews: the live interview room consumers (DESIGN §2). Nothing here yet."""
