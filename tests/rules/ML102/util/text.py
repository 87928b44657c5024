def clean(text: str) -> str:
    return text.strip()


def shout(text: str) -> str:
    return text.upper()
