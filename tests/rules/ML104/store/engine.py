DEFAULT_TIMEOUT = 5.0


class Store:
    def get(self, key: str) -> str:
        return key


def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT, retries: int = 0) -> Store:
    return Store()


def close_store(store: Store) -> None:
    return None
