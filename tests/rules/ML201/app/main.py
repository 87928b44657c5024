from logs import get_logger
from store import Store, open_store
