import util
import draft
