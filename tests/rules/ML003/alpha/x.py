import beta.y
