def render(): pass
