from models import order
