"""Foundation code: it may use its own module, never a higher tier."""
from core import helpers
import service.api
from app.views import render
