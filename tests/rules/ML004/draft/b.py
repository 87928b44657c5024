import base  # development may use stable
