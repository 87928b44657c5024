import logs  # no depends-on: anything goes
