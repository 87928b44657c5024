import os


def open_store(url: str) -> None:
    pass
