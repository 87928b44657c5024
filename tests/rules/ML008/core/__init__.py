from core import config
