def get_logger(component: str) -> str:
    return component
