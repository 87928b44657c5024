"""Plain data shared by every pipeline stage: configuration, facts, diagnostics, rules."""
