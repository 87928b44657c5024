from service import api


def render():
    return api
