from core import b
from . import b as same
import core.missing
from .. import above
import os
