import os

def open_store(:
    pass
