def get_logger(component: str, level: int = 0) -> str:
    return component
