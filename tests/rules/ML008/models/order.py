from core.config import config
from api import views
