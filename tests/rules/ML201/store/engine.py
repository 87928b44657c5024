DEFAULT_TIMEOUT = 5.0


class Store:
    def get(self, key: str) -> str:
        return key


def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Store:
    return Store()
