config = {}
