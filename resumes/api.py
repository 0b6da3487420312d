"""resumes: api (DESIGN §2). Nothing here yet."""
