import core.store
