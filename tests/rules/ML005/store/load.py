import json
import yaml
import requests
