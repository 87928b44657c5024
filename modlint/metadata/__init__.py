"""Third-party dependencies: what the project declares, and which distribution provides an
import name."""
