DEFAULT_TIMEOUT = 5.0


class Store:
    def get(self, key: str, default: str) -> str:
        return key or default


def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Store:
    return Store()
