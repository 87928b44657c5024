import app  # noqa: ML001
from core import helpers  # noqa: ML001
import os  # noqa: ML999
import sys  # noqa: ML002, E501
import json  # noqa: E501
import re  # noqa
