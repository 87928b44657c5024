import core
import service.api
import logs
