from core import helpers
