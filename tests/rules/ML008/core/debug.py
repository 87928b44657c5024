HOOK = None
