import store
from store import Engine
from store.engine import Engine as Direct
from store import _cache

store.Engine()
store.engine.Engine()
from store import connect
import store.connect
store.connect()
