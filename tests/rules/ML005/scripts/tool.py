import attr  # outside every module: not checked
