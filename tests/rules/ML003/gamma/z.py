import alpha.x  # gamma depends on the cycle but is not on it
