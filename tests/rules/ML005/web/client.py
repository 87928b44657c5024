import requests
import attr
