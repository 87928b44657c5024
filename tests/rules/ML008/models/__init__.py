import requests.adapters
from core.debug import HOOK
from core import config
import requestsx
