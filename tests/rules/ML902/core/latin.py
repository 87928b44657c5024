import os
name = 'café'
